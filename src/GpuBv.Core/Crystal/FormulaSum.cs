using System.Globalization;
using System.Text;
using GpuBv.Chemistry;

namespace GpuBv.Crystal;

/// <summary>What a structure's cell holds compared with a file's own formula (see <see cref="FormulaSum.Compare"/>).</summary>
/// <param name="Agrees">Every element other than H matches the formula × Z (or a common multiple of the formula when Z
/// is missing), within the tolerance of rounded partial occupancies.</param>
/// <param name="MissingHydrogens">H per cell the formula implies but the sites do not give (0 when none are missing).</param>
/// <param name="Expected">The cell content the formula implies (formula × Z or × the common factor found), or null when
/// no factor fits.</param>
/// <param name="Difference">One phrase naming the elements that differ, or null when it agrees.</param>
public sealed record FormulaCheck(bool Agrees, double MissingHydrogens, IReadOnlyDictionary<string, double>? Expected,
    string? Difference);

/// <summary>
/// A CIF <c>_chemical_formula_sum</c> (<c>'C Mg O3'</c>, <c>'Ca H2 O2'</c>, <c>'Fe2 O4 Co'</c>, also without spaces and with
/// parentheses), and the comparison of a cell's content with it.
/// </summary>
public static class FormulaSum
{
    /// <summary>
    /// Parses a formula into element amounts (D and T count as H); false when it is empty, has an unknown element or a
    /// character that is not part of a formula (charges such as <c>2+</c> make it unreadable).
    /// </summary>
    public static bool TryParse(string? text, out Dictionary<string, double> amounts)
    {
        amounts = new Dictionary<string, double>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var stack = new Stack<Dictionary<string, double>>();
        var current = amounts;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c) || c == '\'' || c == '"' || c == '·' || c == '*')
            {
                i++;
                continue;
            }
            if (c is '(' or '[')
            {
                stack.Push(current);
                current = new Dictionary<string, double>(StringComparer.Ordinal);
                i++;
                continue;
            }
            if (c is ')' or ']')
            {
                if (stack.Count == 0)
                    return false;
                i++;
                double m = ReadNumber(text, ref i) ?? 1;
                var inner = current;
                current = stack.Pop();
                foreach (var (el, n) in inner)
                    current[el] = current.GetValueOrDefault(el) + n * m;
                continue;
            }
            if (!char.IsAsciiLetterUpper(c))
                return false;
            var sym = new StringBuilder().Append(c);
            i++;
            if (i < text.Length && char.IsAsciiLetterLower(text[i]))
                sym.Append(text[i++]);
            string s = sym.ToString();
            if (s is "D" or "T")
                s = "H";
            if (!Element.TryGet(s, out _))
                return false;
            double amount = ReadNumber(text, ref i) ?? 1;
            current[s] = current.GetValueOrDefault(s) + amount;
        }
        return stack.Count == 0 && amounts.Count > 0 && amounts.Values.All(v => v > 0);
    }

    private static double? ReadNumber(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            i++;
        if (i == start)
            return null;
        return double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>
    /// Compares the cell content <paramref name="cell"/> with <paramref name="formula"/> × <paramref name="z"/> (when Z is
    /// null: with the multiple of the formula that fits the cell best). H is compared separately: fewer H in the cell than
    /// the formula implies is reported as missing hydrogens (implicit H), not as a disagreement.
    /// </summary>
    /// <remarks>
    /// pymatgen (hence Materials Project) writes the whole cell content as <c>_chemical_formula_sum</c> and the number of
    /// reduced formula units as Z (<c>'Li4 Fe4 P4 O16'</c>, Z = 4): a cell that equals the formula itself agrees too.
    /// </remarks>
    public static FormulaCheck Compare(IReadOnlyDictionary<string, double> cell, IReadOnlyDictionary<string, double> formula,
        double? z)
    {
        double factor = Factor(cell, formula, z);
        if (!Agrees(cell, formula, factor) && z is > 0 && z.Value != 1 && Agrees(cell, formula, 1))
            factor = 1;
        return Check(cell, formula, factor);
    }

    /// <summary>Z, or without it the multiple of the formula that fits the cell's elements other than H best (whole or half
    /// multiples are snapped to; H alone for a pure hydride formula such as H2).</summary>
    private static double Factor(IReadOnlyDictionary<string, double> cell, IReadOnlyDictionary<string, double> formula,
        double? z)
    {
        if (z is > 0)
            return z.Value;
        bool onlyH = formula.Count == 1 && formula.ContainsKey("H");
        double num = 0, den = 0;
        foreach (var (el, n) in formula)
        {
            if (el == "H" && !onlyH)
                continue;
            num += cell.GetValueOrDefault(el) * n;
            den += n * n;
        }
        double factor = den > 0 ? num / den : 0;
        if (factor > 0.5)
        {
            double r = Math.Round(factor * 2) / 2;
            if (Math.Abs(r - factor) < 0.05 * factor)
                factor = r;
        }
        return factor;
    }

    /// <summary>Every element other than H agrees at <paramref name="factor"/>, and H is not in excess (no allocation).</summary>
    private static bool Agrees(IReadOnlyDictionary<string, double> cell, IReadOnlyDictionary<string, double> formula,
        double factor)
    {
        if (!(factor > 0))
            return false;
        foreach (var (el, n) in formula)
        {
            double want = n * factor, have = cell.GetValueOrDefault(el);
            if (!Near(want, have) && (el != "H" || have > want))
                return false;
        }
        foreach (var (el, have) in cell)
            if (!formula.ContainsKey(el) && !Near(0, have))
                return false;
        return true;
    }

    private static FormulaCheck Check(IReadOnlyDictionary<string, double> cell, IReadOnlyDictionary<string, double> formula,
        double factor)
    {
        if (!(factor > 0))
            return new FormulaCheck(false, 0, null, $"the cell holds none of {Write(formula)}");
        var expected = new Dictionary<string, double>(formula.Count, StringComparer.Ordinal);
        foreach (var (el, n) in formula)
            expected[el] = n * factor;
        double wantH = expected.GetValueOrDefault("H"), haveH = cell.GetValueOrDefault("H");
        double missingH = !Near(wantH, haveH) && haveH < wantH ? Math.Round(wantH - haveH, 3) : 0;
        if (Agrees(cell, formula, factor))
            return new FormulaCheck(true, missingH, expected, null);
        var diffs = new List<string>();
        foreach (var el in expected.Keys.Union(cell.Keys).OrderBy(e => e, StringComparer.Ordinal))
        {
            double want = expected.GetValueOrDefault(el), have = cell.GetValueOrDefault(el);
            if (!Near(want, have) && (el != "H" || have > want))
                diffs.Add($"{el} {Fmt(have)} (formula {Fmt(want)})");
        }
        return new FormulaCheck(false, missingH, expected, string.Join(", ", diffs));
    }

    /// <summary>Amounts agree within what rounded partial occupancies in a formula allow.</summary>
    private static bool Near(double want, double have) => Math.Abs(want - have) <= Math.Max(0.05, 0.02 * want);

    /// <summary>A composition written as a formula in symbol order with spaces, e.g. <c>C2 Mg2 O6</c>.</summary>
    public static string Write(IReadOnlyDictionary<string, double> amounts)
        => string.Join(" ", amounts.Where(kv => kv.Value > 1e-6).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + (Math.Abs(kv.Value - 1) < 1e-4 ? "" : Fmt(kv.Value))));

    private static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
