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
            if (!text.EndsWith(")")) return false;
            var su = text[(paren + 1)..^1];
            foreach (var c in su) if (!char.IsDigit(c)) return false;
            text = text[..paren];
        }
        if (text.Length == 0) return false;
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

/// <summary>A loop: its tags (lower case) and rows of values.</summary>
public sealed class CifLoop
{
    internal CifLoop(IReadOnlyList<string> tags, int line)
    {
        Tags = tags;
        Line = line;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < tags.Count; i++) _index.TryAdd(tags[i], i);
    }

    private readonly Dictionary<string, int> _index;

    /// <summary>The loop's tags, as written (matching is case-insensitive).</summary>
    public IReadOnlyList<string> Tags { get; }
    /// <summary>Line of the <c>loop_</c> keyword.</summary>
    public int Line { get; }
    /// <summary>The rows; each has one value per tag.</summary>
    public List<CifValue[]> Rows { get; } = new();

    /// <summary>Column index of a tag, or −1.</summary>
    public int IndexOf(string tag) => _index.TryGetValue(tag, out var i) ? i : -1;

    /// <summary>True when the loop has the tag.</summary>
    public bool Has(string tag) => _index.ContainsKey(tag);
}

/// <summary>A data block: single-valued items and loops. Tag lookups are case-insensitive.</summary>
public sealed class CifBlock
{
    internal CifBlock(string name, int line) { Name = name; Line = line; }

    /// <summary>The block name (after <c>data_</c>).</summary>
    public string Name { get; }
    /// <summary>Line of the <c>data_</c> header.</summary>
    public int Line { get; }
    /// <summary>Single-valued items by tag.</summary>
    public Dictionary<string, CifValue> Items { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Loops in order of appearance.</summary>
    public List<CifLoop> Loops { get; } = new();

    /// <summary>The loop that contains <paramref name="tag"/>, or null.</summary>
    public CifLoop? FindLoop(string tag) => Loops.FirstOrDefault(l => l.Has(tag));

    /// <summary>The first single item among <paramref name="tags"/> that is present and not ?/. (or null); also looks into one-row loops.</summary>
    public (string Tag, CifValue Value)? FindItem(params string[] tags)
    {
        foreach (var t in tags)
        {
            if (Items.TryGetValue(t, out var v) && !v.IsMissing) return (t, v);
            var loop = FindLoop(t);
            if (loop is { Rows.Count: 1 })
            {
                var lv = loop.Rows[0][loop.IndexOf(t)];
                if (!lv.IsMissing) return (t, lv);
            }
        }
        return null;
    }
}

/// <summary>A parsed CIF file: its data blocks in order.</summary>
public sealed class CifDocument
{
    internal CifDocument(string fileName) { FileName = fileName; }

    /// <summary>The file name used in error messages.</summary>
    public string FileName { get; }
    /// <summary>The data blocks (save frames are skipped).</summary>
    public List<CifBlock> Blocks { get; } = new();
}
