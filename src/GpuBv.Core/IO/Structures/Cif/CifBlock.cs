using System.Globalization;

namespace GpuBv.IO.Structures.Cif;

/// <summary>A data block: single-valued items and loops. Tag lookups are case-insensitive.</summary>
public sealed class CifBlock
{
    internal CifBlock(string name, int line)
    {
        Name = name;
        Line = line;
    }

    /// <summary>The block name (after <c>data_</c>).</summary>
    public string Name { get; }
    /// <summary>Line of the <c>data_</c> header.</summary>
    public int Line { get; }
    /// <summary>Single-valued items by tag.</summary>
    public Dictionary<string, CifValue> Items { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Loops in order of appearance.</summary>
    public List<CifLoop> Loops { get; } = new();
    /// <summary>Syntax the parser read leniently in this block (e.g. a quoted value that runs past its line), one line each,
    /// starting with the place (<c>line N: ...</c>).</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>The loop that contains <paramref name="tag"/>, or null.</summary>
    public CifLoop? FindLoop(string tag) => Loops.FirstOrDefault(l => l.Has(tag));

    /// <summary>The first single item among <paramref name="tags"/> that is present and not ?/. (or null); also looks
    /// into one-row loops.</summary>
    public (string Tag, CifValue Value)? FindItem(params string[] tags)
    {
        foreach (var t in tags)
        {
            if (Items.TryGetValue(t, out var v) && !v.IsMissing)
                return (t, v);
            var loop = FindLoop(t);
            if (loop is { Rows.Count: 1 })
            {
                var lv = loop.Rows[0][loop.IndexOf(t)];
                if (!lv.IsMissing)
                    return (t, lv);
            }
        }
        return null;
    }
}
