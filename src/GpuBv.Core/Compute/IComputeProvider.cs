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
}
