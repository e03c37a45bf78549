using System.Globalization;

namespace GpuBv.Compute;

/// <summary>
/// The one memory budget that every large allocation checks before it is made (BVSE grids, local E_rot grids,
/// trajectory density grids and buffers). It defaults to <see cref="DefaultFraction"/> of the memory available to the GC
/// (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, which honours container limits), can be set by the user, and is
/// divided among the structures a screen runs at once.
/// </summary>
/// <param name="Bytes">The bytes one computation may hold at its peak.</param>
public sealed record MemoryBudget(long Bytes)
{
    /// <summary>Fraction of the available memory the default budget allows: one half.</summary>
    public const double DefaultFraction = 0.5;

    /// <summary>The smallest budget accepted (1 MiB): anything less cannot hold even a small grid.</summary>
    public const long MinimumBytes = 1L << 20;

    /// <summary>The default budget: <see cref="DefaultFraction"/> of the memory available to this process.</summary>
    public static MemoryBudget Default
    {
        get
        {
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            return new MemoryBudget(available > 0 ? (long)(available * DefaultFraction) : long.MaxValue);
        }
    }

    /// <summary>No budget: only the size limits of arrays apply.</summary>
    public static MemoryBudget Unlimited { get; } = new(long.MaxValue);

    /// <summary>The budget given, or the default one when none is.</summary>
    /// <param name="given">A budget set by the caller, or null.</param>
    public static MemoryBudget Or(MemoryBudget? given) => given ?? Default;

    /// <summary>This budget shared by <paramref name="parts"/> computations running at once.</summary>
    /// <param name="parts">How many share it (≥ 1).</param>
    public MemoryBudget Divide(int parts) => parts <= 1 ? this : new MemoryBudget(Bytes / parts);

    /// <summary>How many items of <paramref name="bytesPerItem"/> bytes fit.</summary>
    /// <param name="bytesPerItem">Bytes each item needs at the peak (≥ 1).</param>
    public long MaxItems(long bytesPerItem) => Bytes / Math.Max(1, bytesPerItem);

    /// <summary>Whether <paramref name="bytes"/> (a double, so that overflowing sizes compare right) fit.</summary>
    /// <param name="bytes">The bytes wanted.</param>
    public bool Fits(double bytes) => bytes <= Bytes;

    /// <summary>The budget in readable units, e.g. "4.00 GiB".</summary>
    public override string ToString() => Format(Bytes);

    /// <summary>A byte count in readable units.</summary>
    /// <param name="bytes">The count.</param>
    public static string Format(double bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 20):F1} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:0} bytes"),
    };

    /// <summary>
    /// Parses a size such as "4G", "512M", "1.5GiB", "800000K" or a plain byte count (binary units). Throws an
    /// <see cref="InputException"/> naming <see cref="InputParameter.Memory"/> for anything else or below
    /// <see cref="MinimumBytes"/>.
    /// </summary>
    /// <param name="text">The size as typed.</param>
    public static MemoryBudget Parse(string text)
    {
        string t = (text ?? "").Trim();
        string u = t.ToUpperInvariant();
        foreach (string suffix in new[] { "IB", "B" })
        {
            if (u.EndsWith(suffix, StringComparison.Ordinal) && u.Length > suffix.Length && char.IsLetter(u[^(suffix.Length + 1)]))
            {
                u = u[..^suffix.Length];
                break;
            }
        }
        double scale = 1;
        if (u.Length > 0 && "KMGT".Contains(u[^1], StringComparison.Ordinal))
        {
            scale = Math.Pow(1024, "KMGT".IndexOf(u[^1], StringComparison.Ordinal) + 1);
            u = u[..^1];
        }
        if (!double.TryParse(u, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || !double.IsFinite(n) || n <= 0)
        {
            throw new InputException(InputParameter.Memory, t, "must be a size such as 4G, 512M or a number of bytes");
        }
        double bytes = n * scale;
        if (bytes < MinimumBytes)
        {
            throw new InputException(InputParameter.Memory, t, "must be at least 1M");
        }
        return new MemoryBudget(bytes >= long.MaxValue ? long.MaxValue : (long)bytes);
    }
}
