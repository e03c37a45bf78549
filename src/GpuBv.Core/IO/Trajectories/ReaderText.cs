using System.Globalization;
using System.Text;
using GpuBv.Chemistry;

namespace GpuBv.IO.Trajectories;

/// <summary>Small text helpers shared by the trajectory readers (allocation-free token splitting, number parsing).</summary>
internal static class ReaderText
{
    private static Dictionary<int, string>? _byZ;

    /// <summary>
    /// Splits <paramref name="s"/> on blanks and tabs into <paramref name="dest"/>; returns the total number of
    /// tokens, which may exceed <c>dest.Length</c> (only the first <c>dest.Length</c> are stored).
    /// </summary>
    public static int Split(ReadOnlySpan<char> s, Span<Range> dest)
    {
        int n = 0, i = 0;
        while (true)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
                i++;
            if (i >= s.Length)
                return n;
            int start = i;
            while (i < s.Length && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
                i++;
            if (n < dest.Length)
                dest[n] = start..i;
            n++;
        }
    }

    /// <summary>Tokens of a line as strings (for header lines, not for per-atom lines).</summary>
    public static string[] Tokens(string line) => line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when the line holds nothing but white space.</summary>
    public static bool IsBlank(string line) => line.AsSpan().IsWhiteSpace();

    /// <summary>Parses a finite number in invariant culture.</summary>
    public static bool TryNumber(ReadOnlySpan<char> s, out double value)
        => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Parses a whole number in invariant culture.</summary>
    public static bool TryInt(ReadOnlySpan<char> s, out int value)
        => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a 64-bit whole number in invariant culture.</summary>
    public static bool TryLong(ReadOnlySpan<char> s, out long value)
        => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>A token for an error message: at most 40 characters.</summary>
    public static string Shorten(ReadOnlySpan<char> s) => s.Length <= 40 ? s.ToString() : string.Concat(s[..37], "...");

    /// <summary>Invariant-culture integer text.</summary>
    public static string Str(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The element a species token names: an element symbol (any case), a charged symbol (<c>Li+</c>, <c>O2-</c>), or
    /// a POTCAR-style name (<c>Li_sv</c>, <c>Fe/pv</c>).
    /// </summary>
    public static bool TryElement(string token, out string symbol)
    {
        symbol = "";
        if (token.Length == 0)
            return false;
        if (Element.TryGet(token, out var e))
        {
            symbol = e.Symbol;
            return true;
        }
        if (SpeciesSymbol.TryParseTypeSymbol(token, out var el, out _))
        {
            symbol = el;
            return true;
        }
        int cut = token.IndexOfAny(['_', '/', '.']);
        if (cut > 0 && Element.TryGet(token[..cut], out e))
        {
            symbol = e.Symbol;
            return true;
        }
        return false;
    }

    /// <summary>The element with atomic number <paramref name="z"/>.</summary>
    public static bool TryElementByZ(int z, out string symbol)
    {
        _byZ ??= Element.All.Values.ToDictionary(x => x.Z, x => x.Symbol);
        return _byZ.TryGetValue(z, out symbol!);
    }

    /// <summary>
    /// The remedy when atom types are numbers without elements: pass the type map (a parameter key that the front end
    /// renders with its own name, e.g. the CLI's types option).
    /// </summary>
    public static readonly string TypeMapHint = $"give the LAMMPS type map with {TypesKey}, e.g. {TypesKey} 1=Li,2=In,3=Cl";

    private static string TypesKey => InputException.Ref(InputParameter.Types);
}
