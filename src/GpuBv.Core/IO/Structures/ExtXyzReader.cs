using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GpuBv.Chemistry;
using GpuBv.Crystal;

namespace GpuBv.IO.Structures;

/// <summary>
/// Reads the first frame of an extended XYZ file (the format of ASE and others) as a P1 <see cref="Structure"/>.
/// Line 1 holds the atom count, line 2 key=value pairs (values may be quoted with <c>"..."</c> or bracketed); a
/// periodic cell <c>Lattice="ax ay az bx by bz cx cy cz"</c> is required. <c>Properties=name:type:columns:...</c>
/// locates the species (or atomic-number <c>Z</c>) and <c>pos</c> columns; without it the layout
/// <c>species:S:1:pos:R:3</c> is assumed. Positions are Cartesian Å. Sites are fully occupied and labelled
/// element + running number. Every problem with the input is reported as an <see cref="InputException"/> naming the line.
/// </summary>
public static class ExtXyzReader
{
    /// <summary>Reads the first frame of an extended XYZ text; later frames are not read.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">Name used for <see cref="Structure.Source"/> and in error messages.</param>
    /// <exception cref="InputException">The first frame is not valid extended XYZ or has no periodic cell.</exception>
    public static Structure Read(TextReader reader, string fileName)
    {
        InputException Error(int line, string problem)
            => new(fileName, "line " + line.ToString(CultureInfo.InvariantCulture), problem);

        // Line 1: atom count.
        string? first = reader.ReadLine();
        if (first is null)
            throw Error(1, "the file is empty");
        var countTokens = PoscarReader.Tokens(first);
        if (countTokens.Length == 0)
            throw Error(1, "expected the number of atoms, found a blank line");
        if (!int.TryParse(countTokens[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
            throw Error(1, $"expected the number of atoms, found '{PoscarReader.Shorten(countTokens[0])}'");
        if (n <= 0)
            throw Error(1, $"the number of atoms must be positive, found {n}");
        if (n > 50_000_000)
            throw Error(1, $"{n} atoms is more than supported");

        // Line 2: key=value comment.
        string? comment = reader.ReadLine();
        if (comment is null)
            throw Error(2, "the file ends before the comment line with Lattice=\"...\"");
        Dictionary<string, string> info;
        try
        {
            info = ExtXyzComment.ParseKeyValues(comment);
        }
        catch (FormatException e)
        {
            throw Error(2, e.Message);
        }

        if (!ExtXyzComment.TryGetValue(info, "Lattice", out string latticeText))
            throw Error(2, "no Lattice=\"ax ay az bx by bz cx cy cz\" in the comment line: a periodic cell is required");
        var lv = ExtXyzComment.SplitList(latticeText);
        if (lv.Length != 9)
            throw Error(2, $"Lattice must hold 9 numbers (three cell vectors), found {lv.Length}");
        var m = new double[9];
        for (int i = 0; i < 9; i++)
            if (!PoscarReader.TryNumber(lv[i], out m[i]))
                throw Error(2, $"Lattice value '{PoscarReader.Shorten(lv[i])}' is not a number");
        var a = new Vec3(m[0], m[1], m[2]);
        var b = new Vec3(m[3], m[4], m[5]);
        var c = new Vec3(m[6], m[7], m[8]);
        double volume = Vec3.Dot(a, Vec3.Cross(b, c));
        if (!(Math.Abs(volume) > 1e-10 * a.Length * b.Length * c.Length) || !double.IsFinite(volume) || !(Math.Abs(volume) > 1e-8))
            throw Error(2, "the Lattice vectors are degenerate (zero cell volume)");
        if (Lattice.DegeneracyProblem(a, b, c) is { } degenerate)
            throw Error(2, $"Lattice: {degenerate}");
        Lattice lattice;
        try
        {
            lattice = Lattice.FromVectors(a, b, c);
        }
        catch (ArgumentException)
        {
            throw Error(2, "the Lattice vectors are degenerate (zero cell volume)");
        }

        var warnings = new List<string>();
        if (ExtXyzComment.TryGetValue(info, "pbc", out string pbcText))
        {
            var flags = ExtXyzComment.SplitList(pbcText);
            if (flags.Any(f => f is not ("T" or "t" or "True" or "true" or "TRUE" or "1")))
                warnings.Add($"{fileName}: line 2: pbc=\"{pbcText}\" is not periodic along every axis; the cell is treated as periodic");
        }

        // Properties: locate species / Z and pos.
        string props = ExtXyzComment.TryGetValue(info, "Properties", out string p) ? p : "species:S:1:pos:R:3";
        List<ExtXyzComment.Column> columns;
        try
        {
            columns = ExtXyzComment.ParseProperties(props);
        }
        catch (FormatException e)
        {
            throw Error(2, e.Message);
        }
        int width = columns.Sum(col => col.Count);
        var pos = columns.FirstOrDefault(col => col.Name.Equals("pos", StringComparison.OrdinalIgnoreCase))
            ?? throw Error(2, "Properties has no pos column (pos:R:3)");
        if (pos.Type != 'R' || pos.Count != 3)
            throw Error(2, $"Properties column pos must be pos:R:3, found pos:{pos.Type}:{pos.Count}");
        var speciesCol = columns.FirstOrDefault(col => col.Name.Equals("species", StringComparison.OrdinalIgnoreCase));
        var zCol = columns.FirstOrDefault(col => col.Name == "Z");
        if (speciesCol is null && zCol is null)
            throw Error(2, "Properties has no species column (species:S:1) nor atomic numbers (Z:I:1)");
        if (speciesCol is not null && speciesCol.Count != 1)
            throw Error(2, $"Properties column species must have 1 column, found {speciesCol.Count}");
        if (speciesCol is null && zCol!.Count != 1)
            throw Error(2, $"Properties column Z must have 1 column, found {zCol.Count}");

        // Atom lines.
        var sites = new List<Site>(n);
        var running = new Dictionary<string, int>();
        for (int i = 0; i < n; i++)
        {
            int lineNo = i + 3;
            string? line = reader.ReadLine();
            if (line is null)
                throw Error(lineNo, $"the file ends after {i} of {n} atom lines");
            var t = PoscarReader.Tokens(line);
            if (t.Length < width)
                throw Error(lineNo, $"atom {i + 1} of {n}: expected {width} columns as Properties says, found {t.Length}");

            string el;
            if (speciesCol is not null)
            {
                string sym = t[speciesCol.Start];
                if (Element.TryGet(sym, out var e))
                    el = e.Symbol;
                else if (SpeciesSymbol.TryParseTypeSymbol(sym, out var e2, out _))
                    el = e2;
                else
                    throw Error(lineNo, $"unknown element '{PoscarReader.Shorten(sym)}'");
            }
            else
            {
                string zt = t[zCol!.Start];
                if (!int.TryParse(zt, NumberStyles.Integer, CultureInfo.InvariantCulture, out int z))
                    throw Error(lineNo, $"atomic number '{PoscarReader.Shorten(zt)}' is not a whole number");
                el = Element.All.Values.FirstOrDefault(x => x.Z == z)?.Symbol
                    ?? throw Error(lineNo, $"no element has atomic number {z}");
            }

            var r = new double[3];
            for (int k = 0; k < 3; k++)
                if (!PoscarReader.TryNumber(t[pos.Start + k], out r[k]))
                    throw Error(lineNo, $"atom {i + 1} of {n}: position value '{PoscarReader.Shorten(t[pos.Start + k])}' is not a number");
            var frac = lattice.ToFractional(new Vec3(r[0], r[1], r[2]));
            if (!double.IsFinite(frac.X) || !double.IsFinite(frac.Y) || !double.IsFinite(frac.Z))
                throw Error(lineNo, $"atom {i + 1} of {n}: the position is not a finite point");

            int idx = running.GetValueOrDefault(el) + 1;
            running[el] = idx;
            sites.Add(new Site(el + idx.ToString(CultureInfo.InvariantCulture), frac,
                ImmutableArray.Create(new SiteSpecies(el, 1.0))));
        }

        string title = ExtXyzComment.TryGetValue(info, "comment", out string ct) ? ct : comment.Trim();
        return new Structure(lattice, sites, "P 1", fileName, warnings, title);
    }
}
