using GpuBv.Chemistry;
using GpuBv.Parameters;
using Xunit;

namespace GpuBv.Tests.Parameters;

public sealed class SoftBvTableTests
{
    [Fact]
    public void DisabledRowsAreSkipped()
    {
        // bvse.dat: 591 rows, 34 disabled with '#' (all with negative alpha) → 557 pairs.
        Assert.Equal(557, SoftBvTable.Default.Count);
        Assert.All(SoftBvTable.Default.Pairs, p => Assert.True(p.Alpha > 0));
    }

    [Fact]
    public void LiOPairIsTheTabulatedOne()
    {
        var p = SoftBvTable.Default.Get("Li", 1, "O", -2);
        Assert.Equal(0.98816, p.D0, 9);
        Assert.Equal(1.940013, p.Rmin, 9);
        Assert.Equal(1.937984, p.Alpha, 9);
    }

    [Fact]
    public void D0FollowsFromRminBAndThePrincipalQuantumNumbers()
    {
        // Chen & Adams: D0 = 14.4·|V_A·V_X|·b² / (2·Rmin·sqrt(n_A·n_X)) — an independent check that the table and the
        // shipped quantum numbers belong together (softness values are not shipped, so Rmin itself cannot be re-derived).
        // For d- and f-block cations the published D0 does not follow this formula with the ground-state n (the
        // implied n varies with the valence), so the check covers main-group cations, which is most of the table.
        static bool MainGroup(int z) => !(z is >= 21 and <= 30 or >= 39 and <= 48 or >= 57 and <= 80 or >= 89);
        int checkedPairs = 0;
        foreach (var p in SoftBvTable.Default.Pairs.Where(x => MainGroup(Element.Get(x.Cation).Z)))
        {
            var na = Element.Get(p.Cation).PrincipalQuantumNumber;
            var nx = Element.Get(p.Anion).PrincipalQuantumNumber;
            Assert.NotNull(na);
            Assert.NotNull(nx);
            double b = 1 / p.Alpha;
            double d0 = 14.4 * Math.Abs(p.CationValence * p.AnionValence) * b * b / (2 * p.Rmin * Math.Sqrt(na!.Value * nx!.Value));
            Assert.True(
                Math.Abs(d0 - p.D0) <= 2e-3 * p.D0 + 1e-5,
                $"{p.Cation}{p.CationValence}-{p.Anion}{p.AnionValence}: D0 {p.D0} vs derived {d0}");
            checkedPairs++;
        }
        Assert.True(checkedPairs > 200, $"only {checkedPairs} main-group pairs");
    }

    [Fact]
    public void MissingPairNamesThePair()
    {
        var e = Assert.Throws<InputException>(() => SoftBvTable.Default.Get("B", 3, "H", -1));
        Assert.Contains("B3+–H1-", e.Message);
        Assert.Contains(InputException.Ref(InputParameter.ParametersFile), e.Problem);
        Assert.Equal(
            "softBV table: no softBV parameters for the pair B3+–H1- (supply them with --params FILE in bvse.dat's layout)",
            e.Render(p => p == InputParameter.ParametersFile ? "--params FILE" : p.ToString()));
    }

    [Fact]
    public void UserTableAddsPairs()
    {
        const string text = "cation\tcation_valence\tanion\tanion_valence\tNc\tR0\tRcutoff\tD0\tRmin\talpha\n"
            + "B\t3\tH\t-1\t4\t1.1\t5\t1.5\t1.2\t2.0\n";
        var extra = SoftBvTable.Parse(new StringReader(text), "mine.dat");
        var t = SoftBvTable.Default.With(extra);
        Assert.True(t.TryGet("B", 3, "H", -1, out var p));
        Assert.Equal(1.2, p.Rmin);
        var bad = Assert.Throws<InputException>(() => SoftBvTable.Parse(new StringReader("B 3 H -1 4 1.1\n"), "bad.dat"));
        Assert.Contains("bad.dat: line 1", bad.Message);
    }
}
