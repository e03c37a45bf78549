namespace GpuBv.Compare;

/// <summary>The smallest level that encloses a fraction of the MD probability.</summary>
/// <param name="Fraction">The fraction (0.8, 0.9, 0.95).</param>
/// <param name="Level">The lowest level (eV above E_min, a grid energy) with at least that fraction inside.</param>
public sealed record EnclosingLevel(double Fraction, double Level);
