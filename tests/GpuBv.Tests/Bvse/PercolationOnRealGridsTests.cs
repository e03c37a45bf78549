using GpuBv.Bvse;
using GpuBv.Percolation;
using Xunit;

namespace GpuBv.Tests.Bvse;

/// <summary>
/// The union-find thresholds on real BVSE grids agree with a brute-force flood fill: at each barrier the accessible
/// region percolates in k dimensions, at the next lower grid energy it does not (catches off-by-one wrap vectors).
/// </summary>
public sealed class PercolationOnRealGridsTests
{
    [Theory]
    [InlineData("LiFePO4.cif", 26)]
    [InlineData("LiFePO4.cif", 6)]
    [InlineData("Li2CO3_zabuyelite_COD.cif", 26)]
    [InlineData("Li3N.cif", 26)]
    [InlineData("Li10GeP2S12_ordered_P1.cif", 6)]
    public void UnionFindMatchesFloodFillJustBelowAndAtEachBarrier(string file, int neighbours)
    {
        var s = BvseTestKit.Load(TestData.Structure(file));
        var c = neighbours == 6 ? Connectivity.Faces6 : Connectivity.Full26;
        var r = BvseTestKit.Run(s, new BvseOptions(MobileIon.Parse("Li+"), 0.3, Connectivity: c, Encut: 10));
        var g = r.Grid;
        var levels = r.Energies.Select(e => (double)e - r.EMinRaw).Distinct().Order().ToArray();
        int found = 0;
        foreach (int d in new[] { 1, 2, 3 })
        {
            if (r.Percolation.Threshold(d) is not double t)
                continue;
            found++;
            Assert.True(
                FloodFill.PercolationDimension(r.Energies, g.N1, g.N2, g.N3, t, c) >= d,
                $"E_{d}D = {t}: flood fill does not percolate");
            int at = Array.BinarySearch(levels, t);
            if (at < 0)
                at = ~at;
            if (at > 0)
            {
                double below = levels[at - 1];
                Assert.True(
                    FloodFill.PercolationDimension(r.Energies, g.N1, g.N2, g.N3, below, c) < d,
                    $"E_{d}D = {t}: flood fill percolates already at {below}");
            }
        }
        Assert.True(found > 0);
    }
}
