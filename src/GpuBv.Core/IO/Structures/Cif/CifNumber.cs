using System.Globalization;

namespace GpuBv.IO.Structures.Cif;

/// <summary>Numeric values as written in CIF.</summary>
public static class CifNumber
{
    /// <summary>See <see cref="CifValue.TryGetNumber"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        text = text.Trim();
        int paren = text.IndexOf('(');
        if (paren >= 0)
        {
            if (!text.EndsWith(")"))
                return false;
            var su = text[(paren + 1)..^1];
            foreach (var c in su)
                if (!char.IsDigit(c))
                    return false;
            text = text[..paren];
        }
        if (text.Length == 0)
            return false;
        int slash = text.IndexOf('/');
        if (slash > 0)
        {
            if (!double.TryParse(text[..slash], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ||
                !double.TryParse(text[(slash + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d == 0)
                return false;
            value = n / d;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
