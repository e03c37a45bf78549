namespace GpuBv.Compare;

/// <summary>
/// The ring and flip counts of one group (<see cref="RotationRings.Analyze"/>). A sample is one anion on one frame.
/// </summary>
/// <param name="Group">The trajectory group's index (<see cref="Trajectory.Analysis.TrajectoryGroup.Index"/>).</param>
/// <param name="CenterAtom">Its centre's atom index (0-based).</param>
/// <param name="Formula">Its formula, e.g. PS4.</param>
/// <param name="Samples">Anion samples read: frames × anions.</param>
/// <param name="OutsideGrid">Samples that fell outside the static group's local grid (0 without a static shell).</param>
/// <param name="ShellSamples">Samples on a shell point of the map (nearest grid point): the denominator of the ring fraction.</param>
/// <param name="LevelSamples">Shell samples with E − E_shell,min ≤ E_rot.</param>
/// <param name="RingSamples">Level samples farther than the site radius from every static anion site.</param>
/// <param name="RingFraction">RingSamples / ShellSamples; null without a static shell or without shell samples.</param>
/// <param name="RingNote">Why <see cref="RingFraction"/> is null; null when it is not.</param>
/// <param name="ERot">The static group's E_rot (eV); null without a static shell.</param>
/// <param name="ShellMinimum">E_shell,min (eV, the anion's raw BVSE); null without a static shell.</param>
/// <param name="RmsSiteDistance">
/// The root-mean-square distance (Å) of the samples on the grid from their nearest static anion site: the spread that
/// vibration and libration give, to judge the site radius against; null without samples on the grid.
/// </param>
/// <param name="FlipThresholdDeg">Half the smallest angle between two of the group's bonds on the first frame (degrees).</param>
/// <param name="BondFrames">Bond samples: frames × bonds.</param>
/// <param name="FlippedBondFrames">Bond samples farther than the threshold from every first-frame bond direction.</param>
public sealed record RotationRingGroupResult(int Group, int CenterAtom, string Formula, long Samples, long OutsideGrid,
    long ShellSamples, long LevelSamples, long RingSamples, double? RingFraction, string? RingNote, double? ERot,
    double? ShellMinimum, double? RmsSiteDistance, double FlipThresholdDeg, long BondFrames, long FlippedBondFrames)
{
    /// <summary>FlippedBondFrames / BondFrames (0 without frames).</summary>
    public double FlipFraction => BondFrames == 0 ? 0 : (double)FlippedBondFrames / BondFrames;
}
