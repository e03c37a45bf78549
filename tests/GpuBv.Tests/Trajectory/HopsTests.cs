using GpuBv.Crystal;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Trajectory;

public sealed class HopsTests
{
    private const double Dt = 50; // fs per frame
    private const double Bond = 2.05;
    private static readonly Lattice Cell = Lattice.FromParameters(12, 12, 12, 90, 90, 90);

    // Sites (Cartesian Å). A, B next to group 0 (centre (6, 6, 6)); C, D next to group 1 (centre (0, 0, 1)), across the
    // cell corner; E, F far from both for rattling.
    private static readonly Vec3 A = new(3, 6, 6), B = new(6, 3, 6), C = new(11, 1, 0), D = new(1, 11, 0), E = new(6, 10, 10),
        F = new(8, 10, 10);
    private static readonly Vec3 G0 = new(6, 6, 6), G1 = new(0, 0, 1);

    private static Vec3 Rotate(Vec3 v, double angle) => new(v.X * Math.Cos(angle) - v.Y * Math.Sin(angle),
        v.X * Math.Sin(angle) + v.Y * Math.Cos(angle), v.Z);

    private static readonly Vec3[] Planar = [new(Bond, 0, 0), new(0, Bond, 0), new(-Bond, 0, 0), new(0, -Bond, 0)];

    private static Vec3 Lerp(Vec3 a, Vec3 b, double f) => a + (b - a) * f;

    /// <summary>
    /// 30 frames. Li0 hops A → B: last on A at frame 10, in transit 11–12, on B from 13 on, while group 0 turns by 90°
    /// about z (0, 30, 60, 90° at frames 10–13, then stays). Li1 hops C → D (last on C 19, transit 20, on D from 21)
    /// next to group 1, which never moves. Li2 rattles E → F (frames 14–15) → E. Li3 sits on F.
    /// </summary>
    private static FrameListReader Planted()
    {
        string[] elements = ["Li", "Li", "Li", "Li", "P", "S", "S", "S", "S", "P", "S", "S", "S", "S"];
        var frames = new List<Frame>();
        for (int t = 0; t < 30; t++)
        {
            var li0 = t <= 10 ? A : t >= 13 ? B : Lerp(A, B, (t - 10) / 3.0);
            var li1 = t <= 19 ? C : t >= 21 ? D : new Vec3(0, 0, 0); // transit: halfway along the minimum-image path C → D
            var li2 = t is 14 or 15 ? F : E;
            double angle = Math.Clamp(t - 10, 0, 3) * 30 * Math.PI / 180;
            var pos = new List<Vec3> { li0, li1, li2, F, G0 };
            pos.AddRange(Planar.Select(b => G0 + Rotate(b, angle)));
            pos.Add(G1);
            pos.AddRange(Planar.Select(b => G1 + b));
            frames.Add(TestFrames.FromCartesian(t, Cell, pos));
        }
        return TestFrames.Reader(elements, frames);
    }

    private static HopOptions PlantedOptions() => new("Li", Dt)
    {
        Sites = new[] { A, B, C, D, E, F }.Select(Cell.ToFractional).ToArray(),
        SiteRadius = 1.0,
        MinResidence = 3,
        Center = "P",
        Anion = "S",
    };

    [Fact]
    public void PlantedHopDuringRotationIsCoupledAndHopNextToStillGroupIsNot()
    {
        var r = Hops.Analyze(Planted(), PlantedOptions());

        Assert.Equal(30, r.Frames);
        Assert.Equal(2, r.Groups.Count);
        Assert.Equal(new[] { 30.0, 45, 60, 120 }, r.ThresholdsDeg);
        Assert.Equal(2, r.Hops.Count);

        var h0 = r.Hops.Single(h => h.Atom == 0);
        Assert.Equal("Li", h0.Element);
        Assert.Equal((10, 13), (h0.StartFrame, h0.EndFrame));
        Assert.Equal((10 * Dt, 13 * Dt), (h0.StartTime, h0.EndTime));
        Assert.Equal((0, 1), (h0.FromSite, h0.ToSite));
        var near0 = Assert.Single(h0.NearGroups);
        Assert.Equal(0, near0.Group);
        Assert.Equal(4, near0.CenterAtom);
        Assert.Equal(Math.Sqrt(5), near0.MinDistance, 9); // at frame 11, (4, 5, 6)
        Assert.Equal(90.0, near0.ThetaMaxDeg, 6);
        // θ_max(t0, 3) of group 0 is 30, 60, 90, 60, 30° for t0 = 8 … 12 and 0 otherwise; 27 windows of length 3.
        Assert.Equal(270.0 / 27, near0.AverageThetaMaxDeg, 6);
        Assert.True(h0.CoupledPaper);
        Assert.Equal(new[] { true, true, true, false }, h0.CoupledAbove);

        var h1 = r.Hops.Single(h => h.Atom == 1);
        Assert.Equal((19, 21), (h1.StartFrame, h1.EndFrame));
        Assert.Equal((2, 3), (h1.FromSite, h1.ToSite));
        var near1 = Assert.Single(h1.NearGroups);
        Assert.Equal(1, near1.Group);
        Assert.Equal(0.0, near1.ThetaMaxDeg, 9);
        Assert.False(h1.CoupledPaper);
        Assert.All(h1.CoupledAbove, Assert.False);

        Assert.Equal(0.5, r.CoupledFractionPaper);
        Assert.Equal(new double?[] { 0.5, 0.5, 0.5, 0 }, r.CoupledFractionAbove);
    }

