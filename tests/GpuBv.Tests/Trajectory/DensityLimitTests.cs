using System.Globalization;
using System.Text.RegularExpressions;
using GpuBv.Compute;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Trajectory;

/// <summary>
/// Issue 12: on the 100-frame Na3PS4 run, <c>--spacing 0.011</c> grew to 24 GB and <c>--spacing 0.01</c> was an
/// OverflowException. The density grid is now checked against the memory budget before it is allocated.
/// </summary>
public sealed partial class DensityLimitTests
{
    [Theory]
    [InlineData(0.01)]
    [InlineData(0.011)]
    [InlineData(1e-5)]
    public void ATooFineSpacingIsRefusedBeforeTheGridIsAllocated(double spacing)
    {
        using var r = TrajectoryFile.Open(DiffusionTests.Na3PS4);
        long before = GC.GetTotalAllocatedBytes(true);
        var e = Assert.Throws<InputException>(() => ProbabilityDensity.Compute(r, "Na", spacing, null, memory: new MemoryBudget(1L << 30)));
        Assert.Equal(InputParameter.Spacing, e.Parameter);
        Assert.True(GC.GetTotalAllocatedBytes(true) - before < 256L << 20, "the grid was allocated before the refusal");
        Assert.Matches(Recommendation(), e.Message);
    }

    [Fact]
    public void TheRecommendedSpacingRunsWithinTheBudget()
    {
        var memory = new MemoryBudget(8L << 20);
        InputException e;
        using (var r = TrajectoryFile.Open(DiffusionTests.Na3PS4))
        {
            e = Assert.Throws<InputException>(() => ProbabilityDensity.Compute(r, "Na", 0.05, null, memory: memory));
        }
        double ok = double.Parse(Recommendation().Match(e.Message).Groups[1].Value, CultureInfo.InvariantCulture);
        using var again = TrajectoryFile.Open(DiffusionTests.Na3PS4);
        var d = ProbabilityDensity.Compute(again, "Na", ok, null, memory: memory);
        Assert.True((long)d.GridCount * ProbabilityDensity.BytesPerPoint <= memory.Bytes);
        Assert.Equal(100, d.Frames);
    }

    [GeneratedRegex(@"([0-9.]+) or coarser")]
    private static partial Regex Recommendation();
}
