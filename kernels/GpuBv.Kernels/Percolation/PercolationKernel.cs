using ILGPU;

namespace GpuBv.Kernels.Percolation;

/// <summary>
/// The device kernels of exact percolation (ILGPU, implicitly grouped, grid-stride loops over the points). The host sorts the
/// candidate points by their packed key (monotone energy key, index) and bisects over prefixes of that order; one probe
/// "admit the first m points" runs <see cref="Admit"/>, <see cref="Hook"/>, <see cref="Flatten"/>, <see cref="Link"/> and
/// three <see cref="WrapRank"/> passes and leaves d(m), the largest wrap rank of any component, in
/// <see cref="DimensionSlot"/>.
/// </summary>
/// <remarks>
/// <para>Design (open-cell labelling plus a quotient graph): the admitted points are first labelled with every periodic
/// link cut (union-find, larger root hooked under smaller by compare-and-swap, pointer jumping as in ECL-CC), so each
/// open component has no winding of its own. The links that cross a cell face (shift s ∈ {−1,0,1}³, s ≠ 0) then join
/// open roots in an offset union-find whose 64-bit words hold (parent, cell offset of the node relative to it); only
/// roots are linked (CAS), and path compression writes (root, summed offset), a statement that stays true. After that
/// every crossing link gives a wrap vector w = o_a + s − o_b relative to its final root, and the wrap lattice of the
/// root is exactly span{w}: tree links give w = 0 and the others generate the cycle space. Its rank comes from three
/// passes: a first non-zero vector, a second with a non-zero cross product, a third with a non-zero triple product.
/// All of it is integer arithmetic, so the result is exact; an offset that does not fit its field sets
/// <see cref="OverflowSlot"/> and the host answers with the CPU union-find instead.</para>
/// <para>Neighbours are those of the CPU <c>PercolationAnalysis</c>: each of the 13 (or 3) forward offsets of the 26
/// (or 6), wrapped axis by axis, so that on an axis of size 1 a point is its own neighbour through the wrap and on an
/// axis of size 2 a neighbour is reached both inside the cell and through the wrap.</para>
/// </remarks>
public static class PercolationKernel
{
    /// <summary>Status slot: the largest wrap rank found by the current probe (Atomic.Max).</summary>
    public const int DimensionSlot = 0;

    /// <summary>Status slot: non-zero when a cell offset or wrap vector did not fit its packed field.</summary>
    public const int OverflowSlot = 1;

    /// <summary>Status slot: non-zero when some energy is not finite.</summary>
    public const int NonFiniteSlot = 2;

    /// <summary>Status slot: the smallest monotone energy key, stored as key ^ 0x8000_0000 so signed order is key order.</summary>
    public const int MinKeySlot = 3;

    /// <summary>Status slot: the number of candidate points (key ≤ the largest admitted key).</summary>
    public const int CandidateSlot = 4;

    /// <summary>Status slot: the lowest index whose key equals the smallest key (the CPU path's E_min point).</summary>
    public const int FirstMinimumSlot = 5;

    /// <summary>Number of status slots.</summary>
    public const int StatusLength = 8;

    /// <summary>A rank that admits a point in no probe.</summary>
    public const int NotCandidate = int.MaxValue;

    private const int WrapBits = 20;

