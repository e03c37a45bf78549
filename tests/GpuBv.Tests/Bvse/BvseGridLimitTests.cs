using System.Globalization;
using System.Text.RegularExpressions;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Percolation;
using Xunit;

namespace GpuBv.Tests.Bvse;

/// <summary>
/// Issue 12: one BVSE grid limit, the smaller of the memory budget and the percolation's index cap, so that the resolution a
/// refusal recommends is one that runs (before, the memory guard allowed 6.3e8 points and the percolation refused 5.37e8
/// after ten minutes of grid work).
/// </summary>
public sealed partial class BvseGridLimitTests
{
    private static readonly MemoryBudget Huge = new(1L << 42);

    [Fact]
    public void TheGridLimitNeverExceedsWhatThePercolationIndexes()
    {
        Assert.True(BvseGrid.Limit(Huge) <= PercolationAnalysis.MaxPoints);
        Assert.True(BvseGrid.MaxPoints <= PercolationAnalysis.MaxPoints);
        Assert.True(PercolationAnalysis.MaxPoints <= Array.MaxLength / 4);
    }

    [Fact]
    public void AGridBetweenThePercolationCapAndMemoryIsRefusedBeforeAnyWork()
    {
        // 833³ = 5.78e8 points: over the percolation cap (5.37e8), under a 1 TiB·4 budget.
        var lattice = Lattice.FromParameters(1000, 1000, 1000, 90, 90, 90);
        var e = Assert.Throws<InputException>(() => BvseGrid.ForLattice(lattice, 1.2, Huge));
        Assert.Equal(InputParameter.Resolution, e.Parameter);
        Assert.Contains("the percolation analysis indexes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000, 1000, 1000, 90, 90, 90, 1.2, 1L << 42)]
    [InlineData(10, 10, 10, 90, 90, 90, 0.01, 64L << 20)]
    [InlineData(7.3, 9.1, 13.7, 81, 97, 112, 0.005, 16L << 20)]
    [InlineData(4.05, 4.05, 4.05, 90, 90, 90, 0.001, 1L << 20)]
    [InlineData(60, 3, 3, 90, 90, 120, 0.002, 100L << 20)]
    [InlineData(300, 300, 300, 90, 90, 90, 0.3, 3L << 30)]
    public void TheRecommendedResolutionIsItselfAccepted(double a, double b, double c, double al, double be, double ga,
        double resolution, long bytes)
    {
        var lattice = Lattice.FromParameters(a, b, c, al, be, ga);
        var memory = new MemoryBudget(bytes);
        var e = Assert.Throws<InputException>(() => BvseGrid.ForLattice(lattice, resolution, memory));
        var m = Recommendation().Match(e.Message);
        Assert.True(m.Success, e.Message);
        double recommended = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var grid = BvseGrid.ForLattice(lattice, recommended, memory);
        Assert.True(grid.Count <= BvseGrid.Limit(memory));
        Assert.True(grid.Count <= PercolationAnalysis.MaxPoints);
        // The recommendation is the finest that fits to 0.001 Å (or within 0.2 %): not needlessly coarse.
        double finer = recommended - Math.Max(0.001, Math.Round(recommended * 0.002, 3));
        Assert.True(finer <= resolution || BvseGrid.PointsFor(lattice, finer) > BvseGrid.Limit(memory) || finer < 0.001,
            $"{finer} would fit too");
    }

    [GeneratedRegex(@" ([0-9.]+) or coarser")]
    private static partial Regex Recommendation();
}
