using GpuBv.Cli.Plots;
using GpuBv.Compare;
using GpuBv.Compute;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Compare;

/// <summary>
/// The distribution of θ(t0, t0 + τ) (<see cref="BondRotationAngles"/>): rigid rotations of a tetrahedron whose bond
/// angles follow in closed form, vibration, the memory refusal, the independent θ̄ of the shipped Na3PS4 run
/// (SOURCES.md) and the figure.
/// </summary>
public sealed class BondRotationAnglesTests
{
    private const double RadianInDegrees = 180 / Math.PI;

    /// <summary>1e-6 rad in degrees: the angles must equal the applied ones to this.</summary>
    private const double Exact = 1e-6 * RadianInDegrees;

    /// <summary>
    /// The angle (degrees) through which a rotation by <paramref name="alpha"/> (rad) about z turns a bond of the
    /// tetrahedron: every bond makes the angle β with z where sin β = √(2/3), and a rotation by α about an axis at β to a
    /// vector turns it through 2 asin(sin β · |sin(α/2)|).
    /// </summary>
    private static double BondTurn(double alpha) => 2 * Math.Asin(Math.Sqrt(2.0 / 3) * Math.Abs(Math.Sin(alpha / 2))) * RadianInDegrees;

    private static double NumpyPercentile(double[] sorted, double p)
    {
        double rank = p / 100 * (sorted.Length - 1);
        int lo = (int)rank;
        return lo + 1 < sorted.Length ? sorted[lo] + (rank - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    [Fact]
    public void AConstantRateRotationGivesTheAppliedAngleAtEveryOrigin()
    {
        // 0.05 rad a frame about z for 40 frames; at τ = 7 every bond and origin turns through BondTurn(0.35).
        double[] phi = Enumerable.Range(0, 40).Select(t => 0.05 * t).ToArray();
        using var reader = RotationRingTests.Rotating(phi);
        var r = BondRotationAngles.Analyze(reader, [RotationRingTests.Group], new BondRotationAnglesOptions(7));
        double expected = BondTurn(0.35);
        Assert.Equal(40, r.Frames);
        Assert.Equal(4, r.Bonds);
        Assert.Equal(33, r.Origins);
        Assert.Equal(132, r.Samples);
        Assert.Equal(expected, r.MeanDeg, Exact);
        Assert.Equal(expected, r.MedianDeg, Exact);
        Assert.Equal(expected, r.MaxDeg, Exact);
        Assert.All(r.PercentileValuesDeg, v => Assert.Equal(expected, v, Exact));
        Assert.Equal(expected, Assert.Single(r.GroupMeanDeg), Exact);
        // One bin holds every angle (16.3°: inside [16°, 17°)).
        Assert.Equal(132, r.Counts[(int)Math.Floor(expected)]);
        Assert.Equal(132, r.Counts.Sum());
        Assert.Equal(Math.Ceiling(expected), r.BinEdgesDeg[^1]);
    }

    [Fact]
    public void IrregularRotationGivesTheDistributionOfTheAppliedAngles()
    {
        // Random steps about z (−0.3 … 0.5 rad a frame): θ(t0, t0 + 3) of every bond is BondTurn(φ(t0 + 3) − φ(t0)).
        var rng = new Random(11);
        var phi = new double[81];
        for (int t = 1; t < phi.Length; t++)
            phi[t] = phi[t - 1] - 0.3 + 0.8 * rng.NextDouble();
        using var reader = RotationRingTests.Rotating(phi);
        // Each origin gives four equal angles: 78 origins put the median, and these percentiles, between two different
        // angles (ranks 155.5, 23.5, 243.5 of 0 … 311), where the interpolation matters.
        var options = new BondRotationAnglesOptions(3) { BinWidthDeg = 5, Percentiles = [0, 2350 / 311.0, 50, 24350 / 311.0, 100] };
        var r = BondRotationAngles.Analyze(reader, [RotationRingTests.Group], options);
        var expected = Enumerable.Range(0, 78).SelectMany(t => Enumerable.Repeat(BondTurn(phi[t + 3] - phi[t]), 4)).Order().ToArray();
        Assert.Equal(expected.Length, r.Samples);
        Assert.Equal(expected.Average(), r.MeanDeg, Exact);
        Assert.Equal(NumpyPercentile(expected, 50), r.MedianDeg, Exact);
        Assert.Equal(expected[^1], r.MaxDeg, Exact);
        for (int i = 0; i < options.Percentiles.Count; i++)
            Assert.Equal(NumpyPercentile(expected, options.Percentiles[i]), r.PercentileValuesDeg[i], Exact);
        Assert.Equal(expected[0], r.PercentileValuesDeg[0], Exact);
        for (int b = 0; b < r.Counts.Count; b++)
            Assert.Equal(expected.Count(x => x >= 5 * b && x < 5 * (b + 1)), r.Counts[b]);
    }

    [Fact]
    public void AGroupAtRestTurnsThroughNothing()
    {
        // A rigid group at rest: every angle is 0 and the histogram has one bin.
        using var reader = RotationRingTests.Rotating(new double[10]);
        var r = BondRotationAngles.Analyze(reader, [RotationRingTests.Group], new BondRotationAnglesOptions(1));
        Assert.Equal(0, r.MaxDeg);
        Assert.Equal(36, Assert.Single(r.Counts));
    }

    [Fact]
    public void KeepingMoreThanAQuarterOfTheBudgetIsRefusedWithTheBytesPerFrame()
    {
        // 4 bonds keep 128 bytes a frame; a 4 KiB budget allows 1 KiB, so frame 9 (1152 bytes) is refused.
        using var reader = RotationRingTests.Rotating(new double[20]);
        var options = new BondRotationAnglesOptions(1) { Memory = new MemoryBudget(4096) };
        var ex = Assert.Throws<InputException>(() => BondRotationAngles.Analyze(reader, [RotationRingTests.Group], options));
        Assert.Equal("frame 9", ex.Place);
        Assert.Contains("128 bytes a frame", ex.Message, StringComparison.Ordinal);
        Assert.Contains("25 %", ex.Message, StringComparison.Ordinal);
        Assert.Equal(128, BondRotationAngles.BytesPerFrame(4));
    }

    [Fact]
    public void TooFewFramesForTheLagIsAnInputError()
    {
        using var reader = RotationRingTests.Rotating(new double[5]);
        var ex = Assert.Throws<InputException>(() =>
            BondRotationAngles.Analyze(reader, [RotationRingTests.Group], new BondRotationAnglesOptions(5)));
        Assert.Contains("at least 6", ex.Message, StringComparison.Ordinal);
        using var reader2 = RotationRingTests.Rotating(new double[5]);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            BondRotationAngles.Analyze(reader2, [RotationRingTests.Group], new BondRotationAnglesOptions(0)));
    }

    private static IReadOnlyList<TrajectoryGroup> Na3PS4Groups()
    {
        using var r = TrajectoryFile.Open(Trajectory.DiffusionTests.Na3PS4);
        Assert.True(r.TryRead(out var first));
        return TrajectoryGroups.Find(r.Header, first, "P", "S", coordination: 4);
    }

    [Theory]
    [InlineData(1, 4.138)]
    [InlineData(10, 11.436)]
    public void Na3PS4MeanAngleMatchesTheIndependentValue(int lag, double meanDeg)
    {
        // SOURCES.md: the 4 nearest S of each P fixed from frame 0, minimum image, all origins (an independent script).
        var groups = Na3PS4Groups();
        Assert.Equal(16, groups.Count);
        using var reader = TrajectoryFile.Open(Trajectory.DiffusionTests.Na3PS4);
        var r = BondRotationAngles.Analyze(reader, groups, new BondRotationAnglesOptions(lag));
        Assert.Equal(64, r.Bonds);
        Assert.Equal(100 - lag, r.Origins);
        Assert.Equal(meanDeg, r.MeanDeg, 0.0006);
        Assert.InRange(r.MedianDeg, r.PercentileValuesDeg[1], r.PercentileValuesDeg[3]);
        Assert.Equal(r.Samples, r.Counts.Sum());
        Assert.Equal(r.MeanDeg, r.GroupMeanDeg.Average(), 1e-9);
    }

    [Fact]
    public void TheFigureIsWrittenAsPng()
    {
        using var reader = TrajectoryFile.Open(Trajectory.DiffusionTests.Na3PS4);
        var r = BondRotationAngles.Analyze(reader, Na3PS4Groups(), new BondRotationAnglesOptions(10));
        string png = TestData.TempFile("rotation-angles.png", "");
        RotationAngleFigure.Save(png, r, dtFs: 20, flipThresholdDeg: 54.74);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.True(bytes.Length > 10_000, $"{bytes.Length} bytes");
        TestContext.Current.TestOutputHelper?.WriteLine(png);
    }
}
