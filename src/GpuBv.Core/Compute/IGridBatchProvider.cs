using GpuBv.Bvse;

namespace GpuBv.Compute;

/// <summary>
/// The batched path of a device (an optional member of a <see cref="ComputeProviderSet"/>): several grids per launch into
/// reused device buffers, kept on the device between the energies and the percolation. Its answers equal those of the
/// set's evaluator and percolation provider run one grid at a time.
/// </summary>
public interface IGridBatchProvider
{
    /// <summary>Evaluates and percolates <paramref name="requests"/>; results in request order.</summary>
    /// <param name="requests">The grids.</param>
    /// <param name="cancel">Stops the work between launches.</param>
    IReadOnlyList<GridAnalysis> EvaluateBatch(IReadOnlyList<GridRequest> requests, CancellationToken cancel);

    /// <summary>Raw energies of several grids (no percolation); results in input order.</summary>
    /// <param name="tiles">The tiled frameworks to evaluate.</param>
    /// <param name="cancel">Stops the work between launches.</param>
    IReadOnlyList<float[]> EvaluateMany(IReadOnlyList<TiledFramework> tiles, CancellationToken cancel);
}
