using System.Globalization;
using System.Runtime.CompilerServices;
using GpuBv.Symmetry;

namespace GpuBv.Crystal;

/// <summary>One reading of a file's symmetry: operators, the symbol they stand for, and how to name them in a warning.</summary>
public sealed record SettingCandidate(IReadOnlyList<SymOp> Ops, string Symbol, string Description);

/// <summary>What a file says about its own content, to check an expansion against.</summary>
/// <param name="Formula">The parsed <c>_chemical_formula_sum</c>, or null when the file has none (or it is unreadable).</param>
/// <param name="FormulaText">The formula as written, for messages.</param>
/// <param name="Z"><c>_cell_formula_units_Z</c>, or null when missing.</param>
/// <param name="AttachedHydrogens">H atoms attached to each atom label (<c>_atom_site_attached_hydrogens</c>), or null.</param>
public sealed record FileFormula(IReadOnlyDictionary<string, double>? Formula, string FormulaText, double? Z,
    IReadOnlyDictionary<string, double>? AttachedHydrogens = null);

/// <summary>The expansion kept, its symbol, what to warn about, and the findings for <see cref="Structure"/>.</summary>
/// <param name="Expansion">The sites (already moved back by any origin shift, so the file's coordinates are kept).</param>
/// <param name="Symbol">The symbol of the operators used.</param>
/// <param name="Warnings">Warnings in order: the setting chosen, the expansion's own warnings, formula findings.</param>
/// <param name="MissingHydrogens">H per cell the file implies but gives no site for.</param>
/// <param name="Contradiction">One line when the kept reading still contradicts the formula, else null.</param>
/// <param name="Initial">The file's own reading checked against its formula (null without a formula): for measuring.</param>
/// <param name="Resolution">How the file's reading was changed (e.g. "origin shift (1/4, 1/4, 1/4)"), or null.</param>
public sealed record ResolvedSetting(ExpandedSites Expansion, string Symbol, IReadOnlyList<string> Warnings,
    double MissingHydrogens, string? Contradiction, FormulaCheck? Initial, string? Resolution);

