using GpuBv.Crystal;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Trajectory;

public sealed class DisplacementTests
{
    private const double Dt = 2.0; // fs per frame

    /// <summary>Li moving at constant velocity (crosses the periodic boundary several times); O fixed.</summary>
    private static FrameListReader Moving(Lattice lat, Vec3 start, Vec3 velocity, int frames)
    {
        var list = new List<Frame>();
        for (int t = 0; t < frames; t++)
            list.Add(TestFrames.FromCartesian(t, lat, [start + velocity * (t * Dt), new Vec3(1, 1, 1)]));
        return TestFrames.Reader(["Li", "O"], list);
    }

    [Fact]
    public void ConstantVelocityAcrossTheBoundaryGivesVTimesT()
    {
        var lat = Lattice.FromParameters(10, 10, 10, 90, 90, 90);
        var v = new Vec3(0.35, -0.2, 0.1); // Å/fs: 0.8 Å per frame, crosses x = 10 Å and y = 0 repeatedly
        using var traj = Moving(lat, new Vec3(9.0, 0.5, 5), v, 60);
        var r = Displacement.Compute(traj, "Li", Dt);

        Assert.Equal([0], r.Atoms);
        Assert.Equal(["Li"], r.Elements);
        Assert.Equal(60, r.FrameCount);
        for (int j = 0; j < r.FrameCount; j++)
        {
            Assert.Equal(j * Dt, r.Times[j], 12);
            Assert.Equal(v.Length * r.Times[j], r.Values[0, j], 9);
        }
    }

    [Fact]
    public void ObliqueCellAndLaterStartFrame()
    {
        var lat = Lattice.FromParameters(6, 6, 8, 90, 90, 60); // hexagonal γ = 60°
        var v = new Vec3(0.4, 0.3, -0.25);
        using var traj = Moving(lat, new Vec3(5.5, 0.2, 0.3), v, 40);
        var r = Displacement.Compute(traj, [0, 1], Dt, startFrame: 7, frameCount: 20);

        Assert.Equal(7, r.StartFrame);
        Assert.Equal(20, r.FrameCount);
        for (int j = 0; j < r.FrameCount; j++)
        {
            Assert.Equal(v.Length * j * Dt, r.Values[0, j], 9);
            Assert.Equal(0.0, r.Values[1, j], 12); // the fixed O
        }
    }

    [Fact]
    public void RejectsBadArguments()
    {
        // Bad input (a species or atom the trajectory lacks, a start past its end) is an InputException naming the
        // parameter or the file; a nonsensical time step is a programming error.
        var lat = Lattice.FromParameters(10, 10, 10, 90, 90, 90);
        var species = Assert.Throws<InputException>(() => Displacement.Compute(Moving(lat, default, default, 3), "Na", Dt));
        Assert.Equal(InputParameter.Species, species.Parameter);
        Assert.Contains("has no Na atoms (it has Li, O)", species.Message);
        var start = Assert.Throws<InputException>(() => Displacement.Compute(Moving(lat, default, default, 3), "Li", Dt, startFrame: 3));
        Assert.Equal("in-memory: the trajectory has 3 frames, so frame 3 (0-based) does not exist", start.Message);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Displacement.Compute(Moving(lat, default, default, 3), "Li", 0));
        Assert.Contains("> 0", e.Message);
        var atom = Assert.Throws<InputException>(() => Displacement.Compute(Moving(lat, default, default, 3), [5], Dt));
        Assert.Equal(InputParameter.CationAtom, atom.Parameter);
        Assert.Contains("must lie in 0 … 1 (0-based)", atom.Message);
    }
}
