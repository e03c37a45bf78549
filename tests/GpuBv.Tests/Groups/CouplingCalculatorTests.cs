using GpuBv.Bvse;
using GpuBv.Groups;
using Xunit;

namespace GpuBv.Tests.Groups;

/// <summary>
/// What the coupling run reports beside the numbers: the warnings of every map it builds, the group named as
/// CENTRE-ANION, and input errors that name the parameter at fault (so each front end can name its own flag).
/// </summary>
public sealed class CouplingCalculatorTests
{
    private static string Li3PO4 => TestData.Paper("Li3PO4_beta_mp-13725.cif");

    /// <summary>
    /// With P at the fractional oxidation state 4.9, the anion (O2-) map, where P is a counter-ion, warns that P5+'s
    /// Morse parameters are used; the cation map, where P is not a counter-ion, does not. The old calculator created a
    /// warnings list and never filled it, so this note was dropped.
    /// </summary>
    [Fact]
    public void TheAnionMapsWarningsReachTheResult()
    {
        var s = GroupTestKit.Load(Li3PO4, "Li=1,P=4.9,O=-2");
        var o = new CouplingOptions(MobileIon.Parse("Li+"), GlobalGrid: true, Resolution: 0.4);
        var r = GroupTestKit.Couple(s, o);
        var note = Assert.Single(r.Warnings, w => w.Contains("P has the fractional oxidation state", StringComparison.Ordinal));
        Assert.DoesNotContain(note, r.CationMap.Warnings);
        Assert.Equal(r.Warnings.Distinct().Count(), r.Warnings.Count);
    }

    [Fact]
    public void AGroupNamedCentreDashAnionTakesTheStructuresCharge()
    {
        var s = GroupTestKit.Load(Li3PO4);
        var spec = GroupSpec.Resolve(s, "P-O");
        Assert.Equal("P", spec.Center);
        Assert.Equal(new MobileIon("O", -2), spec.Anion);
    }

    [Theory]
    [InlineData("PO", "group: PO: expected CENTRE-ANION, e.g. P-S or B-H")]
    [InlineData("P-Xx", "group: P-Xx: expected CENTRE-ANION, e.g. P-S or B-H")]
    [InlineData("P-S", "group: S is not in the structure")]
    public void ABadGroupNamesTheGroupParameter(string text, string message)
    {
        var s = GroupTestKit.Load(Li3PO4);
        var e = Assert.Throws<InputException>(() => GroupSpec.Resolve(s, text));
        Assert.EndsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMisspelledCationNamesTheCationParameter()
    {
        var e = Assert.Throws<InputException>(() => MobileIon.Parse("Lii", InputParameter.Cation));
        Assert.Equal(InputParameter.Cation, e.Parameter);
        Assert.Equal(InputParameter.Ion, Assert.Throws<InputException>(() => MobileIon.Parse("Lii")).Parameter);
    }

    /// <summary>
    /// A local grid too coarse to put a shell point near each site is bad input (the spacing), not an internal error:
    /// the old code threw InvalidOperationException, which a screen recorded as "internal error".
    /// </summary>
    [Fact]
    public void ATooCoarseLocalGridIsAnInputErrorNamingTheSpacing()
    {
        var s = GroupTestKit.Load(Li3PO4);
        var group = GroupTestKit.Groups(s, "Li", "O")[0];
        var coarse = new RotationOptions(Spacing: 0.5, ShellTolerance: 0.01, SiteRadius: 0.01);
        var e = Assert.Throws<InputException>(() => GroupTestKit.Local(s, group, MobileIon.Parse("O2-"), coarse));
        Assert.Equal(InputParameter.ErotSpacing, e.Parameter);
        Assert.Contains("too coarse", e.Message, StringComparison.Ordinal);
    }
}
