using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.IO.Structures.Cif;
using GpuBv.Symmetry;

namespace GpuBv.IO.Structures;

/// <summary>Options for reading a CIF.</summary>
/// <param name="Block">Data block to read (name after <c>data_</c>); null = the first block with atom sites.</param>
/// <param name="MergeTolerance">Positions closer than this (Å) are one site.</param>
public sealed record CifReadOptions(string? Block = null, double MergeTolerance = SymmetryExpansion.DefaultTolerance);

/// <summary>
/// Builds a <see cref="Structure"/> from a CIF (1.1 or 2.0): cell, symmetry (operator loop, else the Hermann–Mauguin or
/// Hall symbol through the shipped space-group table, with the cell's metric deciding hexagonal vs rhombohedral
/// axes and atom clashes deciding the origin choice), atom sites with occupancies, and oxidation states from
/// <c>_atom_type_oxidation_number</c> or charged type symbols (all zero = unknown).
/// </summary>
public static class CifReader
{
    private static readonly string[] OpTags =
    [
        "_space_group_symop_operation_xyz", "_symmetry_equiv_pos_as_xyz", "_space_group_symop.operation_xyz",
        "_symmetry_equiv.pos_as_xyz",
    ];
    private static readonly string[] HmTags =
    [
        "_space_group_name_H-M_alt", "_symmetry_space_group_name_H-M", "_space_group.name_H-M_alt",
        "_space_group_name_H-M", "_symmetry.space_group_name_H-M",
    ];
    private static readonly string[] HallTags =
    [
        "_space_group_name_Hall", "_symmetry_space_group_name_Hall", "_space_group.name_Hall", "_symmetry.space_group_name_Hall",
    ];
    private static readonly string[] FormulaTags = ["_chemical_formula_sum", "_chemical_formula.sum"];
    private static readonly string[] NumberTags =
    [
        "_space_group_IT_number", "_symmetry_Int_Tables_number", "_space_group.IT_number", "_symmetry.Int_Tables_number",
    ];

    /// <summary>Reads a CIF from text.</summary>
    public static Structure Read(string text, string fileName, CifReadOptions? options = null)
    {
        options ??= new CifReadOptions();
        var doc = CifParser.Parse(text, fileName);
        var block = SelectBlock(doc, options.Block);
        return FromBlock(block, fileName, options);
    }

    private static CifBlock SelectBlock(CifDocument doc, string? name)
    {
        if (doc.Blocks.Count == 0)
            throw new InputException(doc.FileName, "", "no data_ block found (not a CIF, or empty)");
        if (name is not null)
        {
            return doc.Blocks.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new InputException(doc.FileName, $"block {name}",
                    $"no such data block; the file has {doc.Blocks.Count} block(s): "
                    + string.Join(", ", doc.Blocks.Take(5).Select(b => b.Name)) + (doc.Blocks.Count > 5 ? ", ..." : ""));
        }
        return doc.Blocks.FirstOrDefault(b => b.FindLoop("_atom_site_fract_x") != null || b.FindLoop("_atom_site_Cartn_x") != null
                                            || b.FindLoop("_atom_site.fract_x") != null)
            ?? throw new InputException(doc.FileName, $"line {doc.Blocks[0].Line}",
                "no data block has atom sites (_atom_site_fract_x loop)");
    }

    private static Structure FromBlock(CifBlock block, string file, CifReadOptions options)
    {
        var warnings = new List<string>(block.Warnings);
        var lattice = ReadCell(block, file);
        var atoms = ReadAtoms(block, file, lattice, warnings);
        var (opsCandidates, symbol) = ReadSymmetry(block, file, lattice, warnings);

        // Setting choice and the check against the file's own formula (origin choices, axes, origin shifts).
        var resolved = SettingResolver.Resolve(lattice, atoms,
            opsCandidates.Select(c => new SettingCandidate(c.Ops, c.Symbol, c.Description)).ToList(),
            ReadFileFormula(block), file, options.MergeTolerance);
        warnings.AddRange(resolved.Warnings);
        if (resolved.Expansion.Sites.Length == 0)
            throw new InputException(file, "loop _atom_site", "no atom sites");
        if (resolved.Expansion.Overfull is { } overfull)
            throw new InputException(file, "loop _atom_site", overfull);
        return new Structure(lattice, resolved.Expansion.Sites, resolved.Symbol, file, warnings, block.Name,
            resolved.MissingHydrogens, resolved.Contradiction);
    }

