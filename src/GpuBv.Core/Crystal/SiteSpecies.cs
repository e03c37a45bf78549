namespace GpuBv.Crystal;

/// <summary>One species on a site: element symbol, occupancy in (0, 1], and formal oxidation state if known.</summary>
public readonly record struct SiteSpecies(string Element, double Occupancy, double? OxidationState = null);
