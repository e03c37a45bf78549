using GpuBv.Percolation;

namespace GpuBv.Compare;

/// <summary>The exact rank of a set of integer 3-vectors: the percolation's wrap basis (<see cref="WrapBasis"/>).</summary>
public static class IntegerRank
{
    /// <summary>Rank (0–3) of <paramref name="vectors"/>.</summary>
    public static int Of(IEnumerable<(long X, long Y, long Z)> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var basis = new WrapBasis();
        foreach (var (x, y, z) in vectors)
        {
            basis.Add(x, y, z);
            if (basis.Rank == 3)
                break;
        }
        return basis.Rank;
    }
}