    [Fact]
    public void RattlingIsNotAHopUnlessTheStayLasts()
    {
        // Rattling (2 frames on F) is no hop with MinResidence 3, but is one with MinResidence 2.
        var r3 = Hops.Analyze(Planted(), PlantedOptions());
        Assert.DoesNotContain(r3.Hops, h => h.Atom is 2 or 3);
        var r2 = Hops.Analyze(Planted(), PlantedOptions() with { MinResidence = 2 });
        var rattle = r2.Hops.Where(h => h.Atom == 2).ToArray();
        Assert.Equal(2, rattle.Length); // E → F (13 → 14) and back F → E (15 → 16)
        Assert.Equal((13, 14, 4, 5), (rattle[0].StartFrame, rattle[0].EndFrame, rattle[0].FromSite, rattle[0].ToSite));
        Assert.Equal((15, 16, 5, 4), (rattle[1].StartFrame, rattle[1].EndFrame, rattle[1].FromSite, rattle[1].ToSite));
        // Too long a residence requirement: the stays after the hops (17 and 9 frames) are too short.
        Assert.Empty(Hops.Analyze(Planted(), PlantedOptions() with { MinResidence = 18 }).Hops);
        Assert.Null(Hops.Analyze(Planted(), PlantedOptions() with { MinResidence = 18 }).CoupledFractionPaper);
    }

    [Fact]
    public void VisitsBeforeALastingStayDoNotMoveTheWindow()
    {
        // One Li: E ×5, F ×2, E ×3, F ×5 with MinResidence 3: one hop E → F, window [9, 10]. Default sites (frame 0: E)
        // plus a second Li sitting on F, so F is a site.
        var seq = new[] { E, E, E, E, E, F, F, E, E, E, F, F, F, F, F };
        var frames = seq.Select((p, t) => TestFrames.FromCartesian(t, Cell, [p, F])).ToList();
        var r = Hops.Analyze(TestFrames.Reader(["Li", "Li"], frames), new HopOptions("Li", 1.0));
        var h = Assert.Single(r.Hops);
        Assert.Equal((0, 9, 10, 0, 1), (h.Atom, h.StartFrame, h.EndFrame, h.FromSite, h.ToSite));
        Assert.Empty(r.Groups);
        Assert.Empty(h.NearGroups);
        Assert.False(h.CoupledPaper);
        Assert.Equal(2, r.Sites.Count);
    }

    [Fact]
    public void RejectsBadOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hops.Analyze(Planted(), PlantedOptions() with { MinResidence = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hops.Analyze(Planted(), PlantedOptions() with { GroupRadius = -1 }));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Hops.Analyze(Planted(), PlantedOptions() with { ThresholdsDeg = [200] }));
        Assert.Contains("(0, 180]", e.Message);
        var species = Assert.Throws<InputException>(() => Hops.Analyze(Planted(), new HopOptions("Na", 1)));
        Assert.Equal(InputParameter.Species, species.Parameter);
        var atom = Assert.Throws<InputException>(() => Hops.Analyze(Planted(), PlantedOptions() with { Atoms = [99] }));
        Assert.Equal(InputParameter.CationAtom, atom.Parameter);
    }

    /// <summary>The real Li6PS5I AIMD trajectory (140 frames × 416 atoms, 100 fs per frame), PS4 groups.</summary>
    [Fact]
    public void Li6PS5ITrajectoryGivesSaneHops()
    {
        var path = Path.Combine(TestData.Root, "trajectories", "Li6PS5I_0p_run1_500K_XDATCAR.gz");
        using var reader = TrajectoryFile.Open(path);
        var r = Hops.Analyze(reader, new HopOptions("Li", 100) { Center = "P", Anion = "S" });

        Assert.Equal(140, r.Frames);
        Assert.Equal(192, r.Atoms.Count);
        Assert.Equal(32, r.Groups.Count);
        Assert.All(r.Groups, g => Assert.Equal("PS4", g.Formula));
        Assert.NotEmpty(r.Hops);
        foreach (var h in r.Hops)
        {
            Assert.InRange(h.StartFrame, 0, r.Frames - 1);
            Assert.InRange(h.EndFrame, h.StartFrame + 1, r.Frames - 1);
            Assert.NotEqual(h.FromSite, h.ToSite);
            Assert.All(h.NearGroups, g => Assert.InRange(g.MinDistance, 0, HopOptions.DefaultGroupRadius));
            Assert.All(h.NearGroups, g => Assert.InRange(g.ThetaMaxDeg, 0, 180));
        }
        Assert.InRange(r.CoupledFractionPaper!.Value, 0, 1);
        var f = r.CoupledFractionAbove.Select(x => x!.Value).ToArray();
        Assert.All(f, x => Assert.InRange(x, 0, 1));
        for (int k = 1; k < f.Length; k++)
            Assert.True(f[k] <= f[k - 1],
            $"coupled fraction at {r.ThresholdsDeg[k]}° exceeds the one at {r.ThresholdsDeg[k - 1]}°");
    }
}
