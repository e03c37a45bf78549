using System.Collections.Immutable;
using System.Globalization;
using GpuBv.Chemistry;
using GpuBv.Crystal;

namespace GpuBv.IO.Structures;

/// <summary>
/// Reads a VASP POSCAR or CONTCAR file (VASP 5 and 6 layout, and VASP 4 files without a species line when the
/// positions carry element symbols after the coordinates, as pymatgen writes them, or the comment line names the
/// elements or is a formula matching the counts, as ASE reads it; a warning then says where the species came from).
/// The result is a P1 <see cref="Structure"/> with fully occupied sites labelled
/// element + running number (Li1, Li2, ..., O1, ...). Velocity and predictor-corrector blocks after the positions
/// are ignored. Every problem with the input is reported as an <see cref="InputException"/> naming the line.
/// </summary>
public static class PoscarReader
{
    private static readonly string[] AxisNames = ["a", "b", "c"];

    /// <summary>Reads a POSCAR/CONTCAR from <paramref name="reader"/>.</summary>
    /// <param name="reader">The text; read up to the end of the atom positions.</param>
    /// <param name="fileName">Name used for <see cref="Structure.Source"/> and in error messages.</param>
    /// <exception cref="InputException">The text is not a valid POSCAR.</exception>
    public static Structure Read(TextReader reader, string fileName)
    {
        var lines = new LineSource(reader, fileName);

        // 1: comment.
        string? comment = lines.Next();
        if (comment is null)
            throw lines.Error("the file is empty");

        // 2: scale factor(s).
        string scaleLine = lines.NextRequired("the scale factor");
        var (uniformScale, axisScale) = ParseScale(lines, scaleLine);

        // 3-5: lattice vectors.
        var raw = new Vec3[3];
        for (int i = 0; i < 3; i++)
        {
            string text = lines.NextRequired($"lattice vector {AxisNames[i]}");
            raw[i] = ParseVector(lines, text, $"lattice vector {AxisNames[i]}");
        }
        double rawVolume = Vec3.Dot(raw[0], Vec3.Cross(raw[1], raw[2]));
        double lengthProduct = raw[0].Length * raw[1].Length * raw[2].Length;
        if (!(Math.Abs(rawVolume) > 1e-10 * lengthProduct) || !double.IsFinite(rawVolume))
            throw lines.Error("the lattice vectors on lines 3-5 are degenerate (zero cell volume)");
        if (Lattice.DegeneracyProblem(raw[0], raw[1], raw[2]) is { } degenerate)
            throw lines.Error($"lines 3-5: {degenerate}");

        // Resolve the scale: a negative single value is the wanted cell volume.
        var scale = VaspScale.Resolve(uniformScale, axisScale, rawVolume);
        Lattice lattice;
        try
        {
            lattice = Lattice.FromVectors(VaspScale.Apply(raw[0], scale), VaspScale.Apply(raw[1], scale), VaspScale.Apply(raw[2], scale));
        }
        catch (ArgumentException e)
        {
            throw lines.Error($"the scaled lattice vectors: {e.Message}");
        }
        if (!double.IsFinite(lattice.Volume) || !(Math.Abs(lattice.Volume) > 1e-8))
            throw lines.Error("the scaled lattice vectors are degenerate (zero cell volume)");

        // 6 (7): species names and counts.
        string line6 = lines.NextRequired("the species names or atom counts");
        var tokens6 = Tokens(line6);
        if (tokens6.Length == 0)
            throw lines.Error("expected the species names (VASP 5) or the atom counts, found a blank line");

        string[]? species;
        int[] counts;
        int countsLine;
        if (IsInteger(tokens6[0]))
        {
            // VASP 4: no species line; the coordinate lines or the comment line may name the elements.
            counts = ParseCounts(lines, tokens6, null);
            countsLine = lines.LineNumber;
            species = null;
        }
        else
        {
            species = ParseSpecies(lines, tokens6);
            string countLine = lines.NextRequired("the atom counts");
            counts = ParseCounts(lines, Tokens(countLine), species.Length);
            countsLine = lines.LineNumber;
        }
        long total = counts.Sum(c => (long)c);
        if (total == 0)
            throw lines.Error("the atom counts add up to zero atoms");
        if (total > 50_000_000)
            throw lines.Error($"the atom counts add up to {total} atoms, more than supported");

        // Optional "Selective dynamics", then Direct/Cartesian.
        string modeLine = lines.NextRequired("the 'Direct' or 'Cartesian' line");
        string mode = modeLine.TrimStart();
        bool selective = mode.Length > 0 && (mode[0] == 'S' || mode[0] == 's');
        if (selective)
        {
            modeLine = lines.NextRequired("the 'Direct' or 'Cartesian' line");
            mode = modeLine.TrimStart();
        }
        bool cartesian;
        char m0 = mode.Length > 0 ? mode[0] : ' ';
        if (m0 is 'D' or 'd')
            cartesian = false;
        else if (m0 is 'C' or 'c' or 'K' or 'k')
            cartesian = true;
        else
            throw lines.Error($"expected 'Direct' or 'Cartesian' before the atom positions, found '{Shorten(modeLine.Trim())}'");

        // Positions; without a species line, each line's element symbol after the coordinates (and flags) is kept.
        var positions = new Vec3[total];
        string[]? appended = species is null ? new string[total] : null;
        int symbolIndex = selective ? 6 : 3;
        int done = 0;
        for (int k = 0; k < counts.Length; k++)
        {
            string el = species is null ? "" : $" ({species[k]})";
            for (int j = 0; j < counts[k]; j++)
            {
                string? text = lines.Next();
                if (text is null)
                    throw lines.Error($"the file ends after {done} of {total} atom positions");
                var tokens = Tokens(text);
                var p = ParseVector(lines, tokens, text, $"atom position {done + 1} of {total}{el}");
                var frac = cartesian ? lattice.ToFractional(VaspScale.Apply(p, scale)) : p;
                if (!double.IsFinite(frac.X) || !double.IsFinite(frac.Y) || !double.IsFinite(frac.Z))
                    throw lines.Error($"atom position {done + 1} is not a finite point");
                positions[done] = frac;
                if (appended is not null)
                    appended[done] = tokens.Length > symbolIndex && Element.IsSymbol(tokens[symbolIndex]) ? tokens[symbolIndex] : "";
                done++;
            }
        }

        var warnings = new List<string>();
        string[] perSite = appended is null
            ? PerSite(species!, counts, total)
            : SpeciesWithoutSpeciesLine(appended, comment, counts, countsLine, total, warnings)
              ?? throw lines.ErrorAt(countsLine, "the species names are missing: there is no species line (VASP 4 layout), the atom "
                  + "positions carry no element symbols, and the comment line neither lists "
                  + $"{counts.Length} element symbol(s) nor is a formula whose counts match the counts line");

        var sites = new List<Site>((int)total);
        var running = new Dictionary<string, int>();
        for (int i = 0; i < total; i++)
        {
            string el = perSite[i];
            int n = running.GetValueOrDefault(el) + 1;
            running[el] = n;
            sites.Add(new Site(el + n.ToString(CultureInfo.InvariantCulture), positions[i],
                ImmutableArray.Create(new SiteSpecies(el, 1.0))));
        }

        return new Structure(lattice, sites, "P 1", fileName, warnings, comment.Trim());
    }

