using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using GpuBv.Screening;
using Xunit;

namespace GpuBv.Tests.Screening;

/// <summary>
/// Issue 11's screening rule on structures built in memory: missing hydrogens give an error row (unless allowed), a
/// contradiction with the file's formula or a non-neutral assignment is never a silent ok row, a clean structure's ok
/// row keeps an empty message.
/// </summary>
public sealed class ScreenFindingsTests
{
    private static Structure Li2O() => StructureReader.ReadFile(TestData.Structure("Li2O.cif"));

    private static ScreenOptions Options(bool allowMissingH = false, Func<InputException, string>? describe = null)
        => new(MobileIon.Parse("Li+"), Resolution: 0.5, Jobs: 1, Describe: describe, AllowMissingHydrogens: allowMissingH);

    private static ScreenRow Process(Structure s, ScreenOptions o)
    {
        using var compute = FallbackComputeProvider.Cpu(1);
        return ScreenRunner.Process(ScreenItem.Of("built.cif", s), o, compute, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void ACleanStructureIsAnOkRowWithAnEmptyMessage()
    {
        var row = Process(Li2O(), Options());
        Assert.Equal(ScreenStatus.Ok, row.Status);
        Assert.Null(row.Message);
        Assert.NotNull(row.E3D);
    }

    [Fact]
    public void MissingHydrogensGiveAnErrorRowNamingTheFileAndTheCount()
    {
        var s = Li2O().WithFindings(4, null);
        static string Flag(InputParameter p) => p == InputParameter.AllowMissingHydrogens ? "--allow-missing-h" : $"{p}";
        var row = Process(s, Options(describe: e => e.Render(Flag)));
        Assert.Equal(ScreenStatus.Error, row.Status);
        Assert.Null(row.E3D);
        Assert.StartsWith(s.Source + ": 4 H per cell", row.Message, StringComparison.Ordinal);
        Assert.Contains("pass --allow-missing-h", row.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', row.Message!);
    }

    [Fact]
    public void AllowedMissingHydrogensRunButTheOkRowSaysSo()
    {
        var row = Process(Li2O().WithFindings(2.5, null), Options(allowMissingH: true));
        Assert.Equal(ScreenStatus.Ok, row.Status);
        Assert.NotNull(row.E3D);
        Assert.Contains("2.5 H per cell", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFormulaContradictionIsNeverASilentOkRow()
    {
        const string line = "the structure gives Li8 O4 per cell but _chemical_formula_sum x Z gives Li8 O4 H4";
        var clean = Process(Li2O(), Options());
        var row = Process(Li2O().WithFindings(0, line), Options());
        Assert.Equal(ScreenStatus.Ok, row.Status);
        Assert.Equal(line, row.Message);
        Assert.Equal(clean.E3D, row.E3D);
    }

    [Fact]
    public void AResidualChargeBeyondTheToleranceIsNeverASilentOkRow()
    {
        // A cell missing one Li, with the file's states Li+ and O2−, leaves −1 e per Li7O4 cell: the row must say so.
        var s = Li2O();
        int firstLi = s.Sites.ToList().FindIndex(x => x.Species[0].Element == "Li");
        var charged = s.WithSites(s.Sites.Where((_, i) => i != firstLi)
            .Select(site => site with
            {
                Species = [.. site.Species.Select(sp => sp with { OxidationState = sp.Element == "Li" ? 1 : -2 })],
            }));
        Assert.Equal(11, charged.Sites.Length);
        var row = Process(charged, Options());
        Assert.Equal(ScreenStatus.Ok, row.Status);
        Assert.Contains("not charge-neutral: residual -1 e per cell", row.Message, StringComparison.Ordinal);

        // Both findings together: one line, joined.
        var both = Process(charged.WithFindings(0, "contradiction"), Options());
        Assert.StartsWith("contradiction; oxidation states are not charge-neutral", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireCompleteRefusesOnlyMissingHydrogensAndOnlyUnlessAllowed()
    {
        var s = Li2O();
        StructureChecks.RequireComplete(s, allowMissingHydrogens: false);
        StructureChecks.RequireComplete(s.WithFindings(0, "contradiction"), allowMissingHydrogens: false);
        StructureChecks.RequireComplete(s.WithFindings(4, null), allowMissingHydrogens: true);
        var e = Assert.Throws<InputException>(() => StructureChecks.RequireComplete(s.WithFindings(4, null), false));
        Assert.Equal(s.Source, e.File);
        Assert.Contains("4 H per cell", e.Problem, StringComparison.Ordinal);
        Assert.Contains("pass <AllowMissingHydrogens>", e.Render(p => $"<{p}>"), StringComparison.Ordinal);
    }
}