/// <summary>
/// Chooses the reading of a file's symmetry that agrees with the file itself (issue 11, classes 7 and 8). The file's
/// candidate settings are expanded in turn (the first without conflicts wins, as before). The result is checked against
/// <c>_chemical_formula_sum</c> × <c>_cell_formula_units_Z</c>. When it contradicts the formula, or the split-position rule
/// was needed for atoms the file gives fully occupied, further readings are tried in this order, fewest changes first: the
/// other ITA origin choice and the other axes (hexagonal/rhombohedral) of the same group, even when the symbol names one;
/// then origin shifts with components that are multiples of ⅛ (halves before quarters before eighths, fewer non-zero
/// components first), on the file's setting and then on the others. The first reading whose cell matches the formula
/// with no fully occupied atoms closer than <see cref="SymmetryExpansion.ClashDistance"/>, no split full atoms and no more
/// than one non-H atom per <see cref="MinVolumePerAtom"/> Å³ is kept, with a warning naming the change (without a formula
/// or when the formula agrees and only split full atoms started the search, only another whole setting with no conflicts
/// may replace the file's reading, never a shift); when none does, the
/// file's reading is kept with a warning and a contradiction line.
/// </summary>
/// <remarks>
/// Among several matching readings the one with the fewest changes is taken rather than the one with the most plausible
/// bond-valence sums: oxidation states are not known while reading, and every shift tried is already a reading the
/// formula, the distances and the density accept (at most <see cref="MaxExpansions"/> full expansions per file, after a
/// composition prefilter from orbit sizes). H missing from the sites (implicit hydrogens) is reported separately and does not
/// start the search.
/// </remarks>
public static class SettingResolver
{
    /// <summary>Resolves the reading of <paramref name="atoms"/> under <paramref name="candidates"/> (file order, best first).</summary>
    public static ResolvedSetting Resolve(Lattice lattice, IReadOnlyList<AsymmetricAtom> atoms,
        IReadOnlyList<SettingCandidate> candidates, FileFormula formula, string file,
        double tolerance = SymmetryExpansion.DefaultTolerance)
    {
        if (candidates.Count == 0)
            throw new ArgumentException("no symmetry candidates", nameof(candidates));
        var warnings = new List<string>();

        // The file's own reading: its candidate settings in order, the first without conflicts.
        ExpandedSites? chosen = null, first = null;
        int chosenIndex = 0;
        for (int c = 0; c < candidates.Count; c++)
        {
            var exp = SymmetryExpansion.Expand(lattice, candidates[c].Ops, atoms, tolerance);
            first ??= exp;
            if (chosen is null || exp.Conflicts < chosen.Conflicts)
            {
                chosen = exp;
                chosenIndex = c;
            }
            if (exp.Conflicts == 0)
                break;
        }
        if (chosenIndex > 0)
            warnings.Add($"{candidates[chosenIndex].Description} used: {candidates[0].Description} makes atoms coincide or "
                + $"come too close ({first!.Conflicts} conflicts; closest: {first.ShortestPair})");

        var result = chosen!;
        string symbol = candidates[chosenIndex].Symbol;
        string? resolution = null;
        FormulaCheck? initial = formula.Formula is { } f ? FormulaSum.Compare(Composition(result), f, formula.Z) : null;
        var check = initial;
        bool contradicts = check is { Agrees: false };
        // Under P 1 alone (one operator, the identity) no origin shift or other setting changes what is read, and the
        // search would only cost one pass over the atoms per shift (minutes for a 10^6-atom supercell).
        bool onlyIdentity = candidates.All(c => c.Ops.Count <= 1);
        if ((contradicts || result.SplitFullAtoms > 0) && !onlyIdentity)
        {
            var found = Search(lattice, atoms, candidates, chosenIndex, formula, contradicts, tolerance);
            if (found is { } alt)
            {
                result = alt.Expansion;
                symbol = alt.Candidate.Symbol;
                resolution = alt.Change;
                var why = contradicts
                    ? $"the file's reading ({candidates[chosenIndex].Description}) gives {FormulaSum.Write(Composition(chosen!))} "
                        + $"per cell, against {Expected(formula)}"
                    : $"the file's reading ({candidates[chosenIndex].Description}) needs the split-position rule for "
                        + $"{chosen!.SplitFullAtoms} atom(s) the file gives fully occupied";
                string gives = formula.Formula is null
                    ? $"which gives {FormulaSum.Write(Composition(result))} per cell (the file has no formula to check)"
                    : $"which matches the formula ({FormulaSum.Write(Composition(result))} per cell)";
                warnings.Add($"{why}; read with {alt.Change} instead, {gives} with no atoms closer than "
                    + $"{SymmetryExpansion.ClashDistance} Å and no split positions");
                check = formula.Formula is { } f2 ? FormulaSum.Compare(Composition(result), f2, formula.Z) : null;
            }
        }
        warnings.AddRange(result.Warnings);

        string? contradiction = null;
        if (check is { Agrees: false })
        {
            contradiction = $"the structure read ({FormulaSum.Write(Composition(result))} per cell) contradicts "
                + $"{Expected(formula)}: {check.Difference}; no origin choice, axes or origin shift (multiples of 1/8) "
                + "resolves it, the file's reading is kept";
            warnings.Add(contradiction);
        }

        double missingH = check?.MissingHydrogens ?? 0;
        if (formula.AttachedHydrogens is { Count: > 0 } attached && !result.Sites.Any(x => x.Species.Any(sp => sp.Element == "H")))
            missingH = Math.Max(missingH, AttachedPerCell(result, atoms, attached));
        missingH = Math.Round(missingH, 3);
        if (missingH > 0)
        {
            string src = check is { MissingHydrogens: > 0 } ? $"its formula ({Expected(formula)})" : "_atom_site_attached_hydrogens";
            warnings.Add($"{Fmt(missingH)} H per cell implied by {src} have no atom sites (implicit hydrogens): "
                + "bond-valence sums and barriers without them are wrong");
        }
        return new ResolvedSetting(result, symbol, warnings, missingH, contradiction, initial, resolution);
    }

    private sealed record Alternative(SettingCandidate Candidate, ExpandedSites Expansion, string Change);

    /// <summary>Largest number of expansions (after the composition prefilter) one search may run.</summary>
    private const int MaxExpansions = 64;

