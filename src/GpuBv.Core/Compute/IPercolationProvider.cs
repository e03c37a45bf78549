using GpuBv.Percolation;

namespace GpuBv.Compute;

/// <summary>
/// Something that turns a periodic energy grid into exact percolation barriers: the managed path
/// (<see cref="ManagedPercolationProvider"/>) or, later, a device. One member of a <see cref="ComputeProviderSet"/>.
/// </summary>
public interface IPercolationProvider
{
    /// <summary>What it runs on, for reports.</summary>
    string Name { get; }

    /// <summary>
    /// The barriers E_1D/E_2D/E_3D of <paramref name="energies"/> (third index fastest) on an
    /// <paramref name="n1"/>×<paramref name="n2"/>×<paramref name="n3"/> periodic grid, relative to its minimum.
    /// </summary>
    /// <param name="energies">Energies per grid point.</param>
    /// <param name="n1">Points along the first axis.</param>
    /// <param name="n2">Points along the second axis.</param>
    /// <param name="n3">Points along the third axis.</param>
    /// <param name="connectivity">Which grid neighbours are joined.</param>
    /// <param name="encut">Levels above this count as not reached.</param>
    PercolationResult Compute(float[] energies, int n1, int n2, int n3, Connectivity connectivity, double encut);
}
