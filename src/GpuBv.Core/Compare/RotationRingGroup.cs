using GpuBv.Trajectory.Analysis;

namespace GpuBv.Compare;

/// <summary>
/// One trajectory group to follow for <see cref="RotationRings.Analyze"/>, with the registered static group it maps
/// onto (null when it maps onto none: the ring fraction is then not measured, the flip fraction still is).
/// </summary>
/// <param name="Group">The group in the trajectory (<see cref="TrajectoryGroups.Find"/>).</param>
/// <param name="Shell">The static group's centre, sites, shell map and E_rot, or null.</param>
public sealed record RotationRingGroup(TrajectoryGroup Group, RotationRingShell? Shell);
