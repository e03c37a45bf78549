using GpuBv.Crystal;

namespace GpuBv.Bvse;

/// <summary>
/// Neighbour culling shared by every device: the grid is cut into tiles of T×T×T points, and each tile gets the list
/// of framework ions closer than cutoff + (tile's circumradius) to the tile's centre — a superset of what any of its
/// points can see, so energies are identical to the uncut sum (the per-pair cutoff test stays). Lists are stored as
/// CSR arrays (start offsets and indices) for Morse and Coulomb ions. Points are processed tile by tile, so the threads
/// of a GPU warp share one list.
/// </summary>
public sealed class TiledFramework
{
    /// <summary>Edge of a tile in points.</summary>
    public int Tile { get; }
    /// <summary>Tiles along each axis.</summary>
    public int T1 { get; }
    /// <summary>Tiles along b.</summary>
    public int T2 { get; }
    /// <summary>Tiles along c.</summary>
    public int T3 { get; }
    /// <summary>The grid.</summary>
    public BvseGrid Grid { get; }
    /// <summary>The framework.</summary>
    public BvseFramework Framework { get; }
    /// <summary>Start of each tile's Morse list in <see cref="MorseIndex"/> (length tiles + 1).</summary>
    public int[] MorseStart { get; }
    /// <summary>Indices into <see cref="BvseFramework.Morse"/>.</summary>
    public int[] MorseIndex { get; }
    /// <summary>Start of each tile's Coulomb list in <see cref="CoulombIndex"/> (length tiles + 1).</summary>
    public int[] CoulombStart { get; }
    /// <summary>Indices into <see cref="BvseFramework.Coulomb"/>.</summary>
    public int[] CoulombIndex { get; }
    /// <summary>Lattice vectors (a, b, c; Å), row by row.</summary>
    public double[] Cell { get; }

    /// <summary>Number of tiles.</summary>
    public int TileCount => T1 * T2 * T3;

    /// <summary>Pair evaluations actually done (Σ over points of the tile list lengths), for throughput figures.</summary>
    public long PairEvaluations { get; }

    private TiledFramework(BvseFramework fw, BvseGrid grid, int tile)
    {
        Framework = fw; Grid = grid; Tile = tile;
        T1 = (grid.N1 + tile - 1) / tile; T2 = (grid.N2 + tile - 1) / tile; T3 = (grid.N3 + tile - 1) / tile;
        var lat = fw.Structure.Lattice;
        Cell = [lat.A.X, lat.A.Y, lat.A.Z, lat.B.X, lat.B.Y, lat.B.Z, lat.C.X, lat.C.Y, lat.C.Z];
        (MorseStart, MorseIndex) = Build(fw.Morse, lat, fw.Cutoff);
        (CoulombStart, CoulombIndex) = Build(fw.Coulomb, lat, fw.Cutoff);
        long pairs = 0;
        for (int t = 0; t < TileCount; t++)
            pairs += (long)PointsInTile(t) * (MorseStart[t + 1] - MorseStart[t] + CoulombStart[t + 1] - CoulombStart[t]);
        PairEvaluations = pairs;
    }

    /// <summary>Builds tile lists; the tile edge is chosen near 1 Å (at least 2 points).</summary>
    public static TiledFramework Build(BvseFramework framework, BvseGrid grid, double resolution)
        => new(framework, grid, Math.Clamp((int)Math.Round(1.0 / resolution), 2, 16));

    /// <summary>Number of grid points in tile <paramref name="t"/> (edge tiles may be partial).</summary>
    public int PointsInTile(int t)
    {
        var (i0, j0, k0) = TileOrigin(t);
        return Math.Min(Tile, Grid.N1 - i0) * Math.Min(Tile, Grid.N2 - j0) * Math.Min(Tile, Grid.N3 - k0);
    }

    /// <summary>First grid point (i, j, k) of tile <paramref name="t"/> (tiles ordered with the c index fastest).</summary>
    public (int i, int j, int k) TileOrigin(int t)
    {
        int tc = t % T3, tab = t / T3, tb = tab % T2, ta = tab / T2;
        return (ta * Tile, tb * Tile, tc * Tile);
    }

    private (int[] start, int[] index) Build(FrameworkIon[] ions, Lattice lat, double cutoff)
    {
        int tiles = TileCount;
        var lists = new int[tiles][];
        Parallel.For(0, tiles, t =>
        {
            var (i0, j0, k0) = TileOrigin(t);
            int e1 = Math.Min(i0 + Tile, Grid.N1) - 1, e2 = Math.Min(j0 + Tile, Grid.N2) - 1, e3 = Math.Min(k0 + Tile, Grid.N3) - 1;
            var lo = new Vec3((double)i0 / Grid.N1, (double)j0 / Grid.N2, (double)k0 / Grid.N3);
            var hi = new Vec3((double)e1 / Grid.N1, (double)e2 / Grid.N2, (double)e3 / Grid.N3);
            var centre = lat.ToCartesian(0.5 * (lo + hi));
            double radius = 0;
            for (int c = 0; c < 8; c++)
            {
                var corner = new Vec3((c & 1) == 0 ? lo.X : hi.X, (c & 2) == 0 ? lo.Y : hi.Y, (c & 4) == 0 ? lo.Z : hi.Z);
                radius = Math.Max(radius, (lat.ToCartesian(corner) - centre).Length);
            }
            double reach = cutoff + radius + 1e-3; // 1e-3 Å covers float rounding of positions
            double reach2 = reach * reach;
            var list = new List<int>();
            for (int n = 0; n < ions.Length; n++)
            {
                double dx = ions[n].X - centre.X, dy = ions[n].Y - centre.Y, dz = ions[n].Z - centre.Z;
                if (dx * dx + dy * dy + dz * dz < reach2) list.Add(n);
            }
            lists[t] = list.ToArray();
        });
        var start = new int[tiles + 1];
        for (int t = 0; t < tiles; t++) start[t + 1] = start[t] + lists[t].Length;
        var index = new int[start[tiles]];
        for (int t = 0; t < tiles; t++) lists[t].CopyTo(index, start[t]);
        return (start, index);
    }
}