    private static (double Uniform, Vec3? PerAxis) ParseScale(LineSource lines, string text)
    {
        var tokens = Tokens(text);
        if (tokens.Length == 0)
            throw lines.Error("expected the scale factor, found a blank line");
        var values = new List<double>(3);
        foreach (var t in tokens)
        {
            if (values.Count == 3 || !TryNumber(t, out double v))
                break;
            values.Add(v);
        }
        if (values.Count == 0)
            throw lines.Error($"expected the scale factor, found '{Shorten(tokens[0])}'");
        if (values.Count == 3)
        {
            if (!(values[0] > 0 && values[1] > 0 && values[2] > 0))
                throw lines.Error("three scale factors (one per Cartesian axis) must all be positive");
            return (1.0, new Vec3(values[0], values[1], values[2]));
        }
        if (values[0] == 0)
            throw lines.Error("the scale factor is zero");
        return (values[0], null);
    }

    private static Vec3 ParseVector(LineSource lines, string text, string what) => ParseVector(lines, Tokens(text), text, what);

    private static Vec3 ParseVector(LineSource lines, string[] tokens, string text, string what)
    {
        if (tokens.Length < 3)
            throw lines.Error($"expected 3 numbers for {what}, found {(tokens.Length == 0 ? "a blank "
                + $"line" : $"'{Shorten(text.Trim())}'")}");
        var v = new double[3];
        for (int i = 0; i < 3; i++)
            if (!TryNumber(tokens[i], out v[i]))
                throw lines.Error($"expected 3 numbers for {what}, found '{Shorten(tokens[i])}'");
        return new Vec3(v[0], v[1], v[2]);
    }

    private static string[] ParseSpecies(LineSource lines, string[] tokens)
    {
        var result = new List<string>(tokens.Length);
        foreach (var t in tokens)
        {
            if (t[0] is '!' or '#')
                break;
            string prefix = PotcarPrefix(t);
            if (!Element.TryGet(prefix, out var e))
                throw lines.Error($"unknown element '{Shorten(prefix.Length > 0 ? prefix : t)}' in the species line");
            result.Add(e.Symbol);
        }
        if (result.Count == 0)
            throw lines.Error("the species line names no elements");
        return result.ToArray();
    }

    private static int[] ParseCounts(LineSource lines, string[] tokens, int? expected)
    {
        var counts = new List<int>(tokens.Length);
        foreach (var t in tokens)
        {
            if (t[0] is '!' or '#')
                break;
            if (!int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c))
            {
                if (TryNumber(t, out _))
                    throw lines.Error($"expected a whole number of atoms in the counts line, found '{Shorten(t)}'");
                if (expected is null || counts.Count != expected) // words after the counts are tolerated
                    throw lines.Error($"expected the atom counts (whole numbers), found '{Shorten(t)}'");
                break;
            }
            if (c < 0)
                throw lines.Error($"negative atom count {c}");
            counts.Add(c);
        }
        if (counts.Count == 0)
            throw lines.Error("the counts line has no atom counts");
        if (expected is { } n && counts.Count != n)
            throw lines.Error($"species line has {n} name{(n == 1 ? "" : "s")} but counts line has {counts.Count} "
                + $"number{(counts.Count == 1 ? "" : "s")}");
        return counts.ToArray();
    }

    /// <summary>The comment-line tokens as element symbols when they are exactly <paramref name="n"/> known symbols (exact case).</summary>
    private static string[]? SpeciesFromComment(string comment, int n)
    {
        var tokens = Tokens(comment);
        if (tokens.Length != n)
            return null;
        var result = new string[n];
        for (int i = 0; i < n; i++)
        {
            string prefix = PotcarPrefix(tokens[i]);
            if (!Element.IsSymbol(prefix))
                return null;
            result[i] = prefix;
        }
        return result;
    }

    private static string[] PerSite(string[] species, int[] counts, long total)
    {
        var result = new string[total];
        int done = 0;
        for (int k = 0; k < counts.Length; k++)
        {
            for (int j = 0; j < counts[k]; j++)
                result[done++] = species[k];
        }
        return result;
    }

    /// <summary>
    /// Each site's element for a file without a species line: the symbols after the coordinates when every position
    /// has one (as pymatgen reads and writes VASP 4 files), else the comment line's element symbols, else a comment that
    /// is a formula whose counts are those of the counts line or proportional to them (as ASE reads it). Null when none
    /// gives them. Adds a warning saying where the species came from.
    /// </summary>
    private static string[]? SpeciesWithoutSpeciesLine(string[] appended, string comment, int[] counts, int countsLine,
        long total, List<string> warnings)
    {
        string where = "line " + countsLine.ToString(CultureInfo.InvariantCulture);
        if (appended.All(a => a.Length > 0))
        {
            warnings.Add($"{where}: no species line (VASP 4 layout); the species are taken from the element symbols after "
                + "each atom position");
            return appended;
        }
        if (SpeciesFromComment(comment, counts.Length) is { } names)
        {
            warnings.Add($"{where}: no species line (VASP 4 layout); the species are taken from the comment line "
                + $"'{Shorten(comment.Trim())}' ({string.Join(" ", names)})");
            return PerSite(names, counts, total);
        }
        if (SpeciesFromFormula(comment, counts) is { } fromFormula)
        {
            warnings.Add($"{where}: no species line (VASP 4 layout); the species are taken from the formula "
                + $"'{Shorten(comment.Trim())}' on the comment line ({string.Join(" ", fromFormula)}), whose counts match "
                + "the counts line");
            return PerSite(fromFormula, counts, total);
        }
        return null;
    }

    /// <summary>
    /// The elements of a formula on the comment line ("Fe4P4O16", "LiFePO4", "Li2 O1"; the whole line or its first
    /// words), one per count in order, when its element counts equal those of the counts line or are proportional to them.
    /// </summary>
    private static string[]? SpeciesFromFormula(string comment, int[] counts)
    {
        var tokens = Tokens(comment);
        for (int words = tokens.Length; words >= 1; words--)
        {
            string candidate = string.Concat(tokens.Take(words));
            if (ParseFormula(candidate) is not { } formula || formula.Count != counts.Length)
                continue;
            bool proportional = true;
            for (int i = 0; i < counts.Length && proportional; i++)
                proportional = counts[i] > 0 && (long)counts[i] * formula[0].Count == (long)counts[0] * formula[i].Count;
            if (proportional)
                return formula.Select(f => f.Element).ToArray();
        }
        return null;
    }

    /// <summary>"LiFePO4" → (Li 1) (Fe 1) (P 1) (O 4): element symbols (exact case) each with an optional whole count.</summary>
    private static List<(string Element, int Count)>? ParseFormula(string text)
    {
        var result = new List<(string, int)>();
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiLetterUpper(text[i]))
                return null;
            string symbol = text[i].ToString();
            if (i + 1 < text.Length && char.IsAsciiLetterLower(text[i + 1]))
                symbol = text.Substring(i, 2);
            if (!Element.IsSymbol(symbol))
                return null;
            i += symbol.Length;
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                i++;
            int count = 1;
            if (i > start && !int.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out count))
                return null;
            if (count == 0)
                return null;
            result.Add((symbol, count));
        }
        return result.Count > 0 ? result : null;
    }

    /// <summary>"Li_sv" → "Li", "Li/" → "Li", "Fe_pv/ab12" → "Fe".</summary>
    private static string PotcarPrefix(string token)
    {
        int cut = token.IndexOfAny(['_', '/']);
        return cut < 0 ? token : token[..cut];
    }


    private static bool IsInteger(string t) =>
        t.Length > 0 && (char.IsAsciiDigit(t[0]) || (t[0] is '+' or '-' && t.Length > 1 && char.IsAsciiDigit(t[1])));

    internal static string[] Tokens(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Parses a finite real number (invariant culture; Fortran "1.0D+00" exponents accepted).</summary>
    internal static bool TryNumber(string t, out double value)
    {
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
            return true;
        if (t.AsSpan().IndexOfAny('d', 'D') >= 0
            && double.TryParse(t.Replace('d', 'e').Replace('D', 'E'), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value))
            return true;
        value = 0;
        return false;
    }

    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";

    /// <summary>Reads lines and remembers the number of the last one read, for error messages.</summary>
    private sealed class LineSource(TextReader reader, string fileName)
    {
        /// <summary>The 1-based number of the last line returned (or of the line that was missing).</summary>
        public int LineNumber { get; private set; }

        public string? Next()
        {
            LineNumber++;
            return reader.ReadLine();
        }

        public string NextRequired(string what) => Next() ?? throw Error($"the file ends before {what}");

        public InputException Error(string problem) => ErrorAt(LineNumber, problem);

        public InputException ErrorAt(int line, string problem)
            => new(fileName, "line " + line.ToString(CultureInfo.InvariantCulture), problem);
    }
}
