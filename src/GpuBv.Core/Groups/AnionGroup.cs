using System.Collections.Immutable;
using GpuBv.Crystal;

namespace GpuBv.Groups;

/// <summary>
/// A polyanion group: a central cation with the anions it owns (each gets its largest bond valence from this centre,
/// and none is shared with another centre). E.g. PO4, PS4, BF4, BH4, CO3, AlF6.
/// </summary>
/// <param name="CenterSite">Index of the centre's site.</param>
/// <param name="CenterElement">Centre element.</param>
/// <param name="CenterFractional">Centre position, fractional, in [0, 1).</param>
/// <param name="CenterCartesian">Centre position (Å).</param>
/// <param name="Anions">The group's anions.</param>
public sealed record AnionGroup(
    int CenterSite, string CenterElement, Vec3 CenterFractional, Vec3 CenterCartesian, ImmutableArray<GroupAnion> Anions)
{
    /// <summary>Shortest centre–anion bond (Å).</summary>
    public double ShortestBond => Anions.Min(a => a.BondLength);

    /// <summary>Longest centre–anion bond (Å).</summary>
    public double LongestBond => Anions.Max(a => a.BondLength);

    /// <summary>The group's formula, e.g. "PO4".</summary>
    public string Formula => CenterElement
        + string.Concat(Anions.GroupBy(a => a.Element).Select(g => g.Key + (g.Count() > 1 ? g.Count().ToString() : "")));
}
