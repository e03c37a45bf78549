using System.Globalization;
using System.Text.RegularExpressions;
using GpuBv.Chemistry;

namespace GpuBv.Bvse;

/// <summary>The mobile (test) ion: element and formal charge, e.g. Li1+ (Li, +1), O2− (O, −2).</summary>
public sealed partial record MobileIon(string Element, int Charge)
{
    [GeneratedRegex(@"^([A-Z][a-z]?)(\d*)([+-])$|^([A-Z][a-z]?)([+-])(\d+)$")]
    private static partial Regex IonPattern();

    /// <summary>
    /// Parses <c>Li1+</c>, <c>Li+</c>, <c>Mg2+</c>, <c>O2-</c>, <c>F-</c>, <c>O-2</c>. Throws an <see cref="InputException"/>
    /// naming <paramref name="parameter"/> for anything else (a charge is required: the sign says cation or anion).
    /// </summary>
    /// <param name="text">The ion as written.</param>
    /// <param name="parameter">The parameter the text came from, named in the error.</param>
    public static MobileIon Parse(string text, InputParameter parameter = InputParameter.Ion)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var m = IonPattern().Match(t);
        if (!m.Success)
            throw new InputException(parameter, $"'{text}'", "expected an element with its charge, e.g. Li1+, Na+, Mg2+, O2-, F-");
        string el = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[4].Value;
        string digits = m.Groups[1].Success ? m.Groups[2].Value : m.Groups[6].Value;
        string sign = m.Groups[1].Success ? m.Groups[3].Value : m.Groups[5].Value;
        if (!Chemistry.Element.IsSymbol(el))
            throw new InputException(parameter, $"'{text}'", $"unknown element symbol '{el}'");
        int mag = digits.Length == 0 ? 1 : int.Parse(digits, CultureInfo.InvariantCulture);
        if (mag == 0)
        {
            throw new InputException(parameter, $"'{text}'", "the mobile ion needs a non-zero charge");
        }
        return new MobileIon(el, sign == "-" ? -mag : mag);
    }

    /// <summary>True for a cation.</summary>
    public bool IsCation => Charge > 0;

    /// <summary>Written as <c>Li1+</c> / <c>O2-</c> (bvlain's form).</summary>
    public override string ToString() => $"{Element}{Math.Abs(Charge)}{(Charge > 0 ? "+" : "-")}";
}
