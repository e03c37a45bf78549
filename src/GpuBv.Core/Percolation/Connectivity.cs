namespace GpuBv.Percolation;

/// <summary>Which neighbours of a grid point count as connected on the periodic grid.</summary>
public enum Connectivity
{
    /// <summary>The 6 face neighbours (offsets with exactly one non-zero component).</summary>
    Faces6 = 6,

    /// <summary>All 26 neighbours: faces, edges and corners (scipy's full connectivity). The default.</summary>
    Full26 = 26,
}
