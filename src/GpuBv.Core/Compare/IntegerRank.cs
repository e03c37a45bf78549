namespace GpuBv.Compare;

/// <summary>The exact rank of a set of integer 3-vectors (integer cross and triple products, as the percolation's wrap basis).</summary>
public static class IntegerRank
{
    /// <summary>Rank (0–3) of <paramref name="vectors"/>.</summary>
    public static int Of(IEnumerable<(long X, long Y, long Z)> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var basis = new List<(Int128 X, Int128 Y, Int128 Z)>(3);
        foreach (var (x, y, z) in vectors)
        {
            if (x == 0 && y == 0 && z == 0)
                continue;
            (Int128 X, Int128 Y, Int128 Z) v = (x, y, z);
            if (basis.Count == 0)
                basis.Add(v);
            else if (basis.Count == 1)
            {
                var c = Cross(basis[0], v);
                if (c.X != 0 || c.Y != 0 || c.Z != 0)
                    basis.Add(v);
            }
            else
            {
                var c = Cross(basis[0], basis[1]);
                if (c.X * v.X + c.Y * v.Y + c.Z * v.Z != 0)
                    return 3;
            }
        }
        return basis.Count;
    }

    private static (Int128 X, Int128 Y, Int128 Z) Cross((Int128 X, Int128 Y, Int128 Z) a, (Int128 X, Int128 Y, Int128 Z) b) =>
        (a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);
}
