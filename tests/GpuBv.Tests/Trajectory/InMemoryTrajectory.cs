using GpuBv.Crystal;
using GpuBv.Trajectory;

namespace GpuBv.Tests.Trajectory;

/// <summary>A streaming <see cref="ITrajectoryReader"/> over frames held in memory, for synthetic test trajectories.</summary>
internal sealed class InMemoryTrajectory : ITrajectoryReader
{
    private readonly IReadOnlyList<Frame> _frames;

    public InMemoryTrajectory(IReadOnlyList<string> elements, IReadOnlyList<Frame> frames, string source = "in-memory")
    {
        Header = new TrajectoryHeader(elements, source);
        _frames = frames;
    }

    public TrajectoryHeader Header { get; }

    public int FramesRead { get; private set; }

    public bool TryRead(out Frame frame)
    {
        if (FramesRead >= _frames.Count) { frame = null!; return false; }
        frame = _frames[FramesRead++];
        return true;
    }

    public void Dispose() { }

    /// <summary>A frame from Cartesian positions (Å), stored as fractional coordinates wrapped into [0, 1).</summary>
    public static Frame FromCartesian(int index, Lattice lattice, IReadOnlyList<Vec3> cartesian)
    {
        var f = new double[3 * cartesian.Count];
        for (int i = 0; i < cartesian.Count; i++)
        {
            var p = lattice.ToFractional(cartesian[i]).Wrap();
            f[3 * i] = p.X; f[3 * i + 1] = p.Y; f[3 * i + 2] = p.Z;
        }
        return new Frame(index, lattice, f);
    }
}
