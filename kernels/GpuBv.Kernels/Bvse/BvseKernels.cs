using GpuBv.Bvse;
using ILGPU;

namespace GpuBv.Kernels.Bvse;

/// <summary>Grid and tiling constants passed by value to the BVSE kernel.</summary>
public readonly struct GridGeometry
{
    public readonly int N1, N2, N3, Tile;
    public readonly float Ox, Oy, Oz, Ax, Ay, Az, Bx, By, Bz, Cx, Cy, Cz, Cutoff2;

    /// <summary>Copies the constants of <paramref name="t"/>.</summary>
    public GridGeometry(TiledFramework t)
    {
        var g = t.Grid;
        N1 = g.N1; N2 = g.N2; N3 = g.N3; Tile = t.Tile;
        Ox = (float)g.Origin.X; Oy = (float)g.Origin.Y; Oz = (float)g.Origin.Z;
        Ax = (float)g.StepA.X; Ay = (float)g.StepA.Y; Az = (float)g.StepA.Z;
        Bx = (float)g.StepB.X; By = (float)g.StepB.Y; Bz = (float)g.StepB.Z;
        Cx = (float)g.StepC.X; Cy = (float)g.StepC.Y; Cz = (float)g.StepC.Z;
        Cutoff2 = (float)(t.Framework.Cutoff * t.Framework.Cutoff);
    }
}

/// <summary>
/// ILGPU kernels for the BVSE grid (no I/O). One thread per grid point, threads numbered tile by tile so a warp shares
/// one neighbour list; the pair physics is <see cref="MorsePotential"/> and <see cref="ScreenedCoulombPotential"/>,
/// the same code the CPU path runs.
/// </summary>
public static class BvseKernels
{
    /// <summary>
    /// Energy of the mobile ion at point number <paramref name="index"/> of the active tiles (numbered tile by tile, then
    /// i, j, k inside the tile). Threads that fall outside the grid in edge tiles do nothing.
    /// </summary>
    public static void Energy(
        Index1D index, GridGeometry g, ArrayView<float> energies, ArrayView<int> activeTiles,
        ArrayView<FrameworkIonF> morse, ArrayView<int> morseStart, ArrayView<int> morseIndex,
        ArrayView<FrameworkIonF> coulomb, ArrayView<int> coulombStart, ArrayView<int> coulombIndex)
    {
        int perTile = g.Tile * g.Tile * g.Tile;
        int s = index / perTile, l = index - s * perTile;
        int t = activeTiles[s];
        int t1 = (g.N1 + g.Tile - 1) / g.Tile, t2 = (g.N2 + g.Tile - 1) / g.Tile, t3 = (g.N3 + g.Tile - 1) / g.Tile;
        int tc = t % t3, tab = t / t3, tb = tab % t2, ta = tab / t2;
        int i = ta * g.Tile + l / (g.Tile * g.Tile);
        int j = tb * g.Tile + (l / g.Tile) % g.Tile;
        int k = tc * g.Tile + l % g.Tile;
        if (i >= g.N1 || j >= g.N2 || k >= g.N3) return;

        float x = g.Ox + i * g.Ax + j * g.Bx + k * g.Cx;
        float y = g.Oy + i * g.Ay + j * g.By + k * g.Cy;
        float z = g.Oz + i * g.Az + j * g.Bz + k * g.Cz;
        float e = Sum<MorsePotential>(morse, morseIndex, morseStart[s], morseStart[s + 1], x, y, z, g.Cutoff2)
                + Sum<ScreenedCoulombPotential>(coulomb, coulombIndex, coulombStart[s], coulombStart[s + 1], x, y, z, g.Cutoff2);
        energies[(i * g.N2 + j) * g.N3 + k] = e;
    }

    private static float Sum<TPotential>(ArrayView<FrameworkIonF> ions, ArrayView<int> index, int start, int end,
        float x, float y, float z, float cutoff2) where TPotential : struct, IPairPotential
    {
        float sum = 0f;
        var pot = default(TPotential);
        for (int n = start; n < end; n++)
        {
            var ion = ions[index[n]];
            float dx = ion.X - x, dy = ion.Y - y, dz = ion.Z - z;
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
