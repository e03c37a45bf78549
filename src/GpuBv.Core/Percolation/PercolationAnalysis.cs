using System.Runtime.InteropServices;
using GpuBv.Crystal;

namespace GpuBv.Percolation;

/// <summary>
/// Exact percolation thresholds (migration barriers E_1D, E_2D, E_3D) of an energy landscape sampled on a periodic
/// grid, by a level-sorted union-find that tracks how components wrap around the periodic cell.
/// </summary>
/// <remarks>
/// <para>The grid is n1×n2×n3, flattened with the third index fastest: idx = (i·n2 + j)·n3 + k; point (i,j,k) sits at
/// fractional coordinates (i/n1, j/n2, k/n3). At level t the accessible region is {E − E_min ≤ t}; points connect to their
/// 6 or 26 neighbours on the periodic grid. A component percolates in k dimensions when the lattice translations by which
/// it wraps around the cell span a k-dimensional space.</para>
/// <para>Points are added in order of energy. Each union-find node stores the integer cell offset (wrap vector) to its parent,
/// so every node knows its cell offset relative to its root. An edge between two points already in one component closes
/// a cycle whose wrap vector is offset(a) + step wrap − offset(b); non-zero ones are kept in a rank-≤3 integer basis per
/// root (exact integer cross/triple products). The thresholds are therefore exact: each is one of the grid's energies
/// minus E_min. Ties are consistent because the union-find state after all points of a level have been added does not
/// depend on their order.</para>
/// <para>Memory: 17 bytes per grid point (16 for the nodes, 1 for the ranks) plus 8 per point at or below encut for the sort.</para>
/// </remarks>
public static class PercolationAnalysis
{
    /// <summary>Computes E_1D, E_2D, E_3D and their saddle points for a float energy grid.</summary>
    /// <param name="energies">The energies, length n1·n2·n3, third index fastest; all finite.</param>
    /// <param name="n1">Grid size along the first axis (≥ 1).</param>
    /// <param name="n2">Grid size along the second axis (≥ 1).</param>
    /// <param name="n3">Grid size along the third axis (≥ 1).</param>
    /// <param name="connectivity">Neighbour set: <see cref="Connectivity.Full26"/> (default) or <see cref="Connectivity.Faces6"/>.</param>
    /// <param name="encut">Highest level (relative to E_min) considered; thresholds above it are reported as null.</param>
    /// <returns>The thresholds (relative to E_min), the saddle points and E_min.</returns>
    /// <exception cref="ArgumentException">
    /// Wrong length, non-positive sizes, non-finite energies, NaN encut or an unknown connectivity.
    /// </exception>
    public static PercolationResult Compute(ReadOnlySpan<float> energies, int n1, int n2, int n3,
        Connectivity connectivity = Connectivity.Full26, double encut = double.PositiveInfinity)
    {
        int n = ValidateGrid(energies.Length, n1, n2, n3, connectivity, encut);
        float min = float.PositiveInfinity;
        for (int p = 0; p < n; p++)
        {
            float e = energies[p];
            if (!float.IsFinite(e))
                throw new ArgumentException($"energy at index {p} is not finite ({e})", nameof(energies));
            if (e < min)
                min = e;
        }
        double eMin = min;

        // Pack (monotone key of the energy, index) into one ulong, bucketed by energy band in one counting pass; each band
        // is sorted only when the sweep reaches it, so nothing above the 3D threshold's band is sorted (the same order
        // as one full sort: the bands are consecutive key ranges).
        var order = BandedOrder.Create(energies, eMin, encut);
        var hit = Run(ref order, n1, n2, n3, connectivity);
        return MakeResult(hit,
            hit.Item1 < 0 ? 0 : (double)energies[hit.Item1] - eMin,
            hit.Item2 < 0 ? 0 : (double)energies[hit.Item2] - eMin,
            hit.Item3 < 0 ? 0 : (double)energies[hit.Item3] - eMin, n1, n2, n3, eMin);
    }

