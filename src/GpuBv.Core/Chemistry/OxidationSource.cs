namespace GpuBv.Chemistry;

/// <summary>Where an element's oxidation state came from.</summary>
public enum OxidationSource
{
    /// <summary>Given by the user (<see cref="InputParameter.OxidationStates"/>).</summary>
    Explicit,
    /// <summary>Read from the structure file (oxidation numbers or charged type symbols).</summary>
    File,
    /// <summary>Guessed by bond-valence sums under charge neutrality.</summary>
    BondValence,
    /// <summary>Hydrogen: +1 when bonded to O, N, F, S or Cl, else −1.</summary>
    HydrogenRule,
    /// <summary>
    /// Where bond valence has no parameters: the charge-balanced combination of the elements' common oxidation states
    /// (pymatgen's table) with the highest ICSD occurrence (<see cref="CommonOxidationStates"/>).
    /// </summary>
    CommonStates,
}
