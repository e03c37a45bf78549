using System.Collections.Immutable;
using GpuBv.Crystal;

namespace GpuBv.Groups;

/// <summary>One anion of a group: its site, the Cartesian position of the image bonded to the centre, the bond.</summary>
/// <param name="Site">Index of the anion's site in the structure.</param>
/// <param name="Element">Anion element.</param>
/// <param name="Cartesian">Position (Å) of the image bonded to the centre (may lie outside the cell).</param>
/// <param name="BondLength">Centre–anion distance (Å).</param>
/// <param name="BondValence">Bond valence exp((R0 − d)/b) of the bond (valence units).</param>
public readonly record struct GroupAnion(int Site, string Element, Vec3 Cartesian, double BondLength, double BondValence);
