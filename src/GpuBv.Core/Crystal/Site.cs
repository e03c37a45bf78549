using System.Collections.Immutable;

namespace GpuBv.Crystal;

/// <summary>
/// A site of the expanded cell: a label (from the file), fractional coordinates in [0, 1), and the species on it
/// (several for a mixed site, with their occupancies).
/// </summary>
public sealed record Site(string Label, Vec3 Fractional, ImmutableArray<SiteSpecies> Species)
{
    /// <summary>Sum of occupancies on the site.</summary>
    public double TotalOccupancy => Species.Sum(s => s.Occupancy);

    /// <summary>True when every species has occupancy 1 within 1e-6 and there is only one.</summary>
    public bool IsOrdered => Species.Length == 1 && Math.Abs(Species[0].Occupancy - 1) < 1e-6;
}
