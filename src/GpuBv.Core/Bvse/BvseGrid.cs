using GpuBv.Crystal;

namespace GpuBv.Bvse;

/// <summary>
/// The periodic grid of DESIGN.md §2: n_i = ceil(|a_i| / resolution) points along each cell vector, at fractional
/// coordinates i/n_i (the end plane is not repeated). Energies are stored with the third index fastest:
/// index = (i·n2 + j)·n3 + k.
/// </summary>
public sealed record BvseGrid(int N1, int N2, int N3)
{
    /// <summary>Number of points.</summary>
    public long Count => (long)N1 * N2 * N3;

    /// <summary>Flat index of (i, j, k).</summary>
    public int Index(int i, int j, int k) => (i * N2 + j) * N3 + k;

    /// <summary>Fractional coordinates of a flat index.</summary>
    public Vec3 Fractional(int index)
    {
        int k = index % N3, ij = index / N3, j = ij % N2, i = ij / N2;
        return new Vec3((double)i / N1, (double)j / N2, (double)k / N3);
    }

    /// <summary>Largest grid GpuBv accepts (points): the percolation analysis indexes points with 32-bit integers.</summary>
    public const long MaxPoints = 1L << 30;

    /// <summary>Bytes per grid point the BVSE and percolation steps need at their peak (energies, sort keys, union-find).</summary>
    public const int BytesPerPoint = 40;

    /// <summary>
    /// The grid for <paramref name="lattice"/> at <paramref name="resolution"/> Å. Throws an <see cref="InputException"/>
    /// for a resolution ≤ 0 or a grid that would not fit in memory (naming the size and a resolution that would).
    /// </summary>
    public static BvseGrid ForLattice(Lattice lattice, double resolution)
    {
        if (!(resolution > 0) || double.IsNaN(resolution))
            throw new InputException(InputParameter.Resolution, $"{resolution}",
                "the grid resolution must be a positive number of Å (e.g. 0.2)");
        double n1 = Math.Ceiling(lattice.LengthA / resolution - 1e-9),
            n2 = Math.Ceiling(lattice.LengthB / resolution - 1e-9),
            n3 = Math.Ceiling(lattice.LengthC / resolution - 1e-9);
        double count = n1 * n2 * n3;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long limit = Math.Min(MaxPoints, available / BytesPerPoint);
        if (count > limit)
        {
            double ok = resolution * Math.Cbrt(count / limit) * 1.01;
            throw new InputException(InputParameter.Resolution, $"{resolution}",
                $"the grid would have {n1:0}×{n2:0}×{n3:0} = {count:0.###e0} points, more than fit in memory here ({limit:0.###e0}); "
                + $"use {InputException.Ref(InputParameter.Resolution)} {Math.Ceiling(ok * 1000) / 1000} or coarser");
        }
        return new BvseGrid((int)Math.Max(1, n1), (int)Math.Max(1, n2), (int)Math.Max(1, n3));
    }
}