    /// <summary>The file's formula, Z and attached hydrogens, for <see cref="SettingResolver"/>.</summary>
    private static FileFormula ReadFileFormula(CifBlock block)
    {
        var sum = block.FindItem("_chemical_formula_sum", "_chemical_formula.sum");
        string text = sum is { } s && !s.Value.IsMissing ? s.Value.Text : "";
        var formula = FormulaSum.TryParse(text, out var f) ? f : null;
        var zItem = block.FindItem("_cell_formula_units_Z", "_cell.formula_units_Z");
        double? z = zItem is { } zi && zi.Value.TryGetNumber(out var zv) && zv > 0 ? zv : null;
        Dictionary<string, double>? attached = null;
        var loop = block.FindLoop("_atom_site_attached_hydrogens") ?? block.FindLoop("_atom_site.attached_hydrogens");
        if (loop is not null)
        {
            string sep = loop.Tags[0].Contains('.') ? "." : "_";
            int iH = loop.IndexOf("_atom_site" + sep + "attached_hydrogens"), iLabel = loop.IndexOf("_atom_site" + sep + "label");
            attached = [];
            foreach (var row in loop.Rows)
                if (iLabel >= 0 && row[iH].TryGetNumber(out var n) && n > 0)
                    attached[row[iLabel].Text] = n;
        }
        return new FileFormula(formula, text, z, attached);
    }

    private static Lattice ReadCell(CifBlock block, string file)
    {
        double Get(string tag, string alt)
        {
            var item = block.FindItem(tag, alt);
            if (item is null)
                throw new InputException(file, $"tag {tag}",
                    "missing: the CIF has no unit cell (need _cell_length_a/b/c and _cell_angle_alpha/beta/gamma)");
            if (!item.Value.Value.TryGetNumber(out var v))
                throw new InputException(file, $"line {item.Value.Value.Line}, tag {tag}", $"'{item.Value.Value.Text}' is not a number");
            return v;
        }
        double a = Get("_cell_length_a", "_cell.length_a"), b = Get("_cell_length_b", "_cell.length_b"), c = Get("_cell_length_c",
            "_cell.length_c");
        double al = Get("_cell_angle_alpha", "_cell.angle_alpha"), be = Get("_cell_angle_beta", "_cell.angle_beta"),
            ga = Get("_cell_angle_gamma", "_cell.angle_gamma");
        try
        {
            return Lattice.FromParameters(a, b, c, al, be, ga);
        }
        catch (ArgumentException e)
        {
            throw new InputException(file, "tag _cell_length_a", $"invalid cell ({a}, {b}, {c}, {al}, {be}, {ga}): {e.Message}");
        }
    }

