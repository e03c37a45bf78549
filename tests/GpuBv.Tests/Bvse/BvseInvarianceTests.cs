using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using GpuBv.Percolation;
using Xunit;

namespace GpuBv.Tests.Bvse;

/// <summary>Properties the barriers must have whatever the implementation: invariances and a hand-computed energy.</summary>
public sealed class BvseInvarianceTests
{
    private static readonly MobileIon Li = MobileIon.Parse("Li1+");

    private static void AssertSameBarriers(PercolationResult a, PercolationResult b, double tol)
    {
        foreach (int d in new[] { 1, 2, 3 })
        {
            var x = a.Threshold(d);
            var y = b.Threshold(d);
            Assert.Equal(x is null, y is null);
            if (x is not null)
                Assert.True(Math.Abs(x.Value - y!.Value) <= tol, $"E_{d}D: {x} vs {y}");
        }
    }

    [Theory]
    [InlineData("LiFePO4.cif")]
    [InlineData("Li2CO3_zabuyelite_COD.cif")]
    public void SupercellWithDoubledGridGivesTheSameBarriers(string file)
    {
        var s = BvseTestKit.Load(TestData.Structure(file));
        var grid = BvseGrid.ForLattice(s.Lattice, 0.25);
        var r1 = BvseTestKit.Run(s, new BvseOptions(Li, 0.25, Grid: grid));
        var r2 = BvseTestKit.Run(s.Supercell(2, 1, 1), new BvseOptions(Li, 0.25, Grid: grid with { N1 = 2 * grid.N1 }));
        AssertSameBarriers(r1.Percolation, r2.Percolation, 1e-6);
    }

    [Theory]
    [InlineData("LiFePO4.cif", 3, 5, 7)]
    [InlineData("Li10GeP2S12_ordered_P1.cif", 1, 0, 11)]
    public void OriginShiftByWholeGridStepsGivesTheSameBarriers(string file, int s1, int s2, int s3)
    {
        var s = BvseTestKit.Load(TestData.Structure(file));
        var grid = BvseGrid.ForLattice(s.Lattice, 0.25);
        var r1 = BvseTestKit.Run(s, new BvseOptions(Li, 0.25, Grid: grid));
        var shifted = s.Translated(new Vec3((double)s1 / grid.N1, (double)s2 / grid.N2, (double)s3 / grid.N3));
        var r2 = BvseTestKit.Run(shifted, new BvseOptions(Li, 0.25, Grid: grid));
        // The grids are summed in float: moving every ion rounds its coordinates differently (≈ 1e-6 eV per point, measured
        // 1.7e-6 on LiFePO4); the double path met 1e-6 here.
        AssertSameBarriers(r1.Percolation, r2.Percolation, 1e-5);
    }

    [Theory]
    [InlineData("LiFePO4.cif", 0.37, 0.11, 0.53)]
    [InlineData("Li3N.cif", 0.5, 0.5, 0.5)]
    public void ArbitraryOriginShiftChangesBarriersOnlyByGridResolution(string file, double f1, double f2, double f3)
    {
        var s = BvseTestKit.Load(TestData.Structure(file));
        var grid = BvseGrid.ForLattice(s.Lattice, 0.2);
        var r1 = BvseTestKit.Run(s, new BvseOptions(Li, 0.2, Grid: grid));
        var r2 = BvseTestKit.Run(s.Translated(new Vec3(f1 / grid.N1, f2 / grid.N2, f3 / grid.N3)), new BvseOptions(Li, 0.2, Grid: grid));
        AssertSameBarriers(r1.Percolation, r2.Percolation, 0.03);
    }

    [Fact]
    public void OneFrameworkIonGivesTheFormulaByHand()
    {
        // A 25 Å cubic cell: Li (mobile, removed), one O2− at the origin and one Na+ at (0.5, 0, 0). With a 10 Å cutoff no
        // periodic image of either is within reach of the point 2.0 Å from the O along a (grid spacing 0.25 Å, index 8).
        const string cif = """
            data_x
            _cell_length_a 25
            _cell_length_b 25
            _cell_length_c 25
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            O1 0 0 0
            Na1 0.5 0 0
            Li1 0.5 0.5 0.5
            """;
        var s = OxidationStates.Assign(StructureReader.Read(cif, "one_ion.cif"), OxidationStates.ParseExplicit("Li=1,Na=1,O=-2")).Structure;
        var r = BvseTestKit.Run(s, new BvseOptions(Li, 0.25, Cutoff: 10));
        Assert.Equal(100, r.Grid.N1);
        // Li+–O2− softBV: D0 = 0.98816 eV, Rmin = 1.940013 Å, alpha = 1.937984 /Å (bvse.dat).
        double Morse(double d) => 0.98816 / 2 * (Math.Pow(Math.Exp(1.937984 * (1.940013 - d)) - 1, 2) - 1);
        // Li+–Na+ Coulomb: 14.4·1·1/sqrt(2·3)/d·erfc(d/(0.74·(1.28 + 1.66))) (n_Li = 2, n_Na = 3; Cordero radii).
        double Coulomb(double d) => 14.4 / Math.Sqrt(6) / d * Erfc(d / (0.74 * (1.28 + 1.66)));
        foreach (var (i, dO) in new[] { (8, 2.0), (6, 1.5), (20, 5.0) })
        {
            double expected = Morse(dO) + Coulomb(12.5 - dO);
            float got = r.Energies[r.Grid.Index(i, 0, 0)];
            Assert.True(Math.Abs(got - expected) < 1e-4 * Math.Max(1, Math.Abs(expected)), $"point {i}: {got} vs {expected}");
        }
        // A point on top of the O nucleus is capped, finite.
        Assert.True(float.IsFinite(r.Energies[0]));
        Assert.All(r.Energies, e => Assert.True(float.IsFinite(e)));
    }

    // Independent erfc (Abramowitz & Stegun 7.1.26 is too coarse here; use the continued series via MathNet).
    private static double Erfc(double x) => MathNet.Numerics.SpecialFunctions.Erfc(x);
}
