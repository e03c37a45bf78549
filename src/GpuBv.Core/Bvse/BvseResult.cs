using GpuBv.Percolation;

namespace GpuBv.Bvse;

/// <summary>The outcome of a BVSE run: the grid of raw energies, the barriers, and how it was computed.</summary>
/// <param name="Grid">Grid size.</param>
/// <param name="Energies">Raw energies (eV) per point, third index fastest; subtract <see cref="EMinRaw"/> for the map.</param>
/// <param name="EMinRaw">The lowest raw energy on the grid (eV).</param>
/// <param name="Percolation">E_1D/2D/3D relative to the minimum, with saddle points.</param>
/// <param name="Device">The device that computed the grid.</param>
/// <param name="Seconds">Wall time of the grid and the percolation (s).</param>
/// <param name="GridSeconds">Wall time of the energy grid alone (s).</param>
/// <param name="PairEvaluations">Pair terms evaluated (after neighbour culling).</param>
/// <param name="Warnings">Notes for the user.</param>
/// <param name="PercolationDevice">Where the barriers were computed: the device, or "cpu" for the CPU union-find.</param>
public sealed record BvseResult(BvseGrid Grid, float[] Energies, double EMinRaw, PercolationResult Percolation,
    string Device, double Seconds, double GridSeconds, long PairEvaluations, IReadOnlyList<string> Warnings,
    string PercolationDevice);
