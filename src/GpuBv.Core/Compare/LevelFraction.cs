namespace GpuBv.Compare;

/// <summary>The fraction of the MD probability inside {E − E_min ≤ level}.</summary>
/// <param name="Level">The level (eV above E_min).</param>
/// <param name="Fraction">The fraction of the probability at grid points with E − E_min ≤ level.</param>
/// <param name="Label">"E_1D", "E_2D", "E_3D" for the barriers, else null.</param>
/// <param name="VolumeFraction">The fraction of the grid points (of the cell's volume) inside: what ions spread evenly
/// over the cell would give.</param>
public sealed record LevelFraction(double Level, double Fraction, string? Label = null, double VolumeFraction = 0);