    /// <summary>The order-preserving uint key of a float, −0 folded onto +0 (as the CPU path's key).</summary>
    /// <param name="e">The energy.</param>
    public static uint MonotoneKey(float e)
    {
        uint bits = Interop.FloatAsInt(e);
        if (bits == 0x8000_0000u)
        {
            bits = 0;
        }
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    /// <summary>Finds the smallest key and flags non-finite energies.</summary>
    /// <param name="index">The grid point.</param>
    /// <param name="energies">The grid.</param>
    /// <param name="status">The status slots.</param>
    /// <param name="stride">The number of threads launched (each thread takes every stride-th point).</param>
    public static void Scan(Index1D index, ArrayView<float> energies, ArrayView<int> status, int stride)
    {
        int least = int.MaxValue;
        for (int p = index.X; p < energies.Length; p += stride)
        {
            uint bits = Interop.FloatAsInt(energies[p]);
            if ((bits & 0x7F80_0000u) == 0x7F80_0000u)
            {
                Atomic.Or(ref status[NonFiniteSlot], 1);
                continue;
            }
            least = Math.Min(least, (int)(MonotoneKey(energies[p]) ^ 0x8000_0000u));
        }
        Atomic.Min(ref status[MinKeySlot], least);
    }

    /// <summary>
    /// Writes the packed sort key (monotone key &lt;&lt; 32 | index) of every point, counts the candidates (key ≤
    /// <paramref name="maxKey"/>) and finds the first point holding the smallest key.
    /// </summary>
    /// <param name="index">The grid point.</param>
    /// <param name="energies">The grid.</param>
    /// <param name="keys">Output: one packed key per point.</param>
    /// <param name="status">The status slots.</param>
    /// <param name="maxKey">The largest key within encut of the minimum.</param>
    /// <param name="minKey">The smallest key.</param>
    /// <param name="stride">The number of threads launched.</param>
    public static void Keys(Index1D index, ArrayView<float> energies, ArrayView<ulong> keys, ArrayView<int> status,
        uint maxKey, uint minKey, int stride)
    {
        int candidates = 0;
        int first = int.MaxValue;
        for (int p = index.X; p < energies.Length; p += stride)
        {
            uint key = MonotoneKey(energies[p]);
            keys[p] = ((ulong)key << 32) | (uint)p;
            if (key <= maxKey)
            {
                candidates++;
            }
            if (key == minKey)
            {
                first = Math.Min(first, p);
            }
        }
        Atomic.Add(ref status[CandidateSlot], candidates);
        Atomic.Min(ref status[FirstMinimumSlot], first);
    }

    /// <summary>
    /// One round of a merge sort of distinct keys: sorted runs of <paramref name="width"/> keys in
    /// <paramref name="source"/> are merged pairwise into <paramref name="target"/>. A key's place is its index in its run
    /// plus the number of keys below it in the partner run (a binary search; the keys are distinct, so no ties).
    /// </summary>
    /// <param name="index">The thread.</param>
    /// <param name="source">Runs of <paramref name="width"/> sorted keys (the last may be shorter).</param>
    /// <param name="target">Output: runs of 2·width sorted keys.</param>
    /// <param name="width">The run length of this round.</param>
    /// <param name="stride">The number of threads launched.</param>
    public static void MergeRound(Index1D index, ArrayView<ulong> source, ArrayView<ulong> target, int width, int stride)
    {
        int n = (int)source.Length;
        for (int p = index.X; p < n; p += stride)
        {
            int run = p / width;
            int pairStart = (run & ~1) * width;
            int partnerStart = (run & 1) == 0 ? pairStart + width : pairStart;
            int partnerEnd = Math.Min(partnerStart + width, n);
            ulong key = source[p];
            int lo = partnerStart, hi = Math.Max(partnerStart, partnerEnd);
            while (lo < hi)
            {
                int mid = lo + (hi - lo) / 2;
                if (source[mid] < key)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            target[pairStart + (p - run * width) + (lo - partnerStart)] = key;
        }
    }

    /// <summary>Gives each point its position in the sorted order, or <see cref="NotCandidate"/> beyond the candidates.</summary>
    /// <param name="position">The position in the sorted keys.</param>
    /// <param name="sorted">The sorted packed keys.</param>
    /// <param name="rank">Output: position per point.</param>
    /// <param name="candidates">The number of candidates.</param>
    /// <param name="stride">The number of threads launched.</param>
    public static void Ranks(Index1D position, ArrayView<ulong> sorted, ArrayView<int> rank, int candidates, int stride)
    {
        for (int q = position.X; q < sorted.Length; q += stride)
        {
            int point = (int)(uint)sorted[q];
            rank[point] = q < candidates ? q : NotCandidate;
        }
    }

    /// <summary>
    /// Starts a probe: the points of rank &lt; <paramref name="settledLength"/> take their open root from
    /// <paramref name="settled"/> (the flattened labelling of that shorter prefix, kept from an earlier probe), the other
    /// points of rank &lt; <paramref name="prefix"/> become singleton open components, every word and wrap slot is
    /// cleared, and thread 0 clears the dimension slot.
    /// </summary>
    /// <param name="index">The thread.</param>
    /// <param name="rank">Position of each point in the sorted order.</param>
    /// <param name="parent">Output: open-cell union-find parents (−1: not admitted).</param>
    /// <param name="word">Output: offset union-find words.</param>
    /// <param name="first">Output: first wrap vector per root.</param>
    /// <param name="second">Output: second wrap vector per root.</param>
    /// <param name="status">The status slots.</param>
    /// <param name="settled">Open roots of the prefix of length <paramref name="settledLength"/>.</param>
    /// <param name="settledLength">A prefix length ≤ <paramref name="prefix"/> whose labelling is kept (0: none).</param>
    /// <param name="prefix">How many points of the sorted order are admitted.</param>
    /// <param name="stride">The number of threads launched.</param>
    public static void Admit(Index1D index, ArrayView<int> rank, ArrayView<int> parent, ArrayView<ulong> word,
        ArrayView<ulong> first, ArrayView<ulong> second, ArrayView<int> status, ArrayView<int> settled, int settledLength,
        int prefix, int stride)
    {
        for (int v = index.X; v < rank.Length; v += stride)
        {
            int r = rank[v];
            parent[v] = r < settledLength ? settled[v] : r < prefix ? v : -1;
            word[v] = (ulong)v;
            first[v] = 0;
            second[v] = 0;
        }
        if (index.X == 0)
        {
            status[DimensionSlot] = 0;
        }
    }

    /// <summary>
    /// Joins the points new to this probe (rank in [<paramref name="settledLength"/>, <paramref name="prefix"/>)) to
    /// their admitted neighbours inside the cell (periodic links cut): forward links to any admitted point, backward
    /// links to settled points only, so every link with a new end is joined once and the settled ones are already in.
    /// </summary>
    /// <param name="index">The thread.</param>
    /// <param name="lattice">The grid.</param>
    /// <param name="parent">Open-cell union-find parents.</param>
    /// <param name="rank">Position of each point in the sorted order.</param>
    /// <param name="settledLength">The prefix whose links are already joined.</param>
    /// <param name="prefix">How many points are admitted.</param>
    /// <param name="stride">The number of threads launched.</param>
    public static void Hook(Index1D index, PercolationLattice lattice, ArrayView<int> parent, ArrayView<int> rank,
        int settledLength, int prefix, int stride)
    {
        for (int v = index.X; v < parent.Length; v += stride)
        {
            int r = rank[v];
            if (r >= settledLength && r < prefix)
            {
                HookPoint(lattice, parent, rank, settledLength, prefix, v);
            }
        }
    }

    private static void HookPoint(PercolationLattice lattice, ArrayView<int> parent, ArrayView<int> rank, int settledLength,
        int prefix, int v)
    {
        int n2 = lattice.N2, n3 = lattice.N3;
        int i = v / (n2 * n3), rem = v - i * n2 * n3, j = rem / n3, k = rem - j * n3;
        for (int c = 0; c < 27; c++)
        {
            int di = c / 9 - 1, dj = (c / 3) % 3 - 1, dk = c % 3 - 1;
            if (c == 13 || (lattice.Full26 == 0 && (di != 0 ? 1 : 0) + (dj != 0 ? 1 : 0) + (dk != 0 ? 1 : 0) != 1))
            {
                continue;
            }
            int bi = i + di, bj = j + dj, bk = k + dk;
            if (bi < 0 || bi >= lattice.N1 || bj < 0 || bj >= n2 || bk < 0 || bk >= n3)
            {
                continue; // a periodic link: the quotient graph's
            }
            int u = (bi * n2 + bj) * n3 + bk;
            if (rank[u] < (c > 13 ? prefix : settledLength))
            {
                Union(parent, v, u);
            }
        }
    }

    /// <summary>Points every admitted point straight at its open root.</summary>
    /// <param name="index">The grid point.</param>
    /// <param name="parent">Open-cell union-find parents.</param>
    /// <param name="stride">The number of threads launched.</param>
    public static void Flatten(Index1D index, ArrayView<int> parent, int stride)
    {
        for (int v = index.X; v < parent.Length; v += stride)
        {
            if (parent[v] >= 0)
            {
                parent[v] = Find(parent, v);
            }
        }
    }

    /// <summary>Links the open roots joined by admitted periodic links in the offset union-find.</summary>
    /// <param name="index">The grid point.</param>
    /// <param name="lattice">The grid.</param>
    /// <param name="parent">Open roots per admitted point (after <see cref="Flatten"/>).</param>
    /// <param name="word">Offset union-find words, indexed by open root.</param>
    /// <param name="status">The status slots.</param>
    /// <param name="shell">The points with a forward link that crosses a face (<see cref="OnShell"/>).</param>
    /// <param name="stride">The number of threads launched.</param>
    public static void Link(Index1D index, PercolationLattice lattice, ArrayView<int> parent, ArrayView<ulong> word,
        ArrayView<int> status, ArrayView<int> shell, int stride)
    {
        for (int t = index.X; t < shell.Length; t += stride)
        {
            int v = shell[t];
            if (parent[v] >= 0)
            {
                LinkPoint(lattice, parent, word, status, v);
            }
        }
    }

    /// <summary>True when some forward link of point (i, j, k) crosses a cell face (the point is on the shell).</summary>
    /// <param name="lattice">The grid.</param>
    /// <param name="i">First index.</param>
    /// <param name="j">Second index.</param>
    /// <param name="k">Third index.</param>
    public static bool OnShell(PercolationLattice lattice, int i, int j, int k)
        => i == lattice.N1 - 1 || j == 0 || j == lattice.N2 - 1 || k == 0 || k == lattice.N3 - 1;

    private static void LinkPoint(PercolationLattice lattice, ArrayView<int> parent, ArrayView<ulong> word, ArrayView<int> status,
        int v)
    {
        int a = parent[v];
        int n2 = lattice.N2, n3 = lattice.N3;
        int i = v / (n2 * n3), rem = v - i * n2 * n3, j = rem / n3, k = rem - j * n3;
        for (int c = 14; c < 27; c++)
        {
            int di = c / 9 - 1, dj = (c / 3) % 3 - 1, dk = c % 3 - 1;
            if (!Crossing(lattice, i, j, k, di, dj, dk, out int u, out int sx, out int sy, out int sz))
            {
                continue;
            }
            int b = parent[u];
            if (b >= 0)
            {
                LinkRoots(lattice, word, status, a, b, sx, sy, sz);
            }
        }
    }

    /// <summary>
    /// One pass of the exact wrap rank: pass 1 stores a first non-zero wrap vector per root, pass 2 a second one not
    /// parallel to it, pass 3 looks for one outside their plane; each success raises the dimension slot to the pass.
    /// </summary>
    /// <param name="index">The grid point.</param>
    /// <param name="lattice">The grid.</param>
    /// <param name="parent">Open roots per admitted point.</param>
    /// <param name="word">Offset union-find words (after <see cref="Link"/>).</param>
    /// <param name="first">First wrap vector per root.</param>
    /// <param name="second">Second wrap vector per root.</param>
    /// <param name="status">The status slots.</param>
    /// <param name="pass">1, 2 or 3.</param>
    /// <param name="shell">The points with a forward link that crosses a face.</param>
    /// <param name="stride">The number of threads launched.</param>
    public static void WrapRank(Index1D index, PercolationLattice lattice, ArrayView<int> parent, ArrayView<ulong> word,
        ArrayView<ulong> first, ArrayView<ulong> second, ArrayView<int> status, int pass, ArrayView<int> shell, int stride)
    {
        for (int t = index.X; t < shell.Length; t += stride)
        {
            int v = shell[t];
            if (parent[v] >= 0)
            {
                WrapRankPoint(lattice, parent, word, first, second, status, pass, v);
            }
        }
    }

    private static void WrapRankPoint(PercolationLattice lattice, ArrayView<int> parent, ArrayView<ulong> word,
        ArrayView<ulong> first, ArrayView<ulong> second, ArrayView<int> status, int pass, int v)
    {
        int a = parent[v];
        int n2 = lattice.N2, n3 = lattice.N3;
        int i = v / (n2 * n3), rem = v - i * n2 * n3, j = rem / n3, k = rem - j * n3;
        for (int c = 14; c < 27; c++)
        {
            int di = c / 9 - 1, dj = (c / 3) % 3 - 1, dk = c % 3 - 1;
            if (!Crossing(lattice, i, j, k, di, dj, dk, out int u, out int sx, out int sy, out int sz))
            {
                continue;
            }
            int b = parent[u];
            if (b < 0)
            {
                continue;
            }
            int root = FindOffset(lattice, word, a, out long ax, out long ay, out long az);
            FindOffset(lattice, word, b, out long bx, out long by, out long bz);
            long wx = ax + sx - bx, wy = ay + sy - by, wz = az + sz - bz;
            if ((wx | wy | wz) == 0)
            {
                continue;
            }
            if (pass == 1)
            {
                if (!FitsWrap(wx) || !FitsWrap(wy) || !FitsWrap(wz))
                {
                    Atomic.Or(ref status[OverflowSlot], 1);
                    continue;
                }
                Atomic.CompareExchange(ref first[root], 0UL, PackWrap(wx, wy, wz));
                Atomic.Max(ref status[DimensionSlot], 1);
                continue;
            }
            ulong f = first[root];
            long fx = WrapField(f, 0), fy = WrapField(f, 1), fz = WrapField(f, 2);
            long cx = fy * wz - fz * wy, cy = fz * wx - fx * wz, cz = fx * wy - fy * wx;
            if (pass == 2)
            {
                if ((cx | cy | cz) != 0)
                {
                    Atomic.CompareExchange(ref second[root], 0UL, PackWrap(wx, wy, wz));
                    Atomic.Max(ref status[DimensionSlot], 2);
                }
                continue;
            }
            ulong s = second[root];
            if (s == 0)
            {
                continue;
            }
            long gx = WrapField(s, 0), gy = WrapField(s, 1), gz = WrapField(s, 2);
            // (f × w) · g ≠ 0 ⇔ f, g, w independent.
            if (cx * gx + cy * gy + cz * gz != 0)
            {
                Atomic.Max(ref status[DimensionSlot], 3);
            }
        }
    }

    /// <summary>The forward link (di, dj, dk) of point (i, j, k) if it crosses a face: its far end and its cell shift.</summary>
    private static bool Crossing(PercolationLattice lattice, int i, int j, int k, int di, int dj, int dk, out int u,
        out int sx, out int sy, out int sz)
    {
        u = 0;
        sx = 0;
        sy = 0;
        sz = 0;
        if (lattice.Full26 == 0 && (di != 0 ? 1 : 0) + (dj != 0 ? 1 : 0) + (dk != 0 ? 1 : 0) != 1)
        {
            return false;
        }
        int n2 = lattice.N2, n3 = lattice.N3;
        int bi = Wrap(i + di, lattice.N1, out sx);
        int bj = Wrap(j + dj, n2, out sy);
        int bk = Wrap(k + dk, n3, out sz);
        u = (bi * n2 + bj) * n3 + bk;
        return (sx | sy | sz) != 0;
    }

    /// <summary>Index <paramref name="b"/> (one step outside [0, n) at most) wrapped into the cell, and the cell shift.</summary>
    private static int Wrap(int b, int n, out int shift)
    {
        shift = b < 0 ? -1 : b >= n ? 1 : 0;
        return b - shift * n;
    }

    /// <summary>Root of <paramref name="x"/>, halving the path on the way (ECL-CC's intermediate pointer jumping).</summary>
    private static int Find(ArrayView<int> parent, int x)
    {
        int current = parent[x];
        if (current != x)
        {
            int previous = x;
            int next = parent[current];
            while (current > next)
            {
                parent[previous] = next;
                previous = current;
                current = next;
                next = parent[current];
            }
        }
        return current;
    }

    /// <summary>Joins the components of a and b: the larger root is hooked under the smaller by compare-and-swap.</summary>
    private static void Union(ArrayView<int> parent, int a, int b)
    {
        int ra = Find(parent, a);
        int rb = Find(parent, b);
        while (ra != rb)
        {
            if (ra < rb)
            {
                int old = Atomic.CompareExchange(ref parent[rb], rb, ra);
                if (old == rb)
                {
                    return;
                }
                rb = Find(parent, old);
            }
            else
            {
                int old = Atomic.CompareExchange(ref parent[ra], ra, rb);
                if (old == ra)
                {
                    return;
                }
                ra = Find(parent, old);
            }
        }
    }

    /// <summary>The root of open root <paramref name="x"/> in the offset union-find and x's cell offset relative to it.</summary>
    private static int FindOffset(PercolationLattice lattice, ArrayView<ulong> word, int x, out long ox, out long oy, out long oz)
    {
        ulong mask = (1UL << lattice.IndexBits) - 1;
        long sx = 0, sy = 0, sz = 0;
        int r = x;
        int steps = 0;
        ulong w = word[r];
        while (true)
        {
            int p = (int)(w & mask);
            if (p == r)
            {
                // Confirm the root with an atomic read: a plain load may be stale (a cached copy of a word that has
                // since been linked), and a retry loop that kept reading it would never end.
                ulong fresh = Atomic.CompareExchange(ref word[r], w, w);
                if (fresh == w)
                {
                    break;
                }
                w = fresh;
                continue;
            }
            sx += Field(lattice, w, 0);
            sy += Field(lattice, w, 1);
            sz += Field(lattice, w, 2);
            r = p;
            steps++;
            w = word[r];
        }
        ox = sx;
        oy = sy;
        oz = sz;
        if (steps > 1 && Fits(lattice, sx) && Fits(lattice, sy) && Fits(lattice, sz))
        {
            // x is not a root and never will be again: (root, summed offset) is as true as what it replaces.
            word[x] = Pack(lattice, r, sx, sy, sz);
        }
        return r;
    }

    /// <summary>Joins open roots a and b, where b's image at cell shift s touches a: lock-free, roots only.</summary>
    private static void LinkRoots(PercolationLattice lattice, ArrayView<ulong> word, ArrayView<int> status, int a, int b,
        int sx, int sy, int sz)
    {
        while (true)
        {
            int ra = FindOffset(lattice, word, a, out long ax, out long ay, out long az);
            int rb = FindOffset(lattice, word, b, out long bx, out long by, out long bz);
            if (ra == rb)
            {
                return;
            }
            // Offset of rb relative to ra such that b's lift is a's lift + s.
            long tx = ax + sx - bx, ty = ay + sy - by, tz = az + sz - bz;
            if (!Fits(lattice, tx) || !Fits(lattice, ty) || !Fits(lattice, tz))
            {
                Atomic.Or(ref status[OverflowSlot], 1);
                return;
            }
            if (ra < rb)
            {
                if (Atomic.CompareExchange(ref word[rb], (ulong)rb, Pack(lattice, ra, tx, ty, tz)) == (ulong)rb)
                {
                    return;
                }
            }
            else if (Atomic.CompareExchange(ref word[ra], (ulong)ra, Pack(lattice, rb, -tx, -ty, -tz)) == (ulong)ra)
            {
                return;
            }
        }
    }

    private static bool Fits(PercolationLattice lattice, long x)
    {
        long half = 1L << (lattice.OffsetBits - 1);
        return x >= -half && x < half;
    }

    private static ulong Pack(PercolationLattice lattice, int parent, long ox, long oy, long oz)
    {
        int b = lattice.IndexBits, f = lattice.OffsetBits;
        ulong m = (1UL << f) - 1;
        return (uint)parent | (((ulong)ox & m) << b) | (((ulong)oy & m) << (b + f)) | (((ulong)oz & m) << (b + 2 * f));
    }

    private static long Field(PercolationLattice lattice, ulong w, int axis)
    {
        int f = lattice.OffsetBits;
        int shift = lattice.IndexBits + axis * f;
        return (long)(w << (64 - shift - f)) >> (64 - f);
    }

    private static bool FitsWrap(long x) => x >= -(1L << (WrapBits - 1)) && x < (1L << (WrapBits - 1));

    private static ulong PackWrap(long x, long y, long z)
    {
        const ulong m = (1UL << WrapBits) - 1;
        return ((ulong)x & m) | (((ulong)y & m) << WrapBits) | (((ulong)z & m) << (2 * WrapBits));
    }

    private static long WrapField(ulong w, int axis)
    {
        int shift = axis * WrapBits;
        return (long)(w << (64 - shift - WrapBits)) >> (64 - WrapBits);
    }
}
