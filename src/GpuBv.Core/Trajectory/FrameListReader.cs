namespace GpuBv.Trajectory;

/// <summary>
/// Replays frames already in memory as an <see cref="ITrajectoryReader"/> (for a second pass over a stretch that was
/// kept, or for benchmarks that time the analyses apart from parsing).
/// </summary>
public sealed class FrameListReader(TrajectoryHeader header, IReadOnlyList<Frame> frames) : ITrajectoryReader
{
    /// <inheritdoc/>
    public TrajectoryHeader Header { get; } = header;

    /// <inheritdoc/>
    public int FramesRead { get; private set; }

    /// <inheritdoc/>
    public bool TryRead(out Frame frame)
    {
        if (FramesRead >= frames.Count)
        {
            frame = null!;
            return false;
        }
        frame = frames[FramesRead++];
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() { }
}
