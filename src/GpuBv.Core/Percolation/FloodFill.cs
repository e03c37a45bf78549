using System.Numerics;

namespace GpuBv.Percolation;

/// <summary>
/// Brute-force reference for percolation at one level: a breadth-first flood fill of the accessible region that
/// unwraps each component and collects its wrap vectors. Slow but simple; used as an independent check of
/// <see cref="PercolationAnalysis"/> and for debugging.
/// </summary>
public static class FloodFill
{
    /// <summary>
    /// The largest percolation dimension (0..3) over the connected components of {E − E_min ≤ <paramref name="level"/>}.
    /// </summary>
    /// <param name="energies">The energies, length n1·n2·n3, third index fastest: idx = (i·n2 + j)·n3 + k; all finite.</param>
    /// <param name="n1">Grid size along the first axis (≥ 1).</param>
    /// <param name="n2">Grid size along the second axis (≥ 1).</param>
    /// <param name="n3">Grid size along the third axis (≥ 1).</param>
    /// <param name="level">The level relative to E_min (computed in double precision).</param>
    /// <param name="c">Neighbour set.</param>
    /// <returns>0 when no component wraps, else the rank of the wrap vectors of the most-percolating component.</returns>
    /// <exception cref="ArgumentException">
    /// Wrong length, non-positive sizes, non-finite energies, NaN level or an unknown connectivity.
    /// </exception>
    public static int PercolationDimension(ReadOnlySpan<float> energies, int n1, int n2, int n3, double level, Connectivity c)
    {
        int n = PercolationAnalysis.ValidateGrid(energies.Length, n1, n2, n3, c, level);
        double min = double.PositiveInfinity;
        foreach (float e in energies)
        {
            if (!float.IsFinite(e))
                throw new ArgumentException("energies must be finite", nameof(energies));
            min = Math.Min(min, e);
        }
        var open = new bool[n];
        for (int p = 0; p < n; p++)
            open[p] = (double)energies[p] - min <= level;
        return Dimension(open, n1, n2, n3, c);
    }

    /// <summary>
    /// As <see cref="PercolationDimension(ReadOnlySpan{float}, int, int, int, double, Connectivity)"/>, for double energies.
    /// </summary>
    /// <param name="energies">The energies, length n1·n2·n3, third index fastest; all finite.</param>
    /// <param name="n1">Grid size along the first axis (≥ 1).</param>
    /// <param name="n2">Grid size along the second axis (≥ 1).</param>
    /// <param name="n3">Grid size along the third axis (≥ 1).</param>
    /// <param name="level">The level relative to E_min.</param>
    /// <param name="c">Neighbour set.</param>
    /// <returns>The largest percolation dimension (0..3) over the components.</returns>
    /// <exception cref="ArgumentException">
    /// Wrong length, non-positive sizes, non-finite energies, NaN level or an unknown connectivity.
    /// </exception>
    public static int PercolationDimension(ReadOnlySpan<double> energies, int n1, int n2, int n3, double level, Connectivity c)
    {
        int n = PercolationAnalysis.ValidateGrid(energies.Length, n1, n2, n3, c, level);
        double min = double.PositiveInfinity;
        foreach (double e in energies)
        {
            if (!double.IsFinite(e))
                throw new ArgumentException("energies must be finite", nameof(energies));
            min = Math.Min(min, e);
        }
        var open = new bool[n];
        for (int p = 0; p < n; p++)
            open[p] = energies[p] - min <= level;
        return Dimension(open, n1, n2, n3, c);
    }

    /// <summary>The largest percolation dimension over the components of the accessible mask.</summary>
    private static int Dimension(bool[] open, int n1, int n2, int n3, Connectivity c)
    {
        int n = open.Length;
        var seen = new bool[n];
        var unwrapped = new long[3 * n];       // cell offset of each visited point relative to its component's seed
        var queue = new Queue<int>();
        int best = 0;
        for (int seed = 0; seed < n && best < 3; seed++)
        {
            if (!open[seed] || seen[seed])
                continue;
            var wraps = new HashSet<(long, long, long)>();
            seen[seed] = true;
            queue.Enqueue(seed);
            while (queue.Count > 0)
            {
                int a = queue.Dequeue();
                int i = a / (n2 * n3), j = a / n3 % n2, k = a % n3;
                for (int d1 = -1; d1 <= 1; d1++)
                    for (int d2 = -1; d2 <= 1; d2++)
                        for (int d3 = -1; d3 <= 1; d3++)
                        {
                            int moved = Math.Abs(d1) + Math.Abs(d2) + Math.Abs(d3);
                            if (moved == 0 || (c == Connectivity.Faces6 && moved > 1))
                                continue;
                            var (bi, w1) = Wrap(i + d1, n1);
                            var (bj, w2) = Wrap(j + d2, n2);
                            var (bk, w3) = Wrap(k + d3, n3);
                            int b = (bi * n2 + bj) * n3 + bk;
                            if (!open[b])
                                continue;
                            long u1 = unwrapped[3 * a] + w1, u2 = unwrapped[3 * a + 1] + w2, u3 = unwrapped[3 * a + 2] + w3;
                            if (!seen[b])
                            {
                                seen[b] = true;
                                unwrapped[3 * b] = u1;
                                unwrapped[3 * b + 1] = u2;
                                unwrapped[3 * b + 2] = u3;
                                queue.Enqueue(b);
                            }
                            else
                            {
                                var v = (u1 - unwrapped[3 * b], u2 - unwrapped[3 * b + 1], u3 - unwrapped[3 * b + 2]);
                                if (v != (0, 0, 0))
                                    wraps.Add(v);
                            }
                        }
            }
            best = Math.Max(best, Rank(wraps));
        }
        return best;
    }

    /// <summary>Reduces a coordinate into [0, n) and returns the number of cells crossed (floor division).</summary>
    private static (int, int) Wrap(int x, int n)
    {
        int w = (int)Math.Floor((double)x / n);
        return (x - w * n, w);
    }

    /// <summary>Rank of a set of integer 3-vectors, exactly (big-integer cross and triple products).</summary>
    private static int Rank(HashSet<(long, long, long)> vectors)
    {
        var list = vectors.Select(v => new[] { (BigInteger)v.Item1, v.Item2, v.Item3 }).ToList();
        if (list.Count == 0)
            return 0;
        var a = list[0];
        BigInteger[]? normal = null;
        foreach (var v in list)
        {
            var x = Cross(a, v);
            if (!x.All(t => t.IsZero))
            {
                normal = x;
                break;
            }
        }
        if (normal is null)
            return 1;
        foreach (var v in list)
            if (!(normal[0] * v[0] + normal[1] * v[1] + normal[2] * v[2]).IsZero)
                return 3;
        return 2;
    }

    private static BigInteger[] Cross(BigInteger[] a, BigInteger[] b) =>
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
