using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Percolation;

namespace GpuBv.Compute;

/// <summary>
/// What the orchestrators (<see cref="BvseCalculator"/>, coupling, screening) compute with: energy grids and
/// percolation barriers on some device. Safe to call from several threads.
/// </summary>
public interface IComputeProvider
{
    /// <summary>The device now in use, for reports.</summary>
    string DeviceName { get; }

    /// <summary>Where <see cref="Percolate"/> runs now, for reports (the default: <see cref="DeviceName"/>).</summary>
    string PercolationDeviceName => DeviceName;

    /// <summary>Raw energies (eV) at every point of <paramref name="tiles"/>' grid, third index fastest.</summary>
    /// <param name="tiles">The tiled framework to evaluate.</param>
    /// <param name="device">The device that computed them.</param>
    /// <param name="cancel">Stops the work where the device allows it.</param>
    float[] Evaluate(TiledFramework tiles, out string device, CancellationToken cancel = default);

    /// <summary>The percolation barriers of a periodic grid of energies.</summary>
    /// <param name="energies">Energies per grid point, third index fastest.</param>
    /// <param name="grid">The grid's size.</param>
    /// <param name="connectivity">Which grid neighbours are joined.</param>
    /// <param name="encut">Levels above this count as not reached.</param>
    PercolationResult Percolate(float[] energies, BvseGrid grid, Connectivity connectivity, double encut);

    /// <summary>
    /// Raw energies of several grids in one call (E_rot's local grids, which need no percolation): the seam for providers
    /// that fill several grids per launch into reused buffers. The default runs <see cref="Evaluate"/> for each in turn;
    /// results are in input order.
    /// </summary>
    /// <param name="tiles">The tiled frameworks to evaluate.</param>
    /// <param name="cancel">Stops the work between grids (and where the device allows it, inside one).</param>
    IReadOnlyList<float[]> EvaluateMany(IReadOnlyList<TiledFramework> tiles, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var results = new List<float[]>(tiles.Count);
        foreach (var t in tiles)
        {
            cancel.ThrowIfCancellationRequested();
            results.Add(Evaluate(t, out _, cancel));
        }
        return results;
    }

    /// <summary>
    /// Evaluates and percolates several grids in one call: the seam for providers that keep a grid on the device between
    /// the energies and the percolation, or fill several structures per launch. The default runs
    /// <see cref="Evaluate"/> then <see cref="Percolate"/> for each request in turn; results are in request order.
    /// </summary>
    /// <param name="requests">The grids.</param>
    /// <param name="cancel">Stops the work between grids (and where the device allows it, inside one).</param>
    IReadOnlyList<GridAnalysis> EvaluateBatch(IReadOnlyList<GridRequest> requests, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new List<GridAnalysis>(requests.Count);
        foreach (var r in requests)
        {
            cancel.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            var energies = Evaluate(r.Tiles, out string device, cancel);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var percolation = Percolate(energies, r.Grid, r.Connectivity, r.Encut);
            results.Add(new GridAnalysis(energies, percolation, device, PercolationDeviceName, seconds));
        }
        return results;
    }
}
