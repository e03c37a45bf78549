using GpuBv.Compute;

namespace GpuBv.Compare;

/// <summary>Settings of <see cref="BondRotationAngles.Analyze"/>.</summary>
/// <param name="Lag">τ in frames (≥ 1): θ(t0, t0 + τ) is measured over every origin t0 = 0 … N − 1 − τ.</param>
public sealed record BondRotationAnglesOptions(int Lag)
{
    /// <summary>Histogram bin width (degrees, &gt; 0); default 1°.</summary>
    public double BinWidthDeg { get; init; } = 1.0;

    /// <summary>The percentiles reported (each in [0, 100]); default 5, 25, 50, 75, 95.</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [5, 25, 50, 75, 95];

    /// <summary>
    /// The memory budget (null: <see cref="MemoryBudget.Default"/>); the bond directions and angles kept may use
    /// <see cref="BondRotationAngles.BudgetShare"/> of it.
    /// </summary>
    public MemoryBudget? Memory { get; init; }
}
