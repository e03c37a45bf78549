using GpuBv.Percolation;

namespace GpuBv.Compute;

/// <summary>
/// Core's percolation provider:
/// <see cref="PercolationAnalysis.Compute(ReadOnlySpan{float}, int, int, int, Connectivity, double)"/>.
/// </summary>
public sealed class ManagedPercolationProvider : IPercolationProvider
{
    /// <summary>The one instance (it holds no state).</summary>
    public static ManagedPercolationProvider Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "cpu";

    /// <inheritdoc/>
    public PercolationResult Compute(float[] energies, int n1, int n2, int n3, Connectivity connectivity, double encut)
        => PercolationAnalysis.Compute(energies, n1, n2, n3, connectivity, encut);
}
