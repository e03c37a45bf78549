using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Percolation;
using GpuBv.Tests.Bvse;
using Xunit;

namespace GpuBv.Tests.Compute;

/// <summary>
/// The batch seam of <see cref="IComputeProvider"/>: its default gives, for each request in order, the same energies and
/// barriers as evaluating and percolating that grid alone, and the barriers equal the reference flood fill's on the
/// same energies (an independent algorithm), so a device provider that overrides it has a reference to meet.
/// </summary>
public sealed class GridBatchTests
{
    [Fact]
    public void TheDefaultBatchEqualsOneGridAtATimeInRequestOrder()
    {
        var requests = new[] { ("LiF.cif", "Li+", 0.4), ("Li2O.cif", "Li+", 0.35), ("Li3N.cif", "Li+", 0.4) }
            .Select(x =>
            {
                var s = BvseTestKit.Load(TestData.Structure(x.Item1));
                var fw = BvseFramework.Build(s, MobileIon.Parse(x.Item2), 8, null);
                var grid = BvseGrid.ForLattice(s.Lattice, x.Item3);
                return new GridRequest(TiledFramework.Build(fw, grid, x.Item3), grid, Connectivity.Full26, 5.0);
            })
            .ToList();
        using var provider = FallbackComputeProvider.Cpu(1);
        IComputeProvider batch = provider;
        var results = batch.EvaluateBatch(requests, TestContext.Current.CancellationToken);

        Assert.Equal(requests.Count, results.Count);
        for (int i = 0; i < requests.Count; i++)
        {
            var single = provider.Evaluate(requests[i].Tiles, out _, TestContext.Current.CancellationToken);
            Assert.Equal(single, results[i].Energies);
            var g = requests[i].Grid;
            var alone = provider.Percolate(single, g, Connectivity.Full26, 5.0);
            Assert.Equal(alone.E3D, results[i].Percolation.E3D);
            Assert.Equal(alone.E1D, results[i].Percolation.E1D);
            double e3 = Assert.NotNull(results[i].Percolation.E3D); // every test grid percolates in 3D below 5 eV
            Assert.Equal(3, FloodFill.PercolationDimension(single, g.N1, g.N2, g.N3, e3, Connectivity.Full26));
            Assert.Equal(provider.DeviceName, results[i].Device);
        }
    }
}
