using GpuBv.Percolation;

namespace GpuBv.Compute;

/// <summary>The outcome of one <see cref="GridRequest"/>: the raw energies, their barriers and the device used.</summary>
/// <param name="Energies">Raw energies (eV) per grid point, third index fastest.</param>
/// <param name="Percolation">E_1D/E_2D/E_3D relative to the grid minimum, with saddle points.</param>
/// <param name="Device">The device that computed the grid.</param>
/// <param name="PercolationDevice">Where the barriers were computed (a device, or the CPU union-find); null when the
/// provider did not say.</param>
/// <param name="GridSeconds">Wall time of the launch that filled the grid (shared by the grids of one batched launch), or
/// null when not measured.</param>
public sealed record GridAnalysis(float[] Energies, PercolationResult Percolation, string Device, string? PercolationDevice = null,
    double? GridSeconds = null);
