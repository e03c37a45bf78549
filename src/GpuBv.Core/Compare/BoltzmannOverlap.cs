namespace GpuBv.Compare;

/// <summary>
/// The overlap of the MD density with the Boltzmann density of the map (qualitative: BVSE energies are not free energies).
/// </summary>
/// <param name="Temperature">T (K).</param>
/// <param name="Bhattacharyya">Σ √(p·q) over the grid: 1 for identical densities, 0 for disjoint ones.</param>
public sealed record BoltzmannOverlap(double Temperature, double Bhattacharyya);
