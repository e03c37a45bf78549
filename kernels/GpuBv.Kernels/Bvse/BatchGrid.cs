namespace GpuBv.Kernels.Bvse;

/// <summary>
/// One grid of a batched BVSE launch (<see cref="BvseKernel.BatchEnergy"/>): its geometry, its first thread, and where
/// its slices start in the batch's concatenated buffers (counts are at least 1; the buffers end with a spare element).
/// </summary>
public struct BatchGrid
{
    /// <summary>Grid and tiling constants.</summary>
    public GridGeometry Geometry;

    /// <summary>The batch thread number of this grid's first point.</summary>
    public int ThreadStart;

    /// <summary>Offset of the grid in the energies buffer.</summary>
    public int EnergyStart;

    /// <summary>Points of the grid.</summary>
    public int EnergyCount;

    /// <summary>Offset of the grid's active tiles.</summary>
    public int TileStart;

    /// <summary>Number of active tiles.</summary>
    public int TileCount;

    /// <summary>Offset of the grid's Morse ions.</summary>
    public int MorseIonStart;

    /// <summary>Number of Morse ions (at least 1).</summary>
    public int MorseIonCount;

    /// <summary>Offset of the grid's Morse list starts (TileCount + 1 of them).</summary>
    public int MorseStartStart;

    /// <summary>Offset of the grid's Morse list indices.</summary>
    public int MorseIndexStart;

    /// <summary>Number of Morse list indices (at least 1).</summary>
    public int MorseIndexCount;

    /// <summary>Offset of the grid's Coulomb ions.</summary>
    public int CoulombIonStart;

    /// <summary>Number of Coulomb ions (at least 1).</summary>
    public int CoulombIonCount;

    /// <summary>Offset of the grid's Coulomb list starts (TileCount + 1 of them).</summary>
    public int CoulombStartStart;

    /// <summary>Offset of the grid's Coulomb list indices.</summary>
    public int CoulombIndexStart;

    /// <summary>Number of Coulomb list indices (at least 1).</summary>
    public int CoulombIndexCount;
}
