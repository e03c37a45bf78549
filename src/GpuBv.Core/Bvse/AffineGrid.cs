using GpuBv.Crystal;

namespace GpuBv.Bvse;

/// <summary>
/// A block of grid points in Cartesian space: point (i, j, k) = Origin + i·StepA + j·StepB + k·StepC (Å), for
/// 0 ≤ i &lt; N1 etc., stored with the third index fastest. The periodic BVSE grid is one (origin 0, steps a/n1, b/n2,
/// c/n3); the local grid around an anion group is another (a cube with equal orthogonal steps).
/// </summary>
public sealed record AffineGrid(int N1, int N2, int N3, Vec3 Origin, Vec3 StepA, Vec3 StepB, Vec3 StepC)
{
    /// <summary>Number of points.</summary>
    public long Count => (long)N1 * N2 * N3;

    /// <summary>Cartesian position of point (i, j, k).</summary>
    public Vec3 Point(double i, double j, double k) => Origin + i * StepA + j * StepB + k * StepC;

    /// <summary>Flat index of (i, j, k).</summary>
    public int Index(int i, int j, int k) => (i * N2 + j) * N3 + k;

    /// <summary>The periodic grid of <paramref name="grid"/> over <paramref name="lattice"/>.</summary>
    public static AffineGrid Periodic(Lattice lattice, BvseGrid grid)
        => new(grid.N1, grid.N2, grid.N3, Vec3.Zero, lattice.A * (1.0 / grid.N1), lattice.B * (1.0 / grid.N2), lattice.C * (1.0 / grid.N3));

    /// <summary>A cube of spacing <paramref name="h"/> (Å) with its central point at <paramref name="centre"/>, reaching at least
    /// <paramref name="halfWidth"/> Å from it along each Cartesian axis.</summary>
    public static AffineGrid Cube(Vec3 centre, double halfWidth, double h)
    {
        int half = (int)Math.Ceiling(halfWidth / h);
        int n = 2 * half + 1;
        return new AffineGrid(
            n, n, n, centre - new Vec3(half * h, half * h, half * h), new Vec3(h, 0, 0), new Vec3(0, h, 0), new Vec3(0, 0, h));
    }
}
