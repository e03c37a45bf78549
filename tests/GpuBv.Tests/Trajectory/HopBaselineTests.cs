using GpuBv.Crystal;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Trajectory;

/// <summary>
/// The chance level of the hop–rotation test (<see cref="HopBaseline"/>) on planted groups where it is known exactly: a
/// group turning 10° per frame about the normal of its bonds has θ_max(t0, τ) = 10°·τ in every window, so with τ = 4 it
/// passes 30° always and 45° never; a still group never passes. A jittering group is checked against a slow direct count.
/// </summary>
public sealed class HopBaselineTests
{
    private const double Bond = 2.0;
    private static readonly Lattice Cell = Lattice.FromParameters(14, 14, 14, 90, 90, 90);
    private static readonly double[] Thresholds = [30, 45, 60, 120];
    private static readonly string[] Elements = ["P", "S", "S", "S", "S", "P", "S", "S", "S", "S"];
    private static readonly Vec3 Turning = new(4, 4, 4);
    private static readonly Vec3 Still = new(10, 10, 10);

    private static Vec3 RotateZ(Vec3 v, double deg)
    {
        double a = deg * Math.PI / 180;
        return new Vec3(v.X * Math.Cos(a) - v.Y * Math.Sin(a), v.X * Math.Sin(a) + v.Y * Math.Cos(a), v.Z);
    }

    private static readonly Vec3[] Planar = [new(Bond, 0, 0), new(0, Bond, 0), new(-Bond, 0, 0), new(0, -Bond, 0)];

    /// <summary>Group 0 at <see cref="Turning"/> turned by <paramref name="angleDeg"/>(t); group 1 at <see cref="Still"/> fixed.</summary>
    private static List<Frame> Frames(int count, Func<int, double> angleDeg)
    {
        var frames = new List<Frame>();
        for (int t = 0; t < count; t++)
        {
            var pos = new List<Vec3> { Turning };
            pos.AddRange(Planar.Select(b => Turning + RotateZ(b, angleDeg(t))));
            pos.Add(Still);
            pos.AddRange(Planar.Select(b => Still + b));
            frames.Add(TestFrames.FromCartesian(t, Cell, pos));
        }
        return frames;
    }

    private static IReadOnlyList<TrajectoryGroup> Groups(Frame first) =>
        TrajectoryGroups.Find(new TrajectoryHeader(Elements, "planted"), first, "P", "S");

    /// <summary>A hop of window <paramref name="tau"/> next to group <paramref name="group"/> with the given average θ_max.</summary>
    private static Hop HopNear(int group, int tau, double average) =>
        new(0, "Li", 5, 5 + tau, 0, 0, 0, 1, [new HopNearGroup(group, group * 5, 1, 0, average)], false, [false, false, false, false]);

    private static HopResult Result(IReadOnlyList<TrajectoryGroup> groups, params Hop[] hops) =>
        new("Li", 0, 1, [], [], groups, Thresholds, hops, null, [null, null, null, null]);

    private static HopBaseline Recorded(List<Frame> frames, IReadOnlyList<TrajectoryGroup> groups)
    {
        var baseline = new HopBaseline(groups);
        baseline.Record(TestFrames.Reader(Elements, frames));
        return baseline;
    }

    [Fact]
    public void SteadilyTurningGroupPassesLowThresholdAlwaysAndStillGroupNever()
    {
        var frames = Frames(40, t => 10.0 * t);
        var groups = Groups(frames[0]);
        Assert.Equal(2, groups.Count);
        var baseline = Recorded(frames, groups);
        Assert.Equal(40, baseline.Frames);
        Assert.All(baseline.ThetaMaxSeries(0, 4), x => Assert.Equal(40, x, 6));
        Assert.All(baseline.ThetaMaxSeries(1, 4), x => Assert.Equal(0, x, 6));

        // Average 35° for the paper's criterion: the turning group's 40° beats it in every window.
        var turning = HopBaseline.ChanceLevel(Result(groups, HopNear(0, 4, 35)), baseline);
        Assert.Equal(new double?[] { 1, 1, 0, 0, 0 }, turning);
        var still = HopBaseline.ChanceLevel(Result(groups, HopNear(1, 4, 0)), baseline);
        Assert.Equal(new double?[] { 0, 0, 0, 0, 0 }, still);
        var both = HopBaseline.ChanceLevel(Result(groups, HopNear(0, 4, 35), HopNear(1, 4, 0)), baseline);
        Assert.Equal(new double?[] { 0.5, 0.5, 0, 0, 0 }, both);
    }

    [Fact]
    public void NoHopsGiveNoLevelAndNoDirectionsGiveZero()
    {
        var frames = Frames(10, t => 10.0 * t);
        var groups = Groups(frames[0]);
        Assert.All(HopBaseline.ChanceLevel(Result(groups), Recorded(frames, groups)), x => Assert.Null(x));
        Assert.All(HopBaseline.ChanceLevel(Result(groups, HopNear(0, 4, 35)), null), x => Assert.Equal(0, x));
    }

    [Fact]
    public void JitteringGroupMatchesDirectCount()
    {
        var random = new Random(7);
        var angles = new double[60];
        for (int t = 1; t < angles.Length; t++)
        {
            angles[t] = angles[t - 1] + random.NextDouble() * 50 - 25;
        }
        var frames = Frames(angles.Length, t => angles[t]);
        var groups = Groups(frames[0]);
        var hops = new[] { HopNear(0, 3, 20), HopNear(0, 7, 40), HopNear(1, 2, 0) };
        var level = HopBaseline.ChanceLevel(Result(groups, hops), Recorded(frames, groups));

        // Direct: for every hop and window start, the largest bond angle from the frames themselves (acos of unit vectors).
        var expected = new double[5];
        foreach (var hop in hops)
        {
            var near = hop.NearGroups[0];
            var g = groups[near.Group];
            int tau = hop.WindowFrames;
            int windows = frames.Count - tau;
            var hits = new int[5];
            for (int t0 = 0; t0 < windows; t0++)
            {
                double best = 0;
                for (int t = t0 + 1; t <= t0 + tau; t++)
                {
                    foreach (int a in g.Anions)
                    {
                        best = Math.Max(best, AngleDeg(BondVector(frames[t0], g.CenterAtom, a), BondVector(frames[t], g.CenterAtom, a)));
                    }
                }
                hits[0] += best > near.AverageThetaMaxDeg ? 1 : 0;
                for (int i = 0; i < Thresholds.Length; i++)
                {
                    hits[i + 1] += best > Thresholds[i] ? 1 : 0;
                }
            }
            for (int i = 0; i < 5; i++)
            {
                expected[i] += hits[i] / (double)windows / hops.Length;
            }
        }
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(expected[i], level[i]!.Value, 12);
        }
        Assert.InRange(level[1]!.Value, 0.05, 0.95); // the jitter makes the >30° level informative, neither 0 nor 1
    }

    private static Vec3 BondVector(Frame f, int centre, int anion) => f.Lattice.MinimumImageVector(f.Position(anion) - f.Position(centre));

    private static double AngleDeg(Vec3 u, Vec3 v) =>
        Math.Acos(Math.Clamp(Vec3.Dot(u, v) / (u.Length * v.Length), -1, 1)) * 180 / Math.PI;
}
