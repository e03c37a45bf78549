using GpuBv.Compute;
using GpuBv.Percolation;

namespace GpuBv.Bvse;

/// <summary>Settings of a BVSE run.</summary>
/// <param name="Ion">The mobile ion.</param>
/// <param name="Resolution">Grid spacing target (Å): n_i = ceil(|a_i| / resolution).</param>
/// <param name="Cutoff">Interaction cutoff (Å).</param>
/// <param name="Connectivity">Grid neighbours for percolation (26 = bvlain's convention, or 6).</param>
/// <param name="Encut">Barriers above this (eV) are reported as none.</param>
/// <param name="Grid">An explicit grid size instead of the one <paramref name="Resolution"/> gives (for supercell and
/// convergence studies).</param>
public sealed record BvseOptions(MobileIon Ion, double Resolution = 0.2, double Cutoff = 10.0,
    Connectivity Connectivity = Connectivity.Full26, double Encut = 5.0, BvseGrid? Grid = null)
{
    /// <summary>The memory budget the grid must fit (null: <see cref="MemoryBudget.Default"/>).</summary>
    public MemoryBudget? Memory { get; init; }
}