    private static List<AsymmetricAtom> ReadAtoms(CifBlock block, string file, Lattice lattice, List<string> warnings)
    {
        var loop = block.FindLoop("_atom_site_fract_x") ?? block.FindLoop("_atom_site.fract_x");
        bool cartesian = false;
        if (loop is null)
        {
            loop = block.FindLoop("_atom_site_Cartn_x") ?? block.FindLoop("_atom_site.Cartn_x");
            cartesian = loop is not null;
        }
        if (loop is null)
            throw new InputException(file, $"line {block.Line}", "no atom sites (_atom_site_fract_x loop) in the data block");

        string sep = loop.Tags[0].Contains('.') ? "." : "_";
        int Col(string name) => loop.IndexOf("_atom_site" + sep + name);
        int ix = cartesian ? Col("Cartn_x") : Col("fract_x"), iy = cartesian ? Col("Cartn_y") : Col("fract_y"),
            iz = cartesian ? Col("Cartn_z") : Col("fract_z");
        int iLabel = Col("label"), iType = Col("type_symbol"), iOcc = Col("occupancy"), iCalc = Col("calc_flag");
        if (iy < 0 || iz < 0)
            throw new InputException(file, $"line {loop.Line}", "atom-site loop lacks the y or z coordinate");
        if (iLabel < 0 && iType < 0)
            throw new InputException(file, $"line {loop.Line}",
            "atom-site loop has neither _atom_site_label nor _atom_site_type_symbol");

        var typeCharges = ReadAtomTypeCharges(block);
        var atoms = new List<AsymmetricAtom>(loop.Rows.Count);
        int dummies = 0;
        var labelNotes = new List<(int Line, string Label, string Note)>();
        IReadOnlySet<string>? formulaElements = null;
        var dots = new List<string>(3);
        foreach (var row in loop.Rows)
        {
            string label = iLabel >= 0 ? row[iLabel].Text : row[iType].Text;
            int line = row[ix].Line;
            if (iCalc >= 0 && row[iCalc].Text.Equals("dum", StringComparison.OrdinalIgnoreCase))
            {
                dummies++;
                continue;
            }

            string element;
            double? charge = null;
            string typeText = iType >= 0 && !row[iType].IsMissing ? row[iType].Text : "";
            if (typeText.Length > 0)
            {
                // D (deuterium), Wat, OW: known non-element symbols first (Wat is not tungsten).
                if (AtomLabel.TryKnown(typeText, out element, out var meaning))
                    labelNotes.Add((row[iType].Line, label, $"type symbol '{typeText}' read as {element} ({meaning})"));
                else if (!SpeciesSymbol.TryParseTypeSymbol(typeText, out element, out charge)
                    && !SpeciesSymbol.TryElementFromLabel(typeText, out element))
                    throw new InputException(file, $"line {row[iType].Line}, atom {label}", $"unknown element symbol '{typeText}'");
                if (typeCharges.TryGetValue(typeText, out var tc))
                    charge = tc;
            }
            else
            {
                if (!SpeciesSymbol.TryParseTypeSymbol(label, out element, out charge) || charge is null)
                {
                    formulaElements ??= AtomLabel.FormulaElements(block.FindItem(FormulaTags)?.Value.Text) ?? new HashSet<string>();
                    if (!AtomLabel.TryResolve(label, formulaElements.Count > 0 ? formulaElements : null, out element, out var note))
                        throw new InputException(file, $"line {line}, atom {label}", $"unknown element symbol in label: {note}"
                            + " (give _atom_site_type_symbol)");
                    if (note is not null)
                        labelNotes.Add((line, label, note.Replace($"'{label}'", "'*'", StringComparison.Ordinal)));
                    charge = null;
                }
                if (typeCharges.TryGetValue(label, out var lc))
                    charge = lc;
            }
            if (element == "D" || element == "T")
                element = "H";

            var x = Coordinate(row[ix], file, label, "x", dots);
            var y = Coordinate(row[iy], file, label, "y", dots);
            var z = Coordinate(row[iz], file, label, "z", dots);
            if (dots.Count > 0)
            {
                warnings.Add($"line {line}, atom {label}: coordinate{(dots.Count > 1 ? "s" : "")} {string.Join(", ", dots)} "
                    + $"written as '.', read as 0 (as pymatgen does)");
                dots.Clear();
            }
            var pos = new Vec3(x, y, z);
            if (cartesian)
                pos = CifCartesianFrame(lattice).ToFractional(pos);
            double occ = 1.0;
            if (iOcc >= 0 && !row[iOcc].IsMissing)
            {
                occ = Number(row[iOcc], file, label, "occupancy");
                if (!(occ > 0) || occ > 1.05)
                    throw new InputException(file, $"line {row[iOcc].Line}, atom {label}", $"occupancy {row[iOcc].Text} is outside (0, 1]");
                occ = Math.Min(occ, 1.0);
            }
            atoms.Add(new AsymmetricAtom(label, element, occ, charge, pos, line));
        }
        AddLabelWarnings(labelNotes, warnings);
        if (dummies > 0)
            warnings.Add($"{dummies} dummy atom site(s) (_atom_site_calc_flag dum) skipped");
        if (atoms.Count == 0)
            throw new InputException(file, $"line {loop.Line}", "the atom-site loop has no atoms");

        // A file whose charges are all zero (e.g. "Li0+") carries no oxidation states.
        if (atoms.All(a => a.OxidationState is null or 0))
            for (int i = 0; i < atoms.Count; i++)
                atoms[i] = atoms[i] with { OxidationState = null };
        return atoms;
    }

