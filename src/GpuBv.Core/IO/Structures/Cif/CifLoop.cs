using System.Globalization;

namespace GpuBv.IO.Structures.Cif;

/// <summary>A loop: its tags (lower case) and rows of values.</summary>
public sealed class CifLoop
{
    internal CifLoop(IReadOnlyList<string> tags, int line)
    {
        Tags = tags;
        Line = line;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < tags.Count; i++)
            _index.TryAdd(tags[i], i);
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
