using GpuBv.Crystal;

namespace GpuBv.Bvse;

/// <summary>
/// Neighbour culling shared by every device: the grid is cut into tiles of T×T×T points, and each tile gets the list
/// of framework ions closer than cutoff + (tile's circumradius) to the tile's centre — a superset of what any of its
/// points can see, so energies are identical to the uncut sum (the per-pair cutoff test stays). Lists are stored as
/// CSR arrays (start offsets and indices) for Morse and Coulomb ions, one entry per active tile. Points are processed
/// tile by tile, so the threads of a GPU warp share one list. Tiles can be left out (e.g. those that miss an anion
/// group's shell); their points are not evaluated and read <see cref="float.MaxValue"/>.
/// </summary>
public sealed class TiledFramework
{
    /// <summary>Edge of a tile in points.</summary>
    public int Tile { get; }
    /// <summary>Tiles along the first axis.</summary>
    public int T1 { get; }
    /// <summary>Tiles along the second axis.</summary>
    public int T2 { get; }
    /// <summary>Tiles along the third axis.</summary>
    public int T3 { get; }
    /// <summary>The grid points.</summary>
    public AffineGrid Grid { get; }
    /// <summary>The framework.</summary>
    public BvseFramework Framework { get; }
    /// <summary>The tiles evaluated (tile numbers, c fastest), in order.</summary>
    public int[] ActiveTiles { get; }
    /// <summary>Start of each active tile's Morse list in <see cref="MorseIndex"/> (length active + 1).</summary>
    public int[] MorseStart { get; }
    /// <summary>Indices into <see cref="BvseFramework.Morse"/>.</summary>
    public int[] MorseIndex { get; }
    /// <summary>Start of each active tile's Coulomb list in <see cref="CoulombIndex"/> (length active + 1).</summary>
    public int[] CoulombStart { get; }
    /// <summary>Indices into <see cref="BvseFramework.Coulomb"/>.</summary>
    public int[] CoulombIndex { get; }

    /// <summary>Number of tiles in the grid.</summary>
    public int TileCount => T1 * T2 * T3;

    /// <summary>Pair evaluations actually done (Σ over evaluated points of the tile list lengths), for throughput figures.</summary>
    public long PairEvaluations { get; }

    /// <summary>
    /// Evaluate in single precision on every device (the GPU kernels always do; the CPU path then uses eight float lanes
    /// instead of four double ones). Set for the periodic grids by default and always for the local E_rot grids; false
    /// asks the CPU path for double precision (the reference the float grids are tested against).
    /// </summary>
    public bool SinglePrecision { get; }

    /// <summary>
    /// The points of each active tile that are wanted (bit p: the tile's p-th point, third index fastest), when the tiles
    /// hold at most 64 points and a point filter was given; null: every point. The others read <see cref="float.MaxValue"/>
    /// on every device: the CPU does not evaluate them, the GPU kernels evaluate whole tiles and
    /// <see cref="ClearUnwanted"/> resets them.
    /// </summary>
    public ulong[]? PointMask { get; }

