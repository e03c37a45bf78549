namespace GpuBv.Trajectory;

/// <summary>How far a pass over a trajectory has got, as a <see cref="TrajectorySlice"/> reports it.</summary>
/// <param name="FramesScanned">Frames read from the file so far (including those before t_ini).</param>
/// <param name="Finished">True once, when the pass has ended (end of the slice, of the file, or a bad frame).</param>
public readonly record struct TrajectoryProgress(int FramesScanned, bool Finished);