    /// <summary>Computes E_1D, E_2D, E_3D and their saddle points for a double energy grid.</summary>
    /// <param name="energies">The energies, length n1·n2·n3, third index fastest; all finite.</param>
    /// <param name="n1">Grid size along the first axis (≥ 1).</param>
    /// <param name="n2">Grid size along the second axis (≥ 1).</param>
    /// <param name="n3">Grid size along the third axis (≥ 1).</param>
    /// <param name="connectivity">Neighbour set: <see cref="Connectivity.Full26"/> (default) or <see cref="Connectivity.Faces6"/>.</param>
    /// <param name="encut">Highest level (relative to E_min) considered; thresholds above it are reported as null.</param>
    /// <returns>The thresholds (relative to E_min), the saddle points and E_min.</returns>
    /// <exception cref="ArgumentException">
    /// Wrong length, non-positive sizes, non-finite energies, NaN encut or an unknown connectivity.
    /// </exception>
    public static PercolationResult Compute(ReadOnlySpan<double> energies, int n1, int n2, int n3,
        Connectivity connectivity = Connectivity.Full26, double encut = double.PositiveInfinity)
    {
        int n = ValidateGrid(energies.Length, n1, n2, n3, connectivity, encut);
        double eMin = double.PositiveInfinity;
        for (int p = 0; p < n; p++)
        {
            double e = energies[p];
            if (!double.IsFinite(e))
                throw new ArgumentException($"energy at index {p} is not finite ({e})", nameof(energies));
            if (e < eMin)
                eMin = e;
        }
        int m = 0;
        for (int p = 0; p < n; p++)
            if (energies[p] - eMin <= encut)
                m++;
        var keys = new double[m];
        var order = new int[m];
        m = 0;
        for (int p = 0; p < n; p++)
        {
            if (energies[p] - eMin <= encut)
            {
                keys[m] = energies[p];
                order[m] = p;
                m++;
            }
        }
        Array.Sort(keys, order);
        var sorted = new ArrayOrder(order);
        var hit = Run(ref sorted, n1, n2, n3, connectivity);
        return MakeResult(hit,
            hit.Item1 < 0 ? 0 : energies[hit.Item1] - eMin,
            hit.Item2 < 0 ? 0 : energies[hit.Item2] - eMin,
            hit.Item3 < 0 ? 0 : energies[hit.Item3] - eMin, n1, n2, n3, eMin);
    }

    /// <summary>
    /// Largest grid the analysis takes (points): it indexes points and their neighbour links with 32-bit integers, four per
    /// point in one array. The BVSE grid limit (<see cref="Bvse.BvseGrid.Limit"/>) is this or the memory budget.
    /// </summary>
    public const long MaxPoints = 536_870_897; // Array.MaxLength / 4

    /// <summary>Checks sizes and options; returns n1·n2·n3.</summary>
    internal static int ValidateGrid(int length, int n1, int n2, int n3, Connectivity connectivity, double encut)
    {
        if (n1 <= 0)
            throw new ArgumentException($"grid size n1 must be positive, got {n1}", nameof(n1));
        if (n2 <= 0)
            throw new ArgumentException($"grid size n2 must be positive, got {n2}", nameof(n2));
        if (n3 <= 0)
            throw new ArgumentException($"grid size n3 must be positive, got {n3}", nameof(n3));
        long total = (long)n1 * n2 * n3;
        if (total > MaxPoints)
            throw new ArgumentException($"grid {n1}×{n2}×{n3} has too many points ({total})");
        if (length != total)
            throw new ArgumentException($"energies has length {length}, expected n1·n2·n3 = {total}", "energies");
        if (connectivity is not (Connectivity.Faces6 or Connectivity.Full26))
            throw new ArgumentException($"unknown connectivity {(int)connectivity}", nameof(connectivity));
        if (double.IsNaN(encut))
            throw new ArgumentException("encut is NaN", nameof(encut));
        return (int)total;
    }

