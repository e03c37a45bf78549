using GpuBv.Crystal;

namespace GpuBv.Percolation;

/// <summary>
/// Exact percolation thresholds of a periodic energy grid
/// (see <see cref="PercolationAnalysis.Compute(ReadOnlySpan{float}, int, int, int, Connectivity, double)"/>).
/// </summary>
/// <param name="E1D">Lowest level (relative to <paramref name="EMin"/>) at which some connected component of
/// {E − E_min ≤ level} wraps around the cell in at least one dimension; null if not reached (below encut).</param>
/// <param name="E2D">As <paramref name="E1D"/>, for at least two independent wrap directions.</param>
/// <param name="E3D">As <paramref name="E1D"/>, for three independent wrap directions.</param>
/// <param name="Saddle1D">The grid point whose addition first made a component percolate in ≥ 1 dimension (the
/// bottleneck), as fractional coordinates (i/n1, j/n2, k/n3); null with <paramref name="E1D"/>. With ties in energy
/// the level is unique but the point may be any of the tied bottleneck points.</param>
/// <param name="Saddle2D">As <paramref name="Saddle1D"/>, for ≥ 2 dimensions.</param>
/// <param name="Saddle3D">As <paramref name="Saddle1D"/>, for 3 dimensions.</param>
/// <param name="EMin">The grid's minimum energy, in the input's units; all levels are relative to it.</param>
public sealed record PercolationResult(
    double? E1D, double? E2D, double? E3D,
    Vec3? Saddle1D, Vec3? Saddle2D, Vec3? Saddle3D,
    double EMin)
{
    /// <summary>The threshold for percolation in at least <paramref name="dimension"/> dimensions (1, 2 or 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="dimension"/> is not 1, 2 or 3.</exception>
    public double? Threshold(int dimension) => dimension switch
    {
        1 => E1D,
        2 => E2D,
        3 => E3D,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be 1, 2 or 3"),
    };

    /// <summary>The saddle (bottleneck) point for percolation in at least <paramref name="dimension"/> dimensions (1, 2 or 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="dimension"/> is not 1, 2 or 3.</exception>
    public Vec3? Saddle(int dimension) => dimension switch
    {
        1 => Saddle1D,
        2 => Saddle2D,
        3 => Saddle3D,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be 1, 2 or 3"),
    };
}