    private static Alternative? Search(Lattice lattice, IReadOnlyList<AsymmetricAtom> atoms,
        IReadOnlyList<SettingCandidate> candidates, int chosenIndex, FileFormula formula, bool contradicts, double tolerance)
    {
        // Bases: the file's reading first, then the other origin choices / axes of the same group.
        var bases = new List<(SettingCandidate Cand, string Change)> { (candidates[chosenIndex], "") };
        var seen = new List<HashSet<SymOp>> { new(candidates[chosenIndex].Ops) };
        foreach (var s in OtherSettings(candidates))
        {
            var set = new HashSet<SymOp>(s.Operators);
            if (seen.Any(x => x.SetEquals(set)))
                continue;
            seen.Add(set);
            string desc = Describe(s);
            bases.Add((new SettingCandidate(s.Operators, s.HermannMauguinSetting + Suffix(s), desc), desc));
        }
        foreach (var c in candidates)
        {
            var set = new HashSet<SymOp>(c.Ops);
            if (seen.Any(x => x.SetEquals(set)))
                continue;
            seen.Add(set);
            bases.Add((c, c.Description));
        }

        int budget = MaxExpansions;
        // 1. Other settings without a shift; 2. shifts on every base.
        for (int b = 1; b < bases.Count; b++)
        {
            var alt = Try(bases[b].Cand, Vec3.Zero, bases[b].Change);
            if (alt is not null)
                return alt;
        }
        if (formula.Formula is null || !contradicts)
            return null; // only a contradicted formula lets a shift replace the file's reading (split H stays split)
        foreach (var (cand, change) in bases)
            foreach (var t in Shifts)
            {
                if (budget <= 0)
                    return null;
                string what = (change.Length > 0 ? change + " with " : "") + $"origin shift {ShiftText(t)}";
                var alt = Try(cand, t, what);
                if (alt is not null)
                    return alt;
            }
        return null;

        Alternative? Try(SettingCandidate cand, Vec3 shift, string change)
        {
            var moved = shift == Vec3.Zero ? atoms : atoms.Select(a => a with { Fractional = a.Fractional + shift }).ToList();
            if (formula.Formula is { } f && !FormulaSum.Compare(OrbitComposition(lattice, cand.Ops, moved, tolerance), f, formula.Z)
                    .Agrees)
                return null;
            budget--;
            var exp = SymmetryExpansion.Expand(lattice, cand.Ops, moved, tolerance);
            if (exp.Clashes > 0 || exp.SplitFullAtoms > 0 || TooDense(lattice, exp))
                return null;
            if (formula.Formula is { } f2 ? !FormulaSum.Compare(Composition(exp), f2, formula.Z).Agrees : exp.Conflicts > 0)
                return null;
            if (shift != Vec3.Zero)
            {
                var back = exp.Sites.Select(s => s with { Fractional = (s.Fractional - shift).Wrap() });
                exp = exp with { Sites = [.. back] };
            }
            return new Alternative(cand, exp, change);
        }
    }

    /// <summary>
    /// No solid packs more than one non-H atom per <see cref="MinVolumePerAtom"/> Å³ (diamond, the densest, has 5.67):
    /// a reading that does has atoms the file does not give (e.g. a shift that doubles a layer).
    /// </summary>
    public const double MinVolumePerAtom = 5.0;

    private static bool TooDense(Lattice lattice, ExpandedSites exp)
    {
        double heavy = Composition(exp).Where(kv => kv.Key != "H").Sum(kv => kv.Value);
        return heavy > 0 && Math.Abs(lattice.Volume) / heavy < MinVolumePerAtom;
    }

    /// <summary>Origin shifts with components in eighths: halves first, then quarters, then eighths; fewer non-zero
    /// components first; the zero shift excluded.</summary>
    private static readonly Vec3[] Shifts = BuildShifts();

    private static Vec3[] BuildShifts()
    {
        var list = new List<(int Den, int NonZero, int Size, Vec3 T)>();
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
                for (int k = 0; k < 8; k++)
                {
                    if (i == 0 && j == 0 && k == 0)
                        continue;
                    int[] c = [i, j, k];
                    int den = c.Max(x => x == 0 ? 1 : 8 / Gcd(x, 8));
                    int nonZero = c.Count(x => x != 0);
                    int size = c.Sum(x => Math.Min(x, 8 - x));
                    list.Add((den, nonZero, size, new Vec3(i / 8.0, j / 8.0, k / 8.0)));
                }
        return [.. list.OrderBy(x => x.Den).ThenBy(x => x.NonZero).ThenBy(x => x.Size).Select(x => x.T)];

        static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
    }