    /// <summary>The neighbour offsets (di, dj, dk) of a connectivity, the zero offset excluded.</summary>
    internal static (int, int, int)[] Offsets(Connectivity connectivity)
    {
        var list = new List<(int, int, int)>(26);
        for (int di = -1; di <= 1; di++)
            for (int dj = -1; dj <= 1; dj++)
                for (int dk = -1; dk <= 1; dk++)
                {
                    int nz = (di != 0 ? 1 : 0) + (dj != 0 ? 1 : 0) + (dk != 0 ? 1 : 0);
                    if (nz == 0)
                        continue;
                    if (connectivity == Connectivity.Faces6 && nz != 1)
                        continue;
                    list.Add((di, dj, dk));
                }
        return list.ToArray();
    }

    /// <summary>Order-preserving map of a float to uint (−0 folded onto +0).</summary>
    internal static uint MonotoneKey(float e)
    {
        uint bits = BitConverter.SingleToUInt32Bits(e + 0.0f);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    /// <summary>Builds the result from the saddle indices (−1: not reached) and their levels.</summary>
    private static PercolationResult MakeResult((int, int, int) hit, double l1, double l2, double l3,
        int n1, int n2, int n3, double eMin)
    {
        Vec3? P(int idx)
        {
            if (idx < 0)
                return null;
            int i = idx / (n2 * n3), rem = idx - i * n2 * n3, j = rem / n3, k = rem - j * n3;
            return new Vec3((double)i / n1, (double)j / n2, (double)k / n3);
        }
        var (h1, h2, h3) = hit;
        return new PercolationResult(h1 < 0 ? null : l1, h2 < 0 ? null : l2, h3 < 0 ? null : l3,
            P(h1), P(h2), P(h3), eMin);
    }

    /// <summary>The level-sorted union-find sweep over points in <paramref name="order"/> (ascending energy).</summary>
    /// <returns>The flat indices of the points at which dimension ≥ 1, 2, 3 was first reached (−1: never).</returns>
    private static (int, int, int) Run<TOrder>(ref TOrder order, int n1, int n2, int n3, Connectivity connectivity)
        where TOrder : struct, IPointOrder
    {
        int n = n1 * n2 * n3;
        var offs = Offsets(connectivity);
        int nOff = offs.Length;
        // The offsets split per axis, so that each axis can be wrapped separately.
        var di = new int[nOff];
        var dj = new int[nOff];
        var dk = new int[nOff];
        for (int o = 0; o < nOff; o++)
            (di[o], dj[o], dk[o]) = offs[o];
        int s1 = n2 * n3, s2 = n3;

        // node[4x] = parent (−1: not added yet), node[4x+1..3] = cell offset of x relative to its parent.
        var node = new int[4 * n];
        for (int x = 0; x < n; x++)
            node[4 * x] = -1;
        var rank = new byte[n];
        var bases = new Dictionary<int, WrapBasis>();

        int h1 = -1, h2 = -1, h3 = -1;
        int maxDim = 0;

        while (order.TryNext(out int a))
        {
            int ai = a / s1, rem = a - ai * s1, aj = rem / s2, ak = rem - aj * s2;
            node[4 * a] = a;
            node[4 * a + 1] = 0;
            node[4 * a + 2] = 0;
            node[4 * a + 3] = 0;
            int ra = a;
            int ax = 0, ay = 0, az = 0;     // a's root and a's offset relative to it
            int newDim = 0;

            for (int o = 0; o < nOff; o++)
            {
                int bi = ai + di[o], wx = 0;
                if (bi < 0)
                {
                    bi += n1;
                    wx = -1;
                }
                else if (bi >= n1)
                {
                    bi -= n1;
                    wx = 1;
                }
                int bj = aj + dj[o], wy = 0;
                if (bj < 0)
                {
                    bj += n2;
                    wy = -1;
                }
                else if (bj >= n2)
                {
                    bj -= n2;
                    wy = 1;
                }
                int bk = ak + dk[o], wz = 0;
                if (bk < 0)
                {
                    bk += n3;
                    wz = -1;
                }
                else if (bk >= n3)
                {
                    bk -= n3;
                    wz = 1;
                }
                int b = bi * s1 + bj * s2 + bk;
                if (node[4 * b] < 0)
                    continue;

                int rb = Find(node, b, out int bx, out int by, out int bz);
                if (rb == ra)
                {
                    long cx = (long)ax + wx - bx, cy = (long)ay + wy - by, cz = (long)az + wz - bz;
                    if ((cx | cy | cz) == 0)
                        continue;
                    if (!bases.TryGetValue(ra, out var basis))
                        bases[ra] = basis = new WrapBasis();
                    basis.Add(cx, cy, cz);
                    if (basis.Rank > newDim)
                        newDim = basis.Rank;
                }
                else
                {
                    // Offset of rb relative to ra so that b's lift is a's lift + w.
                    int tx = ax + wx - bx, ty = ay + wy - by, tz = az + wz - bz;
                    int survivor, absorbed;
                    if (rank[ra] < rank[rb])
                    {
                        node[4 * ra] = rb;
                        node[4 * ra + 1] = -tx;
                        node[4 * ra + 2] = -ty;
                        node[4 * ra + 3] = -tz;
                        ax -= tx;
                        ay -= ty;
                        az -= tz;
                        survivor = rb;
                        absorbed = ra;
                        ra = rb;
                    }
                    else
                    {
                        node[4 * rb] = ra;
                        node[4 * rb + 1] = tx;
                        node[4 * rb + 2] = ty;
                        node[4 * rb + 3] = tz;
                        if (rank[ra] == rank[rb])
                            rank[ra]++;
                        survivor = ra;
                        absorbed = rb;
                    }
                    if (bases.Remove(absorbed, out var moved))
                    {
                        if (bases.TryGetValue(survivor, out var keep))
                            keep.AddAll(moved);
                        else
                            bases[survivor] = keep = moved;
                        if (keep.Rank > newDim)
                            newDim = keep.Rank;
                    }
                }
                if (newDim == 3)
                    break;
            }

            if (newDim > maxDim)
            {
                if (maxDim < 1)
                    h1 = a;
                if (maxDim < 2 && newDim >= 2)
                    h2 = a;
                if (newDim >= 3)
                    h3 = a;
                maxDim = newDim;
                if (maxDim == 3)
                    break;
            }
        }
        return (h1, h2, h3);
    }

    /// <summary>Iterative find with path compression; returns the root and x's cell offset relative to it.</summary>
    private static int Find(int[] node, int x, out int ox, out int oy, out int oz)
    {
        int sx = 0, sy = 0, sz = 0;
        int r = x;
        while (true)
        {
            int p = node[4 * r];
            if (p == r)
                break;
            sx += node[4 * r + 1];
            sy += node[4 * r + 2];
            sz += node[4 * r + 3];
            r = p;
        }
        ox = sx;
        oy = sy;
        oz = sz;
        // Second pass: point every node on the path at the root with its full offset.
        int c = x;
        while (c != r)
        {
            int p = node[4 * c];
            if (p == r)
                break;
            int cx = node[4 * c + 1], cy = node[4 * c + 2], cz = node[4 * c + 3];
            node[4 * c] = r;
            node[4 * c + 1] = sx;
            node[4 * c + 2] = sy;
            node[4 * c + 3] = sz;
            sx -= cx;
            sy -= cy;
            sz -= cz;
            c = p;
        }
        return r;
    }

    /// <summary>
    /// ⌈log2 q⌉ for q &gt; 1, exactly (from the binary exponent, no rounding at powers of two): the energy band of a point
    /// in the banded sorts here and in E_rot's union-find.
    /// </summary>
    internal static int CeilingLog2(double q)
    {
        // From the bits (q > 1 is normal): the unbiased exponent, plus one unless the mantissa is zero (a power of two).
        // Math.ILogB/ScaleB were measured at ~10 % of E_rot's union-find, called once per shell point.
        long bits = BitConverter.DoubleToInt64Bits(q);
        int b = (int)((bits >> 52) & 0x7FF) - 1023;
        return (bits & 0xFFFFFFFFFFFFFL) != 0 ? b + 1 : b;
    }

    /// <summary>
    /// Sorts packed (key &lt;&lt; 32 | index) words whose indices ascend (as the banded sorts fill them) into ascending
    /// (key, index) order, the order one full sort gives: a stable LSD radix sort on the key's four bytes (a byte that is
    /// the same in every word is skipped), or a comparison sort below 512 words. <paramref name="scratch"/> needs the
    /// words' length.
    /// </summary>
    internal static void SortPacked(Span<ulong> words, Span<ulong> scratch)
    {
        if (words.Length < 512)
        {
            words.Sort();
            return;
        }
        Span<int> counts = stackalloc int[256];
        Span<ulong> from = words, to = scratch[..words.Length];
        for (int shift = 32; shift < 64; shift += 8)
        {
            counts.Clear();
            foreach (ulong w in from)
                counts[(int)((w >> shift) & 0xFF)]++;
            if (counts[(int)((from[0] >> shift) & 0xFF)] == from.Length)
                continue; // every word has this byte: the pass would not move anything
            int sum = 0;
            for (int b = 0; b < 256; b++)
            {
                int c = counts[b];
                counts[b] = sum;
                sum += c;
            }
            foreach (ulong w in from)
                to[counts[(int)((w >> shift) & 0xFF)]++] = w;
            var t = from;
            from = to;
            to = t;
        }
        if (from != words)
            from.CopyTo(words);
    }

    /// <summary>Grid points in ascending energy, one at a time (specialised per order: no call per point).</summary>
    private interface IPointOrder
    {
        bool TryNext(out int point);
    }

    /// <summary>Points already sorted.</summary>
    private struct ArrayOrder(int[] order) : IPointOrder
    {
        private int _next;

        public bool TryNext(out int point)
        {
            if (_next < order.Length)
            {
                point = order[_next++];
                return true;
            }
            point = -1;
            return false;
        }
    }

    /// <summary>
    /// The points with E − E_min ≤ encut as packed (monotone key, index) words bucketed into energy bands (band 0: up to
    /// 0.25 eV above the minimum, then widths doubling; the last band the rest), each sorted when first reached.
    /// </summary>
    private struct BandedOrder : IPointOrder
    {
        private const double FirstWidth = 0.25;
        private const int Bands = 48;
        private ulong[] _words;
        private ulong[]? _scratch;
        private int[] _start;
        private int _band, _next, _end;

        public static BandedOrder Create(ReadOnlySpan<float> energies, double eMin, double encut)
        {
            var band = new byte[energies.Length];
            var start = new int[Bands + 2];
            for (int p = 0; p < energies.Length; p++)
            {
                double x = (double)energies[p] - eMin;
                int b;
                if (!(x <= encut))
                {
                    b = Bands; // above encut: never swept
                }
                else if (x <= FirstWidth)
                {
                    b = 0;
                }
                else
                {
                    b = Math.Min(CeilingLog2(x / FirstWidth), Bands - 1);
                }
                band[p] = (byte)b;
                start[b + 1]++;
            }
            for (int b = 0; b <= Bands; b++)
                start[b + 1] += start[b];
            var words = new ulong[start[Bands]];
            var fill = (int[])start.Clone();
            for (int p = 0; p < energies.Length; p++)
            {
                int b = band[p];
                if (b < Bands)
                    words[fill[b]++] = ((ulong)MonotoneKey(energies[p]) << 32) | (uint)p;
            }
            return new BandedOrder { _words = words, _start = start, _band = -1 };
        }

        public bool TryNext(out int point)
        {
            while (_next >= _end)
            {
                if (++_band >= Bands)
                {
                    point = -1;
                    return false;
                }
                _next = _start[_band];
                _end = _start[_band + 1];
                _scratch ??= new ulong[_words.Length];
                SortPacked(_words.AsSpan(_next, _end - _next), _scratch);
            }
            point = (int)(uint)_words[_next++];
            return true;
        }
    }
}
