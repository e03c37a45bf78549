using GpuBv.Crystal;
using GpuBv.Trajectory;

namespace GpuBv.Tests.Trajectory;

/// <summary>Synthetic test trajectories: frames from Cartesian positions, replayed by Core's <see cref="FrameListReader"/>.</summary>
internal static class TestFrames
{
    /// <summary>A reader over <paramref name="frames"/> with atoms of <paramref name="elements"/>.</summary>
    public static FrameListReader Reader(IReadOnlyList<string> elements, IReadOnlyList<Frame> frames, string source = "in-memory")
        => new(new TrajectoryHeader(elements, source), frames);

    /// <summary>A frame from Cartesian positions (Å), stored as fractional coordinates wrapped into [0, 1).</summary>
    public static Frame FromCartesian(int index, Lattice lattice, IReadOnlyList<Vec3> cartesian)
    {
        var f = new double[3 * cartesian.Count];
        for (int i = 0; i < cartesian.Count; i++)
        {
            var p = lattice.ToFractional(cartesian[i]).Wrap();
            f[3 * i] = p.X;
            f[3 * i + 1] = p.Y;
            f[3 * i + 2] = p.Z;
        }
        return new Frame(index, lattice, f);
    }
}