    private static string ShiftText(Vec3 t)
    {
        static string F(double x) => x == 0 ? "0" : Fraction((int)Math.Round(x * 8));
        static string Fraction(int eighths)
        {
            int g = eighths % 4 == 0 ? 4 : eighths % 2 == 0 ? 2 : 1;
            return $"{eighths / g}/{8 / g}";
        }
        return $"({F(t.X)}, {F(t.Y)}, {F(t.Z)})";
    }

    /// <summary>The table setting of an operator list (the table's lists are cached instances, so this is a hit).</summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<SymOp>, StrongBox<SpaceGroupSetting?>> Identified = new();

    /// <summary>The other origin choices and axes of the group(s) the candidates stand for.</summary>
    private static IEnumerable<SpaceGroupSetting> OtherSettings(IReadOnlyList<SettingCandidate> candidates)
    {
        var numbers = new List<int>();
        foreach (var c in candidates)
        {
            var s = Identified.GetValue(c.Ops, ops => new StrongBox<SpaceGroupSetting?>(SpaceGroupTable.FindByOperators(ops))).Value;
            if (s is not null && !numbers.Contains(s.Number))
                numbers.Add(s.Number);
        }
        foreach (var n in numbers)
            foreach (var s in SpaceGroupTable.FindByNumber(n))
                if (s.OriginChoice is not null || s.Choice is "H" or "R")
                    yield return s;
    }

    private static string Describe(SpaceGroupSetting s) => s.Choice switch
    {
        "H" => $"{s.HermannMauguinSetting} on hexagonal axes",
        "R" => $"{s.HermannMauguinSetting} on rhombohedral axes",
        _ => $"{s.HermannMauguinSetting} origin choice {s.OriginChoice}",
    };

    private static string Suffix(SpaceGroupSetting s) => s.OriginChoice is { } o ? $" :{o}" : s.Choice is "H" or "R" ? $" :{s.Choice}" : "";

    private static string Expected(FileFormula f) => f.Z is { } z
        ? $"the file's formula '{f.FormulaText}' × Z = {Fmt(z)} (or × 1)"
        : $"the file's formula '{f.FormulaText}' (no Z: any whole multiple)";

    private static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Amount of each element in the expanded cell.</summary>
    public static Dictionary<string, double> Composition(ExpandedSites e)
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var site in e.Sites)
            foreach (var sp in site.Species)
                d[sp.Element] = d.GetValueOrDefault(sp.Element) + sp.Occupancy;
        return d;
    }

    /// <summary>
    /// The cell content counted from orbit sizes alone (|G| / |stabiliser| per atom × occupancy), without merging atoms
    /// with each other: a cheap prefilter for the many shifted readings tried.
    /// </summary>
    private static Dictionary<string, double> OrbitComposition(Lattice lattice, IReadOnlyList<SymOp> ops,
        IReadOnlyList<AsymmetricAtom> atoms, double tolerance)
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var a in atoms)
            d[a.Element] = d.GetValueOrDefault(a.Element) + a.Occupancy * OrbitSize(lattice, ops, a.Fractional, tolerance);
        return d;
    }

    private static double OrbitSize(Lattice lattice, IReadOnlyList<SymOp> ops, Vec3 p, double tolerance)
    {
        int stab = 0;
        double tol2 = tolerance * tolerance;
        foreach (var op in ops)
        {
            var c = lattice.ToCartesian((op.Apply(p) - p).MinimumImage());
            if (c.X * c.X + c.Y * c.Y + c.Z * c.Z < tol2)
                stab++;
        }
        return stab == 0 ? ops.Count : (double)ops.Count / stab;
    }

    private static double AttachedPerCell(ExpandedSites result, IReadOnlyList<AsymmetricAtom> atoms,
        IReadOnlyDictionary<string, double> attached)
    {
        // Each atom's multiplicity in the kept expansion: the sites carrying its label.
        double total = 0;
        foreach (var a in atoms)
        {
            if (!attached.TryGetValue(a.Label, out var n) || !(n > 0))
                continue;
            int sites = result.Sites.Count(s => s.Label.Split('/').Contains(a.Label));
            total += n * a.Occupancy * sites;
        }
        return total;
    }
}
