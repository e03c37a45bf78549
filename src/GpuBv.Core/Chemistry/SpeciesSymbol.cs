using System.Globalization;
using System.Text.RegularExpressions;

namespace GpuBv.Chemistry;

/// <summary>
/// Reads element and charge from the symbols found in structure files: type symbols such as <c>Li</c>, <c>Li+</c>,
/// <c>O2-</c>, <c>Fe3+</c>, <c>Li1+</c>, <c>O-2</c>, <c>Li0+</c>, and site labels such as <c>Li1</c>, <c>O2a</c>, <c>Fe_2</c>.
/// </summary>
public static partial class SpeciesSymbol
{
    [GeneratedRegex(@"^([A-Za-z]{1,2}?)(?:(\d*\.?\d*)([+-])|([+-])(\d*\.?\d*))?$")]
    private static partial Regex ChargedSymbol();

    /// <summary>
    /// Parses a type symbol: an element optionally followed by a charge (<c>Fe3+</c>, <c>O2-</c>, <c>Li+</c>, <c>O-2</c>).
    /// Returns false when the text is not such a symbol or the element is unknown. <paramref name="charge"/> is null
    /// when the symbol carries no charge.
    /// </summary>
    public static bool TryParseTypeSymbol(string text, out string element, out double? charge)
    {
        element = "";
        charge = null;
        var m = ChargedSymbol().Match(text.Trim());
        if (!m.Success)
            return false;
        if (!Element.TryGet(m.Groups[1].Value, out var el))
            return false;
        element = el.Symbol;
        if (m.Groups[3].Success)
            charge = Magnitude(m.Groups[2].Value) * (m.Groups[3].Value == "-" ? -1 : 1);
        else if (m.Groups[4].Success)
            charge = Magnitude(m.Groups[5].Value) * (m.Groups[4].Value == "-" ? -1 : 1);
        return true;
    }

    /// <summary>
    /// Finds the element a site label or loose symbol names: the longest leading element symbol
    /// (<c>Li1</c> → Li, <c>O2-</c> → O, <c>Oa</c> → O, <c>FE1</c> → Fe, <c>Co3</c> → Co). Returns false when no element fits.
    /// </summary>
    public static bool TryElementFromLabel(string label, out string element)
    {
        element = "";
        var t = label.Trim();
        int letters = 0;
        while (letters < t.Length && letters < 2 && char.IsLetter(t[letters]))
            letters++;
        if (letters == 0)
            return false;
        if (letters == 2)
        {
            // A two-letter symbol needs its second letter lower case in the label, or an all-upper label like "FE1".
            bool upperLabel = char.IsUpper(t[1]) && (t.Length == 2 || !char.IsLetter(t[2]));
            if ((char.IsLower(t[1]) || upperLabel) && Element.TryGet(t[..2], out var e2))
            {
                element = e2.Symbol;
                return true;
            }
        }
        if (Element.TryGet(t[..1], out var e1))
        {
            element = e1.Symbol;
            return true;
        }
        return false;
    }

    private static double Magnitude(string digits)
        => digits.Length == 0 ? 1.0 : double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
}
