using System.Globalization;

namespace GpuBv.IO.Structures.Cif;

/// <summary>A CIF value with the line it was read from. <c>?</c> (unknown) and <c>.</c> (inapplicable) are flagged when unquoted.</summary>
public readonly record struct CifValue(string Text, int Line, bool Quoted = false)
{
    /// <summary>The unquoted value <c>?</c>.</summary>
    public bool IsUnknown => !Quoted && Text == "?";
    /// <summary>The unquoted value <c>.</c>.</summary>
    public bool IsInapplicable => !Quoted && Text == ".";
    /// <summary>True for <c>?</c> or <c>.</c>.</summary>
    public bool IsMissing => IsUnknown || IsInapplicable;

    /// <summary>
    /// Parses a CIF number, dropping a standard uncertainty in parentheses (<c>1.234(5)</c> → 1.234); also accepts
    /// a simple fraction (<c>1/3</c>) as some writers emit one. False for <c>?</c>, <c>.</c> and non-numbers.
    /// </summary>
    public bool TryGetNumber(out double value) => CifNumber.TryParse(Text, out value);
}
