using GpuBv.Crystal;
using GpuBv.Groups;

namespace GpuBv.Trajectory.Analysis;

/// <summary>Finds the anion groups of a trajectory on one frame.</summary>
public static class TrajectoryGroups
{
    /// <summary>Default centre–anion bond cutoff (Å): covers PS4, PO4, SO4, BF4, BH4, CO3, AlF6, SiO4, WO4.</summary>
    public const double DefaultBondCutoff = 2.5;

    /// <summary>
    /// The groups on <paramref name="frame"/> by a distance rule (simpler than the bond-valence rule of
    /// <see cref="AnionGroupFinder"/>, and needing no oxidation states): every <paramref name="anion"/> atom belongs to
    /// its nearest <paramref name="center"/> atom (minimum image) when that lies within <paramref name="bondCutoff"/>;
    /// with <paramref name="coordination"/> k a centre keeps only its k nearest such anions. A centre with fewer than
    /// two anions is not a group. Groups come in the order of their centres' atom indices.
    /// </summary>
    /// <param name="header">Elements of the atoms.</param>
    /// <param name="frame">The frame (usually frame 0).</param>
    /// <param name="center">Centre element, e.g. P.</param>
    /// <param name="anion">Anion element, e.g. S.</param>
    /// <param name="bondCutoff">Longest centre–anion bond (Å, &gt; 0).</param>
    /// <param name="coordination">Anions per group at most (≥ 2; null: all within the cutoff).</param>
    /// <exception cref="InputException">The cutoff is not a positive number of Å.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The coordination is below 2.</exception>
    public static IReadOnlyList<TrajectoryGroup> Find(TrajectoryHeader header, Frame frame, string center, string anion,
        double bondCutoff = DefaultBondCutoff, int? coordination = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(frame);
        if (!(bondCutoff > 0) || !double.IsFinite(bondCutoff))
        {
            throw new InputException(header.Source, "", "the bond cutoff must be finite and > 0 Å");
        }
        if (coordination is < 2)
            throw new ArgumentOutOfRangeException(nameof(coordination), coordination,
            "the coordination must be ≥ 2 (or null for all anions within the cutoff)");
        if (frame.AtomCount !=
            header.AtomCount)
            throw new ArgumentException($"the frame has {frame.AtomCount} atoms, the header {header.AtomCount}",
                nameof(frame));
        var centres = header.IndicesOf(center);
        var anions = header.IndicesOf(anion);
        var owned = new Dictionary<int, List<(int atom, double d)>>();
        foreach (var x in anions)
        {
            int best = -1;
            double bestD = double.MaxValue;
            foreach (var c in centres)
            {
                double d = frame.Lattice.MinimumImageVector(frame.Position(x) - frame.Position(c)).Length;
                if (d < bestD)
                {
                    bestD = d;
                    best = c;
                }
            }
            if (best < 0 || bestD > bondCutoff)
                continue;
            if (!owned.TryGetValue(best, out var list))
                owned[best] = list = [];
            list.Add((x, bestD));
        }
        var groups = new List<TrajectoryGroup>();
        foreach (var c in centres)
        {
            if (!owned.TryGetValue(c, out var list))
                continue;
            var chosen = list.OrderBy(t => t.d).ThenBy(t => t.atom).Take(coordination ?? int.MaxValue).Select(t =>
                t.atom).OrderBy(a => a).ToArray();
            if (chosen.Length < 2)
                continue;
            groups.Add(new TrajectoryGroup(groups.Count, c, header.Elements[c], chosen, chosen.Select(a => header.Elements[a]).ToArray()));
        }
        return groups;
    }
}
