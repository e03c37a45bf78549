namespace GpuBv.Kernels.Percolation;

/// <summary>
/// The periodic grid of one percolation run as the kernels see it: its size, its neighbour set and how the offset
/// union-find packs (parent, cell offset) into one 64-bit word.
/// </summary>
public readonly struct PercolationLattice
{
    /// <summary>Describes an <paramref name="n1"/>×<paramref name="n2"/>×<paramref name="n3"/> grid.</summary>
    /// <param name="n1">Points along the first axis (≥ 1).</param>
    /// <param name="n2">Points along the second axis (≥ 1).</param>
    /// <param name="n3">Points along the third axis (≥ 1; the fastest index).</param>
    /// <param name="full26">True for 26 neighbours, false for the 6 face neighbours.</param>
    public PercolationLattice(int n1, int n2, int n3, bool full26)
    {
        N1 = n1;
        N2 = n2;
        N3 = n3;
        Full26 = full26 ? 1 : 0;
        long n = (long)n1 * n2 * n3;
        int bits = 1;
        while (bits < 63 && (1L << bits) < n)
        {
            bits++;
        }
        IndexBits = bits;
        OffsetBits = Math.Min(21, (64 - bits) / 3);
    }

    /// <summary>Points along the first axis.</summary>
    public int N1 { get; }

    /// <summary>Points along the second axis.</summary>
    public int N2 { get; }

    /// <summary>Points along the third axis (the fastest index).</summary>
    public int N3 { get; }

    /// <summary>1 for 26 neighbours, 0 for the 6 face neighbours.</summary>
    public int Full26 { get; }

    /// <summary>Bits of a packed word that hold the parent's point index (enough for n1·n2·n3 − 1).</summary>
    public int IndexBits { get; }

    /// <summary>Bits of each of the three signed cell-offset fields of a packed word.</summary>
    public int OffsetBits { get; }

    /// <summary>Number of points.</summary>
    public int Count => N1 * N2 * N3;
}
