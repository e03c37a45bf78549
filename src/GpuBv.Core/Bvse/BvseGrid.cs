using System.Globalization;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Percolation;

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

    /// <summary>Largest grid GpuBv ever accepts (points): the percolation analysis's 32-bit index cap.</summary>
    public const long MaxPoints = PercolationAnalysis.MaxPoints;

    /// <summary>Bytes per grid point the BVSE and percolation steps need at their peak (energies, sort keys, union-find).</summary>
    public const int BytesPerPoint = 40;

    /// <summary>
    /// The one grid limit (points): the smaller of <see cref="MaxPoints"/> and what <paramref name="memory"/> holds at
    /// <see cref="BytesPerPoint"/> bytes a point.
    /// </summary>
    /// <param name="memory">The budget (null: <see cref="MemoryBudget.Default"/>).</param>
    public static long Limit(MemoryBudget? memory = null) => Math.Min(MaxPoints, MemoryBudget.Or(memory).MaxItems(BytesPerPoint));

    /// <summary>
    /// Points of the grid <paramref name="resolution"/> gives for <paramref name="lattice"/> (a double: it may overflow).
    /// </summary>
    /// <param name="lattice">The cell.</param>
    /// <param name="resolution">The spacing (Å).</param>
    public static double PointsFor(Lattice lattice, double resolution)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        return Along(lattice.LengthA, resolution) * Along(lattice.LengthB, resolution) * Along(lattice.LengthC, resolution);
    }

    /// <summary>
    /// The finest resolution (Å, rounded up to 0.001 Å) whose grid for <paramref name="lattice"/> has at most
    /// <paramref name="limit"/> points; the value a refusal recommends, so it is checked to pass.
    /// </summary>
    /// <param name="lattice">The cell.</param>
    /// <param name="resolution">The resolution asked for.</param>
    /// <param name="limit">The grid limit (points).</param>
    public static double FinestFitting(Lattice lattice, double resolution, long limit)
    {
        double count = PointsFor(lattice, resolution);
        double ok = Math.Ceiling(resolution * Math.Cbrt(Math.Max(1, count / Math.Max(1, limit))) * 1000) / 1000;
        for (int i = 0; i < 100_000 && PointsFor(lattice, ok) > limit; i++)
        {
            ok = Math.Round(ok + Math.Max(0.001, Math.Round(ok * 0.002, 3)), 3);
        }
        return ok;
    }

    /// <summary>
    /// The grid for <paramref name="lattice"/> at <paramref name="resolution"/> Å. Throws an <see cref="InputException"/>
    /// for a resolution ≤ 0 or a grid over <see cref="Limit"/> (naming the size and the finest resolution that fits), before
    /// anything is allocated.
    /// </summary>
    /// <param name="lattice">The cell.</param>
    /// <param name="resolution">The spacing (Å).</param>
    /// <param name="memory">The budget (null: <see cref="MemoryBudget.Default"/>).</param>
    public static BvseGrid ForLattice(Lattice lattice, double resolution, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        if (!(resolution > 0) || double.IsNaN(resolution))
        {
            throw new InputException(InputParameter.Resolution, $"{resolution}",
                "the grid resolution must be a positive number of Å (e.g. 0.2)");
        }
        double n1 = Along(lattice.LengthA, resolution);
        double n2 = Along(lattice.LengthB, resolution);
        double n3 = Along(lattice.LengthC, resolution);
        double count = n1 * n2 * n3;
        long limit = Limit(memory);
        if (count > limit)
        {
            double ok = FinestFitting(lattice, resolution, limit);
            string why = limit < MaxPoints
                ? $"more than fit in memory ({InputException.Ref(InputParameter.Memory)} {MemoryBudget.Or(memory)}, "
                    + $"{BytesPerPoint} bytes a point)"
                : "more than fit in memory here: the percolation analysis indexes at most that many";
            throw new InputException(InputParameter.Resolution, $"{resolution}",
                $"the grid would have {n1:0}×{n2:0}×{n3:0} = {count:0.###e0} points, {why} ({limit:0.###e0}); "
                + $"use {InputException.Ref(InputParameter.Resolution)} {ok.ToString(CultureInfo.InvariantCulture)} or coarser");
        }
        return new BvseGrid((int)n1, (int)n2, (int)n3);
    }

    private static double Along(double length, double resolution) => Math.Max(1, Math.Ceiling(length / resolution - 1e-9));
}