    private TiledFramework(BvseFramework fw, AffineGrid grid, int tile, Func<Vec3, double, bool>? keepTile, bool singlePrecision,
        Func<Vec3, bool>? keepPoint = null, Func<Vec3, double, bool>? allWanted = null)
    {
        SinglePrecision = singlePrecision;
        Framework = fw;
        Grid = grid;
        Tile = tile;
        T1 = TileMath.Count(grid.N1, tile);
        T2 = TileMath.Count(grid.N2, tile);
        T3 = TileMath.Count(grid.N3, tile);
        _fullTileRadius = HalfDiagonal(tile - 1, tile - 1, tile - 1);
        var spheres = new (Vec3 centre, double radius)[TileCount];
        var keep = new bool[TileCount];
        // Per tile and independent (the filters are pure functions of their arguments): in parallel, in ranges.
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, TileCount, RangeSize), range =>
        {
            for (int t = range.Item1; t < range.Item2; t++)
            {
                spheres[t] = BoundingSphere(t);
                keep[t] = keepTile is null || keepTile(spheres[t].centre, spheres[t].radius);
            }
        });
        var active = new List<int>();
        for (int t = 0; t < TileCount; t++)
        {
            if (keep[t])
                active.Add(t);
        }
        ActiveTiles = active.ToArray();
        if (keepPoint is not null && tile * tile * tile <= 64)
            PointMask = Mask(keepPoint, allWanted, spheres);
        (MorseStart, MorseIndex) = Build(fw.Morse, spheres, fw.Cutoff);
        (CoulombStart, CoulombIndex) = Build(fw.Coulomb, spheres, fw.Cutoff);
        long pairs = 0;
        for (int s = 0; s < ActiveTiles.Length; s++)
        {
            int points = PointMask is null ? PointsInTile(ActiveTiles[s]) : System.Numerics.BitOperations.PopCount(PointMask[s]);
            pairs += (long)points * (MorseStart[s + 1] - MorseStart[s] + CoulombStart[s + 1] - CoulombStart[s]);
        }
        PairEvaluations = pairs;
    }

    /// <summary>
    /// Tiles over the periodic BVSE grid; the tile edge is chosen near 1 Å (2 to 16 points). Evaluated in single precision
    /// by default, as the GPU kernels do (within 1e-4 eV of double on every shipped structure, tested); set
    /// <paramref name="singlePrecision"/> false for the double-precision CPU reference.
    /// </summary>
    public static TiledFramework Build(BvseFramework framework, BvseGrid grid, double resolution, bool singlePrecision = true)
        => new(framework, AffineGrid.Periodic(framework.Structure.Lattice, grid), TileEdge(resolution), null, singlePrecision);

    /// <summary>
    /// Tiles over any point block; <paramref name="keepTile"/> (tile centre, circumradius → keep?) leaves tiles out.
    /// <paramref name="tileEdge"/> (points, 2–16; null: near 1 Å) sets how tightly the kept tiles follow a region: smaller
    /// tiles evaluate fewer points outside it, at the cost of more neighbour lists. The energy of a point does not depend on
    /// it (each point sums the same pairs, within the cutoff, in the same order). <paramref name="singlePrecision"/>: see
    /// <see cref="SinglePrecision"/>. The filter is called from several threads at once: it must be a pure function.
    /// </summary>
    public static TiledFramework Build(BvseFramework framework, AffineGrid grid, double spacing, Func<Vec3, double, bool>? keepTile,
        int? tileEdge = null, bool singlePrecision = false)
        => new(framework, grid, tileEdge is int e ? Math.Clamp(e, 2, 16) : TileEdge(spacing), keepTile, singlePrecision);

    private static int TileEdge(double spacing) => Math.Clamp((int)Math.Round(1.0 / spacing), 2, 16);

    /// <summary>
    /// Tiles over any point block with a point filter (see <see cref="PointMask"/>): only the points it keeps are wanted
    /// (for tiles of at most 64 points, <paramref name="tileEdge"/> ≤ 4; larger tiles evaluate all their points).
    /// </summary>
    /// <param name="framework">The framework.</param>
    /// <param name="grid">The points.</param>
    /// <param name="spacing">The spacing (Å).</param>
    /// <param name="keepTile">Tile centre, circumradius → keep the tile?</param>
    /// <param name="keepPoint">Point → wanted? (Like the other filters, called from several threads at once: pure.)</param>
    /// <param name="tileEdge">Tile edge in points (2–16).</param>
    /// <param name="singlePrecision">See <see cref="SinglePrecision"/>.</param>
    /// <param name="allWanted">
    /// Tile centre, circumradius → are all its points wanted? (a shortcut: when true, <paramref name="keepPoint"/> is not
    /// asked for that tile's points; it must only say true where every point would pass).
    /// </param>
    public static TiledFramework Build(BvseFramework framework, AffineGrid grid, double spacing, Func<Vec3, double, bool>? keepTile,
        Func<Vec3, bool> keepPoint, int tileEdge, bool singlePrecision, Func<Vec3, double, bool>? allWanted = null)
    {
        ArgumentNullException.ThrowIfNull(keepPoint);
        return new(framework, grid, Math.Clamp(tileEdge, 2, 16), keepTile, singlePrecision, keepPoint, allWanted);
    }

    /// <summary>Whether point number <paramref name="p"/> (third index fastest) of active tile <paramref name="s"/> is wanted.</summary>
    /// <param name="s">Active tile number.</param>
    /// <param name="p">Point within the tile.</param>
    public bool Wanted(int s, int p) => PointMask is null || ((PointMask[s] >> p) & 1) != 0;

    /// <summary>
    /// Sets the unwanted points of <paramref name="energies"/> (this grid's, from a device that evaluates whole tiles) to
    /// <see cref="float.MaxValue"/>, so that every device returns the same array.
    /// </summary>
    /// <param name="energies">The grid's energies, third index fastest.</param>
    public void ClearUnwanted(float[] energies)
    {
        ArgumentNullException.ThrowIfNull(energies);
        if (PointMask is null)
            return;
        Span<int> points = stackalloc int[Tile * Tile * Tile];
        for (int s = 0; s < ActiveTiles.Length; s++)
        {
            int n = TilePoints(s, points);
            for (int p = 0; p < n; p++)
                if (((PointMask[s] >> p) & 1) == 0)
                    energies[points[p]] = float.MaxValue;
        }
    }

    /// <summary>
    /// The grid indices (third index fastest) of the points of active tile <paramref name="s"/> in order, or of its wanted
    /// points only; returns how many were written to <paramref name="index"/> (room for <see cref="Tile"/>³).
    /// </summary>
    /// <param name="s">Active tile number.</param>
    /// <param name="index">Receives the indices.</param>
    /// <param name="wantedOnly">Only the points <see cref="Wanted"/> keeps.</param>
    public int TilePoints(int s, Span<int> index, bool wantedOnly = false)
    {
        var (i0, j0, k0) = TileOrigin(ActiveTiles[s]);
        int e1 = Math.Min(i0 + Tile, Grid.N1), e2 = Math.Min(j0 + Tile, Grid.N2), e3 = Math.Min(k0 + Tile, Grid.N3);
        int n = 0, p = 0;
        for (int i = i0; i < e1; i++)
            for (int j = j0; j < e2; j++)
                for (int k = k0; k < e3; k++, p++)
                    if (!wantedOnly || Wanted(s, p))
                        index[n++] = (i * Grid.N2 + j) * Grid.N3 + k;
        return n;
    }


    private ulong[] Mask(Func<Vec3, bool> keepPoint, Func<Vec3, double, bool>? allWanted, (Vec3 centre, double radius)[] spheres)
    {
        var masks = new ulong[ActiveTiles.Length];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, ActiveTiles.Length, RangeSize), range =>
        {
            for (int s = range.Item1; s < range.Item2; s++)
                masks[s] = TileMask(ActiveTiles[s], keepPoint, allWanted, spheres);
        });
        return masks;
    }

    /// <summary>Work items of the per-tile host loops: ranges of this many tiles.</summary>
    private const int RangeSize = 1024;

    private ulong TileMask(int t, Func<Vec3, bool> keepPoint, Func<Vec3, double, bool>? allWanted, (Vec3 centre, double radius)[] spheres)
    {
        var (c, r) = spheres[t];
        if (allWanted is not null && allWanted(c, r))
        {
            int all = PointsInTile(t);
            return all == 64 ? ulong.MaxValue : (1UL << all) - 1;
        }
        // Walked by (i, j, k) rather than through TilePoints: no index division per point on this per-point path.
        var (i0, j0, k0) = TileOrigin(t);
        int e1 = Math.Min(i0 + Tile, Grid.N1), e2 = Math.Min(j0 + Tile, Grid.N2), e3 = Math.Min(k0 + Tile, Grid.N3);
        int p = 0;
        ulong mask = 0;
        for (int i = i0; i < e1; i++)
            for (int j = j0; j < e2; j++)
                for (int k = k0; k < e3; k++, p++)
                    if (keepPoint(Grid.Point(i, j, k)))
                        mask |= 1UL << p;
        return mask;
    }

    /// <summary>Number of grid points in tile <paramref name="t"/> (edge tiles may be partial).</summary>
    public int PointsInTile(int t)
    {
        var (i0, j0, k0) = TileOrigin(t);
        return Math.Min(Tile, Grid.N1 - i0) * Math.Min(Tile, Grid.N2 - j0) * Math.Min(Tile, Grid.N3 - k0);
    }

    /// <summary>First grid point (i, j, k) of tile <paramref name="t"/> (tiles ordered with the third index fastest).</summary>
    public (int i, int j, int k) TileOrigin(int t)
    {
        TileMath.Origin(t, T2, T3, Tile, out int i, out int j, out int k);
        return (i, j, k);
    }

    private (Vec3, double) BoundingSphere(int t)
    {
        var (i0, j0, k0) = TileOrigin(t);
        int e1 = Math.Min(i0 + Tile, Grid.N1) - 1, e2 = Math.Min(j0 + Tile, Grid.N2) - 1, e3 = Math.Min(k0 + Tile, Grid.N3) - 1;
        var centre = Grid.Point(0.5 * (i0 + e1), 0.5 * (j0 + e2), 0.5 * (k0 + e3));
        // The radius depends only on the tile's extent: a full tile's is computed once.
        int d1 = e1 - i0, d2 = e2 - j0, d3 = e3 - k0, full = Tile - 1;
        if (d1 == full && d2 == full && d3 == full)
        {
            return (centre, _fullTileRadius);
        }
        return (centre, HalfDiagonal(d1, d2, d3));
    }

    private readonly double _fullTileRadius;

    /// <summary>
    /// The circumradius of a tile spanning d1 × d2 × d3 grid steps: its longest half-diagonal, with 1e-12 relative to spare
    /// (a sphere only decides which tiles and ions are kept; a larger one keeps more, never fewer).
    /// </summary>
    private double HalfDiagonal(int d1, int d2, int d3)
    {
        double radius = 0;
        for (int c = 0; c < 4; c++)
        {
            var half = 0.5 * (d1 * Grid.StepA + ((c & 1) == 0 ? d2 : -d2) * Grid.StepB + ((c & 2) == 0 ? d3 : -d3) * Grid.StepC);
            radius = Math.Max(radius, half.Length);
        }
        return radius * (1 + 1e-12);
    }

    private (int[] start, int[] index) Build(FrameworkIon[] ions, (Vec3 centre, double radius)[] spheres, double cutoff)
    {
        int n = ActiveTiles.Length;
        var lists = new int[n][];
        // Only ions that some active tile can reach are scanned per tile (a local E_rot grid reaches a few hundred of the
        // thousands a periodic framework holds): those within cutoff + the active tiles' bounding sphere, in index order.
        var candidates = Candidates(ions, spheres, cutoff);
        var x = candidates.Select(m => ions[m].X).ToArray();
        var y = candidates.Select(m => ions[m].Y).ToArray();
        var z = candidates.Select(m => ions[m].Z).ToArray();
        // Two levels: the active tiles in blocks of 4×4×4 tiles, each block's candidates (within cutoff + the block's
        // bounding sphere) filtered once, then each tile's list from its block's (every ion a tile reaches is within the
        // block's reach, so the lists are the same as from all candidates, in the same order).
        var blocks = new Dictionary<long, List<int>>();
        for (int s = 0; s < n; s++)
        {
            TileMath.Origin(ActiveTiles[s], T2, T3, 1, out int ti, out int tj, out int tk);
            long key = ((long)(ti >> 2) * ((T2 >> 2) + 1) + (tj >> 2)) * ((T3 >> 2) + 1) + (tk >> 2);
            if (!blocks.TryGetValue(key, out var members))
                blocks[key] = members = [];
            members.Add(s);
        }
        var blockList = blocks.Values.ToList();
        Parallel.For(0, blockList.Count, () => (new int[candidates.Length], new int[candidates.Length]), (b, _, scratch) =>
        {
            var (near, list) = scratch;
            var members = blockList[b];
            Vec3 sum = Vec3.Zero;
            foreach (int s in members)
                sum += spheres[ActiveTiles[s]].centre;
            var mid = sum * (1.0 / members.Count);
            double bound = 0;
            foreach (int s in members)
                bound = Math.Max(bound, (spheres[ActiveTiles[s]].centre - mid).Length + spheres[ActiveTiles[s]].radius);
            double blockReach = cutoff + bound + 2e-3;
            double blockReach2 = blockReach * blockReach;
            int nearCount = 0;
            for (int c = 0; c < candidates.Length; c++)
            {
                double dx = x[c] - mid.X, dy = y[c] - mid.Y, dz = z[c] - mid.Z;
                if (dx * dx + dy * dy + dz * dz < blockReach2)
                    near[nearCount++] = c;
            }
            foreach (int s in members)
            {
                var (centre, radius) = spheres[ActiveTiles[s]];
                double reach = cutoff + radius + 1e-3; // 1e-3 Å covers float rounding of positions on the GPU
                double reach2 = reach * reach;
                int count = 0;
                for (int q = 0; q < nearCount; q++)
                {
                    int c = near[q];
                    double dx = x[c] - centre.X, dy = y[c] - centre.Y, dz = z[c] - centre.Z;
                    if (dx * dx + dy * dy + dz * dz < reach2)
                        list[count++] = candidates[c];
                }
                lists[s] = list.AsSpan(0, count).ToArray();
            }
            return scratch;
        }, _ => { });
        var start = new int[n + 1];
        for (int s = 0; s < n; s++)
            start[s + 1] = start[s] + lists[s].Length;
        var index = new int[start[n]];
        for (int s = 0; s < n; s++)
            lists[s].CopyTo(index, start[s]);
        return (start, index);
    }

    /// <summary>
    /// Indices of the ions within reach of any active tile: inside cutoff + radius of the sphere around the active tiles'
    /// mean centre that holds all their spheres (every ion a tile's own test keeps is among them), in index order.
    /// </summary>
    private int[] Candidates(FrameworkIon[] ions, (Vec3 centre, double radius)[] spheres, double cutoff)
    {
        if (ActiveTiles.Length == 0)
            return [];
        Vec3 sum = Vec3.Zero;
        foreach (int t in ActiveTiles)
            sum += spheres[t].centre;
        var mid = sum * (1.0 / ActiveTiles.Length);
        double bound = 0;
        foreach (int t in ActiveTiles)
            bound = Math.Max(bound, (spheres[t].centre - mid).Length + spheres[t].radius);
        double reach = cutoff + bound + 2e-3;
        double reach2 = reach * reach;
        var keep = new List<int>();
        for (int m = 0; m < ions.Length; m++)
        {
            double dx = ions[m].X - mid.X, dy = ions[m].Y - mid.Y, dz = ions[m].Z - mid.Z;
            if (dx * dx + dy * dy + dz * dz < reach2)
                keep.Add(m);
        }
        return keep.ToArray();
    }
}
