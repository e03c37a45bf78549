namespace GpuBv.Percolation;

/// <summary>Up to three linearly independent integer wrap vectors of one component; its rank is the percolation dimension.</summary>
internal sealed class WrapBasis
{
    private readonly long[] _v = new long[9];

    /// <summary>Number of independent vectors held (0..3).</summary>
    public int Rank { get; private set; }

    /// <summary>Adds a wrap vector if it is independent of those held.</summary>
    public void Add(long x, long y, long z)
    {
        if ((x | y | z) == 0 || Rank == 3)
            return;
        if (Rank == 1)
        {
            Int128 c0 = (Int128)_v[1] * z - (Int128)_v[2] * y;
            Int128 c1 = (Int128)_v[2] * x - (Int128)_v[0] * z;
            Int128 c2 = (Int128)_v[0] * y - (Int128)_v[1] * x;
            if (c0 == 0 && c1 == 0 && c2 == 0)
                return;
        }
        else if (Rank == 2)
        {
            Int128 c0 = (Int128)_v[1] * _v[5] - (Int128)_v[2] * _v[4];
            Int128 c1 = (Int128)_v[2] * _v[3] - (Int128)_v[0] * _v[5];
            Int128 c2 = (Int128)_v[0] * _v[4] - (Int128)_v[1] * _v[3];
            if (c0 * x + c1 * y + c2 * z == 0)
                return;
        }
        _v[3 * Rank] = x;
        _v[3 * Rank + 1] = y;
        _v[3 * Rank + 2] = z;
        Rank++;
    }

    /// <summary>Adds all vectors of another basis (translations carry over unchanged between components).</summary>
    public void AddAll(WrapBasis other)
    {
        for (int r = 0; r < other.Rank && Rank < 3; r++)
            Add(other._v[3 * r], other._v[3 * r + 1], other._v[3 * r + 2]);
    }
}
