using GpuBv.Bvse;
using ILGPU;

namespace GpuBv.Kernels.Bvse;

/// <summary>
/// The ILGPU kernel for the BVSE grid (no I/O). One thread per grid point, threads numbered tile by tile so a warp
/// shares one neighbour list; the pair physics is <see cref="MorsePotential"/> and <see cref="ScreenedCoulombPotential"/>,
/// the same code the CPU path runs, and the tile arithmetic is <see cref="TileMath"/>, as in <see cref="TiledFramework"/>.
/// </summary>
public static class BvseKernel
{
    /// <summary>
    /// Energy of the mobile ion at point number <paramref name="index"/> of the active tiles (numbered tile by tile, then
    /// i, j, k inside the tile). Threads that fall outside the grid in edge tiles do nothing.
    /// </summary>
    /// <param name="index">The thread's point number.</param>
    /// <param name="g">Grid and tiling constants.</param>
    /// <param name="a">The launch's buffers.</param>
    public static void Energy(Index1D index, GridGeometry g, BvseKernelArgs a) => Point(index.X, g, a);

    /// <summary>
    /// <see cref="Energy"/> for several grids in one launch: thread <paramref name="index"/> belongs to the last grid whose
    /// <see cref="BatchGrid.ThreadStart"/> is at most it, and runs that grid's point with views of its slices of the
    /// shared buffers, so each grid gets exactly the values a launch of its own gives.
    /// </summary>
    /// <param name="index">The thread's number in the batch.</param>
    /// <param name="grids">Per grid: geometry and slice offsets, by ascending thread start.</param>
    /// <param name="a">The batch's concatenated buffers.</param>
    public static void BatchEnergy(Index1D index, ArrayView<BatchGrid> grids, BvseKernelArgs a)
    {
        int lo = 0;
        int hi = (int)grids.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (grids[mid].ThreadStart <= index.X)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        var b = grids[lo];
        var mine = new BvseKernelArgs(a.Energies.SubView(b.EnergyStart, b.EnergyCount),
            a.ActiveTiles.SubView(b.TileStart, b.TileCount + 1),
            a.Morse.SubView(b.MorseIonStart, b.MorseIonCount), a.MorseStart.SubView(b.MorseStartStart, b.TileCount + 1),
            a.MorseIndex.SubView(b.MorseIndexStart, b.MorseIndexCount),
            a.Coulomb.SubView(b.CoulombIonStart, b.CoulombIonCount), a.CoulombStart.SubView(b.CoulombStartStart, b.TileCount + 1),
            a.CoulombIndex.SubView(b.CoulombIndexStart, b.CoulombIndexCount));
        Point(index.X - b.ThreadStart, b.Geometry, mine);
    }

    private static void Point(int index, GridGeometry g, BvseKernelArgs a)
    {
        int perTile = g.Tile * g.Tile * g.Tile;
        int s = index / perTile;
        int l = index - s * perTile;
        int t2 = TileMath.Count(g.N2, g.Tile);
        int t3 = TileMath.Count(g.N3, g.Tile);
        TileMath.Origin(a.ActiveTiles[s], t2, t3, g.Tile, out int i0, out int j0, out int k0);
        int i = i0 + l / (g.Tile * g.Tile);
        int j = j0 + (l / g.Tile) % g.Tile;
        int k = k0 + l % g.Tile;
        if (i >= g.N1 || j >= g.N2 || k >= g.N3)
        {
            return;
        }

        float x = g.Ox + i * g.Ax + j * g.Bx + k * g.Cx;
        float y = g.Oy + i * g.Ay + j * g.By + k * g.Cy;
        float z = g.Oz + i * g.Az + j * g.Bz + k * g.Cz;
        float morse = Sum<MorsePotential>(a.Morse, a.MorseIndex, a.MorseStart[s], a.MorseStart[s + 1], x, y, z, g.Cutoff2);
        float coulomb = Sum<ScreenedCoulombPotential>(a.Coulomb, a.CoulombIndex, a.CoulombStart[s], a.CoulombStart[s + 1],
            x, y, z, g.Cutoff2);
        a.Energies[(i * g.N2 + j) * g.N3 + k] = morse + coulomb;
    }

    private static float Sum<TPotential>(ArrayView<FrameworkIonF> ions, ArrayView<int> index, int start, int end,
        float x, float y, float z, float cutoff2)
        where TPotential : struct, IPairPotential
    {
        float sum = 0f;
        var pot = default(TPotential);
        for (int n = start; n < end; n++)
        {
            var ion = ions[index[n]];
            float dx = ion.X - x;
            float dy = ion.Y - y;
            float dz = ion.Z - z;
            float r2 = dx * dx + dy * dy + dz * dz;
            if (r2 < cutoff2)
            {
                float r = MathF.Max(MathF.Sqrt(r2), (float)BvsePhysics.MinimumDistance);
                sum += pot.Energy<float, FloatOps>(r, ion.P0, ion.P1, ion.P2);
            }
        }
        return sum;
    }
}