    /// <summary>
    /// The Cartesian frame CIF uses by default for <c>_atom_site_Cartn_*</c> (coreCIF <c>_atom_sites_Cartn_transform_axes</c>:
    /// a along x, b in the xy plane), which differs from the frame of <see cref="Lattice.FromParameters"/> for oblique cells.
    /// </summary>
    private static Lattice CifCartesianFrame(Lattice l)
    {
        double ca = Math.Cos(l.Alpha * Math.PI / 180), cb = Math.Cos(l.Beta * Math.PI / 180),
            cg = Math.Cos(l.Gamma * Math.PI / 180), sg = Math.Sin(l.Gamma * Math.PI / 180);
        double cy = l.LengthC * (ca - cb * cg) / sg;
        double cz = Math.Sqrt(Math.Max(0, l.LengthC * l.LengthC - (l.LengthC * cb) * (l.LengthC * cb) - cy * cy));
        return Lattice.FromVectors(new Vec3(l.LengthA, 0, 0), new Vec3(l.LengthB * cg, l.LengthB * sg, 0),
            new Vec3(l.LengthC * cb, cy, cz));
    }

    private static Dictionary<string, double> ReadAtomTypeCharges(CifBlock block)
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        var loop = block.FindLoop("_atom_type_oxidation_number") ?? block.FindLoop("_atom_type.oxidation_number");
        if (loop is null)
            return d;
        string sep = loop.Tags[0].Contains('.') ? "." : "_";
        int iSym = loop.IndexOf("_atom_type" + sep + "symbol"), iOx = loop.IndexOf("_atom_type" + sep + "oxidation_number");
        if (iSym < 0)
            return d;
        foreach (var row in loop.Rows)
            if (row[iOx].TryGetNumber(out var v))
                d[row[iSym].Text] = v;
        return d;
    }

    private static double Number(CifValue v, string file, string label, string what)
    {
        if (v.TryGetNumber(out var x))
            return x;
        throw new InputException(file, $"line {v.Line}, atom {label}", $"{what} '{v.Text}' is not a number");
    }

    /// <summary>A coordinate; an unquoted <c>.</c> (ICSD exports write <c>Mn1 Mn2+ 1 a . . .</c>) is 0, noted in
    /// <paramref name="dots"/> for one warning per atom.</summary>
    private static double Coordinate(CifValue v, string file, string label, string what, List<string> dots)
    {
        if (v.IsInapplicable)
        {
            dots.Add(what);
            return 0;
        }
        return Number(v, file, label, what);
    }

    private sealed record OpsCandidate(IReadOnlyList<SymOp> Ops, string Symbol, string Description);

    /// <summary>
    /// One warning per kind of label read as another element (a hydrate's fourteen <c>Wat</c> oxygens give one line, not
    /// fourteen): the line and atom of a single one, else the line range, the count and the first labels.
    /// </summary>
    private static void AddLabelWarnings(List<(int Line, string Label, string Note)> notes, List<string> warnings)
    {
        foreach (var group in notes.GroupBy(n => n.Note))
        {
            var list = group.ToList();
            if (list.Count == 1)
            {
                warnings.Add($"line {list[0].Line}, atom {list[0].Label}: {group.Key.Replace("'*'", $"'{list[0].Label}'")}");
                continue;
            }
            string labels = string.Join(", ", list.Take(3).Select(n => n.Label)) + (list.Count > 3 ? ", …" : "");
            string note = group.Key.Replace("label '*' is not an element symbol", "their labels are not element symbols");
            warnings.Add($"lines {list.Min(n => n.Line)}–{list.Max(n => n.Line)}, {list.Count} atoms ({labels}): {note}");
        }
    }

    private static (List<OpsCandidate>, string) ReadSymmetry(CifBlock block, string file, Lattice lattice, List<string> warnings)
    {
        var hm = block.FindItem(HmTags);
        var hall = block.FindItem(HallTags);
        var number = block.FindItem(NumberTags);

        // 1. An explicit operator list.
        foreach (var tag in OpTags)
        {
            var loop = block.FindLoop(tag);
            IEnumerable<CifValue> values;
            if (loop is not null)
                values = loop.Rows.Select(r => r[loop.IndexOf(tag)]);
            else if (block.Items.TryGetValue(tag, out var single))
                values = [single];
            else
                continue;
            var ops = new List<SymOp>();
            foreach (var v in values)
            {
                if (!SymOp.TryParse(v.Text, out var op, out var err))
                    throw new InputException(file, $"line {v.Line}, tag {tag}", err!);
                if (!ops.Contains(op))
                    ops.Add(op);
            }
            if (ops.Count == 0)
                continue;
            if (!ops.Contains(SymOp.Identity))
                ops.Insert(0, SymOp.Identity);
            string symbol = hm?.Value.Text ?? hall?.Value.Text ?? IdentifySymbol(ops);
            return ([new OpsCandidate(ops, symbol, "operator list")], symbol);
        }

        // 2. A Hall symbol.
        if (hall is { } h)
        {
            var setting = SpaceGroupTable.FindByHall(h.Value.Text);
            IReadOnlyList<SymOp> ops;
            try
            {
                ops = setting?.Operators ?? HallSymbol.Expand(h.Value.Text);
            }
            catch (FormatException e)
            {
                if (hm is null)
                    throw new InputException(file, $"line {h.Value.Line}, tag {h.Tag}",
                    $"cannot read Hall symbol '{h.Value.Text}': {e.Message}");
                warnings.Add($"Hall symbol '{h.Value.Text}' unreadable ({e.Message}); using the Hermann–Mauguin symbol");
                goto HermannMauguin;
            }
            string sym = hm?.Value.Text ?? h.Value.Text;
            return ([new OpsCandidate(ops, sym, $"Hall symbol {h.Value.Text}")], sym);
        }

    HermannMauguin:
        // 3. A Hermann–Mauguin symbol (several settings may match: origin choices, axes).
        if (hm is { } m)
        {
            var settings = SpaceGroupTable.FindByHermannMauguin(WithoutAnnotation(m.Value.Text));
            if (settings.Count == 0)
                throw new InputException(file, $"line {m.Value.Line}, tag {m.Tag}", $"unknown space-group symbol '{m.Value.Text}'");
            settings = OrderByMetric(settings, lattice, m.Value.Text, warnings);
            return (settings.Select(s => new OpsCandidate(s.Operators, m.Value.Text, Describe(s))).ToList(), m.Value.Text);
        }

        // 4. Only the number.
        if (number is { } n)
        {
            if (!n.Value.TryGetNumber(out var num) || num < 1 || num > 230 || num != Math.Floor(num))
                throw new InputException(file, $"line {n.Value.Line}, tag {n.Tag}", $"'{n.Value.Text}' is not a space-group number 1..230");
            var s = SpaceGroupTable.DefaultForNumber((int)num);
            var settings = OrderByMetric(SpaceGroupTable.All.Where(x => x.Number == (int)num).ToList(), lattice, n.Value.Text, warnings);
            return (settings.Select(x => new OpsCandidate(x.Operators, x.HermannMauguinShort, Describe(x))).ToList(),
                s.HermannMauguinShort);
        }

        warnings.Add("no symmetry operators or space-group symbol: read as P 1");
        return ([new OpsCandidate([SymOp.Identity], "P 1", "P 1")], "P 1");
    }

    /// <summary>
    /// Drops annotations some writers append to the symbol, e.g. <c>R 3 c {rhombohedral axes}</c> or <c>P 21/c (No. 14)</c>,
    /// keeping an axes hint as the usual suffix (the cell's metric still decides).
    /// </summary>
    private static string WithoutAnnotation(string symbol)
    {
        int cut = symbol.IndexOfAny(['{', '(', '[']);
        if (cut <= 0 || (symbol[cut] == '(' && cut + 1 < symbol.Length && char.IsDigit(symbol[cut + 1]) && symbol.IndexOf(')',
            cut) == cut + 2))
            return symbol; // P4(2)/mnm-style screw axes are part of the symbol
        var note = symbol[cut..].ToLowerInvariant();
        var core = symbol[..cut].Trim();
        if (note.Contains("rhomb"))
            return core + ":R";
        if (note.Contains("hex"))
            return core + ":H";
        return core;
    }

    private static string Describe(SpaceGroupSetting s) => s.Choice switch
    {
        "1" => "origin choice 1",
        "2" => "origin choice 2",
        "H" => "hexagonal axes",
        "R" => "rhombohedral axes",
        "" => s.HermannMauguinSetting,
        _ => $"setting {s.HermannMauguinSetting}",
    };

    /// <summary>For rhombohedral groups the cell's metric decides between hexagonal and rhombohedral axes.</summary>
    private static IReadOnlyList<SpaceGroupSetting> OrderByMetric(IReadOnlyList<SpaceGroupSetting> settings, Lattice lattice,
        string symbol, List<string> warnings)
    {
        if (!settings.Any(s => s.IsHexagonalAxes || s.IsRhombohedralAxes))
            return settings;
        bool hexCell = Near(lattice.LengthA, lattice.LengthB) && Near(lattice.Alpha, 90) && Near(lattice.Beta,
            90) && Near(lattice.Gamma, 120);
        bool rhombCell = Near(lattice.LengthA, lattice.LengthB) && Near(lattice.LengthB, lattice.LengthC)
                         && Near(lattice.Alpha, lattice.Beta) && Near(lattice.Beta, lattice.Gamma) && !Near(lattice.Alpha, 90);
        if (!hexCell && !rhombCell)
            return settings;
        var want = settings.Where(s => hexCell ? s.IsHexagonalAxes : s.IsRhombohedralAxes).ToList();
        if (want.Count > 0 && want[0] != settings[0])
            warnings.Add($"space-group symbol '{symbol}' does not name the axes; the cell's metric decides: "
                + $"{(hexCell ? "hexagonal" : "rhombohedral")} axes");
        if (want.Count == 0)
        {
            int num = settings[0].Number;
            want = SpaceGroupTable.All.Where(s => s.Number == num && (hexCell ? s.IsHexagonalAxes : s.IsRhombohedralAxes)).ToList();
            if (want.Count > 0)
                warnings.Add($"space-group symbol '{symbol}' names {(hexCell ? "rhombohedral" : "hexagonal")} axes but the cell is "
                    + $"{(hexCell ? "hexagonal" : "rhombohedral")}: the cell's metric decides "
                        + $"({(hexCell ? "hexagonal" : "rhombohedral")} axes used)");
        }
        return want.Count > 0 ? want : settings;

        static bool Near(double x, double y) => Math.Abs(x - y) <= 1e-3 * Math.Max(1, Math.Abs(y));
    }

    /// <summary>Names an operator set by matching it against the table; "P 1" for the identity alone.</summary>
    private static string IdentifySymbol(List<SymOp> ops)
    {
        if (ops.Count == 1)
            return "P 1";
        foreach (var s in SpaceGroupTable.All)
            if (s.Operators.Count == ops.Count && ops.All(o => s.Operators.Contains(o)))
                return s.HermannMauguinSetting;
        return $"unnamed ({ops.Count} operators)";
    }
}
