namespace GpuBv.Trajectory.Analysis;

/// <summary>
/// An anion group in a trajectory: a centre atom and the anion atoms bonded to it, by atom index. The bonds are
/// fixed when the group is defined (usually at frame 0) and followed through the frames by minimum image.
/// </summary>
/// <param name="Index">0-based position of the group in its list.</param>
/// <param name="CenterAtom">Atom index of the centre (e.g. P of PS4).</param>
/// <param name="CenterElement">Centre element.</param>
/// <param name="Anions">Atom indices of the bonded anions.</param>
/// <param name="AnionElements">Element of each anion.</param>
public sealed record TrajectoryGroup(int Index, int CenterAtom, string CenterElement, IReadOnlyList<int> Anions,
    IReadOnlyList<string> AnionElements)
{
    /// <summary>The group's formula, e.g. "PS4".</summary>
    public string Formula => CenterElement + string.Concat(AnionElements.GroupBy(e => e).Select(g =>
        g.Key + (g.Count() > 1 ? g.Count().ToString() : "")));
}
