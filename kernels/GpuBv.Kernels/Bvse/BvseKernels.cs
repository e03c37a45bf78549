using GpuBv.Bvse;
using ILGPU;

namespace GpuBv.Kernels.Bvse;

/// <summary>Grid and tiling constants passed by value to the BVSE kernel.</summary>
public readonly struct GridGeometry
{
    public readonly int N1, N2, N3, Tile, T1, T2, T3;
    public readonly float Ax, Ay, Az, Bx, By, Bz, Cx, Cy, Cz, Cutoff2;

    /// <summary>Copies the constants of <paramref name="t"/>.</summary>
    public GridGeometry(TiledFramework t)
    {
        N1 = t.Grid.N1; N2 = t.Grid.N2; N3 = t.Grid.N3; Tile = t.Tile; T1 = t.T1; T2 = t.T2; T3 = t.T3;
        var c = t.Cell;
        Ax = (float)c[0]; Ay = (float)c[1]; Az = (float)c[2]; Bx = (float)c[3]; By = (float)c[4]; Bz = (float)c[5]; Cx = (float)c[6]; Cy = (float)c[7]; Cz = (float)c[8];
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
    /// Energy of the mobile ion at grid point number <paramref name="index"/> (tile-major numbering: tile, then i, j, k
    /// inside the tile). Threads that fall outside the grid in edge tiles do nothing.
    /// </summary>
    public static void Energy(
        Index1D index, GridGeometry g, ArrayView<float> energies,
        ArrayView<FrameworkIonF> morse, ArrayView<int> morseStart, ArrayView<int> morseIndex,
        ArrayView<FrameworkIonF> coulomb, ArrayView<int> coulombStart, ArrayView<int> coulombIndex)
    {
        int perTile = g.Tile * g.Tile * g.Tile;
        int t = index / perTile, l = index - t * perTile;
        int tc = t % g.T3, tab = t / g.T3, tb = tab % g.T2, ta = tab / g.T2;
        int i = ta * g.Tile + l / (g.Tile * g.Tile);
        int j = tb * g.Tile + (l / g.Tile) % g.Tile;
        int k = tc * g.Tile + l % g.Tile;
        if (i >= g.N1 || j >= g.N2 || k >= g.N3) return;

        float fa = (float)i / g.N1, fb = (float)j / g.N2, fc = (float)k / g.N3;
        float x = fa * g.Ax + fb * g.Bx + fc * g.Cx;
        float y = fa * g.Ay + fb * g.By + fc * g.Cy;
        float z = fa * g.Az + fb * g.Bz + fc * g.Cz;
        float e = Sum<MorsePotential>(morse, morseIndex, morseStart[t], morseStart[t + 1], x, y, z, g.Cutoff2)
                + Sum<ScreenedCoulombPotential>(coulomb, coulombIndex, coulombStart[t], coulombStart[t + 1], x, y, z, g.Cutoff2);
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
