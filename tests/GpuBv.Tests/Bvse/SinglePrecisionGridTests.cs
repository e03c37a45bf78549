using GpuBv.Bvse;
using GpuBv.Percolation;
using Xunit;

namespace GpuBv.Tests.Bvse;

/// <summary>
/// The periodic BVSE grids are summed in float on the CPU path by default (as on the GPU; twice the pairs/s of double).
/// Against the double-precision CPU path on the same tiles, every shipped structure's map agrees within 1e-4 eV wherever
/// E − E_min &lt; 5 eV (the device-agreement tolerance), and each percolation threshold moves by no more than the largest
/// point difference (a threshold is the level of one grid point, so it cannot move further).
/// </summary>
public sealed class SinglePrecisionGridTests
{
    public static TheoryData<string, string> Structures() => new()
    {
        { "LiF.cif", "Li+" },
        { "Li2O.cif", "Li+" },
        { "Li3N.cif", "Li+" },
        { "LiOH_COD.cif", "Li+" },
        { "LiFePO4.cif", "Li+" },
        { "Li2CO3_zabuyelite_COD.cif", "Li+" },
        { "Li3V2P3O12.cif", "Li+" },
        { "Li10GeP2S12_ordered_P1.cif", "Li+" },
        { "Li10GeP2S12_disordered.cif", "Li+" },
        { "Na2O_COD.cif", "Na+" },
        { "NaCl_halite_COD.cif", "Na+" },
        { "MgTiO3_COD_no_symops.cif", "Mg2+" },
    };

    [Theory]
    [MemberData(nameof(Structures))]
    public void FloatGridMatchesTheDoubleOne(string file, string ion)
    {
        var s = BvseTestKit.Load(TestData.Structure(file));
        var grid = BvseGrid.ForLattice(s.Lattice, 0.3);
        var fw = BvseFramework.Build(s, MobileIon.Parse(ion));
        var cpu = new CpuBvseEvaluator();
        var cancel = TestContext.Current.CancellationToken;
        var single = TiledFramework.Build(fw, grid, 0.3);
        Assert.True(single.SinglePrecision);
        var f = cpu.Evaluate(single, cancel);
        var d = cpu.Evaluate(TiledFramework.Build(fw, grid, 0.3, singlePrecision: false), cancel);
        float min = d.Min();
        double worst = 0;
        for (int p = 0; p < d.Length; p++)
        {
            if (d[p] - min < 5)
            {
                worst = Math.Max(worst, Math.Abs(f[p] - d[p]));
            }
        }
        Assert.True(worst < 1e-4, $"max |ΔE| = {worst} eV");
        var a = PercolationAnalysis.Compute(f, grid.N1, grid.N2, grid.N3, encut: 5);
        var b = PercolationAnalysis.Compute(d, grid.N1, grid.N2, grid.N3, encut: 5);
        foreach (int dim in new[] { 1, 2, 3 })
        {
            double? x = a.Threshold(dim), y = b.Threshold(dim);
            Assert.Equal(y is null, x is null);
            if (x is not null)
            {
                // Both thresholds are levels relative to each grid's own E_min: each can move by the largest difference.
                Assert.True(Math.Abs(x.Value - y!.Value) <= 2 * worst + 1e-7, $"E_{dim}D: {x} (float) vs {y} (double)");
            }
        }
    }
}
