using GpuBv.Symmetry;
using Xunit;

namespace GpuBv.Tests.Symmetry;

public class SpaceGroupTableTests
{
    [Fact]
    public void TableHas530SettingsCoveringAll230Groups()
    {
        var all = SpaceGroupTable.All;
        Assert.Equal(530, all.Count);
        for (int i = 0; i < all.Count; i++)
            Assert.Equal(i + 1, all[i].HallNumber);
        Assert.Equal(Enumerable.Range(1, 230), all.Select(s => s.Number).Distinct().Order());
        Assert.All(all, s => Assert.False(string.IsNullOrWhiteSpace(s.Hall)));
    }

    [Fact]
    public void EveryDefaultSettingIsAClosedGroupOfSpglibsOrder()
    {
        for (int n = 1; n <= 230; n++)
        {
            var s = SpaceGroupTable.DefaultForNumber(n);
            Assert.Equal(n, s.Number);
            var ops = s.Operators;
            Assert.Equal(SpglibOperators.ByHallNumber[s.HallNumber].Length, ops.Count);
            Assert.Equal(ops.Count, ops.Distinct().Count());
            HallSymbolTests.AssertIsGroup(ops);
        }
    }

    [Theory]
    [InlineData("P 1", 1)]
    [InlineData("P -1", 2)]
    [InlineData("P 21/c", 4)]
    [InlineData("Fm-3m", 192)]
    [InlineData("R-3c", 36)]
    [InlineData("R-3c:H", 36)]
    [InlineData("R-3c:R", 12)]
    [InlineData("Ia-3d", 96)]
    [InlineData("P6_3/mmc", 24)]
    [InlineData("Fd-3m", 192)]
    [InlineData("Pnma", 8)]
    [InlineData("I41/amd", 32)]
    public void GroupOrders(string symbol, int order)
    {
        var s = SpaceGroupTable.FindByHermannMauguin(symbol)[0];
        Assert.Equal(order, s.Operators.Count);
        HallSymbolTests.AssertIsGroup(s.Operators);
    }

    [Theory]
    [InlineData(14, 81)]
    [InlineData(15, 90)]
    [InlineData(48, 229)]
    [InlineData(62, 292)]
    [InlineData(68, 323)]
    [InlineData(70, 336)]
    [InlineData(129, 409)]
    [InlineData(146, 433)]
    [InlineData(167, 460)]
    [InlineData(194, 488)]
    [InlineData(225, 523)]
    [InlineData(227, 526)]
    [InlineData(230, 530)]
    public void DefaultSettings(int number, int hallNumber)
    {
        Assert.Equal(hallNumber, SpaceGroupTable.DefaultForNumber(number).HallNumber);
        Assert.Equal(hallNumber, SpaceGroupTable.FindByNumber(number)[0].HallNumber);
    }

    [Fact]
    public void DefaultsPreferOriginTwoAndHexagonalAxes()
    {
        for (int n = 1; n <= 230; n++)
        {
            var d = SpaceGroupTable.DefaultForNumber(n);
            var all = SpaceGroupTable.FindByNumber(n);
            if (all.Any(s => s.OriginChoice is not null))
                Assert.Equal(2, d.OriginChoice);
            if (all.Any(s => s.IsRhombohedralAxes))
                Assert.True(d.IsHexagonalAxes && d.Choice == "H");
        }
    }

    [Fact]
    public void NumberLookUpsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpaceGroupTable.DefaultForNumber(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpaceGroupTable.DefaultForNumber(231));
        Assert.Empty(SpaceGroupTable.FindByNumber(0));
        Assert.Empty(SpaceGroupTable.FindByNumber(231));
        Assert.Null(SpaceGroupTable.FindByHallNumber(0));
        Assert.Null(SpaceGroupTable.FindByHallNumber(531));
        Assert.Equal(9, SpaceGroupTable.FindByNumber(14).Count);
        Assert.Equal("-P 2ybc", SpaceGroupTable.FindByHallNumber(81)!.Hall);
    }

    [Theory]
    // plain and spaced, screws written 21, 2_1, 2(1)
    [InlineData("Pnma", 62, 292)]
    [InlineData("P n m a", 62, 292)]
    [InlineData("pnma", 62, 292)]
    [InlineData("P 21/n 21/m 21/a", 62, 292)]
    [InlineData("P 1 21/n 1", 14, 82)]
    [InlineData("P21/n", 14, 82)]
    [InlineData("P 21/n", 14, 82)]
    [InlineData("P21/c", 14, 81)]
    [InlineData("P 21/c", 14, 81)]
    [InlineData("P2_1/c", 14, 81)]
    [InlineData("P 1 2_1/c 1", 14, 81)]
    [InlineData("P 1 21/c 1", 14, 81)]
    [InlineData("P2(1)/c", 14, 81)]
    [InlineData("'P 21/c'", 14, 81)]
    [InlineData("P 2\u2081/c", 14, 81)]
    [InlineData("P 1 21/c 1 :b1", 14, 81)]
    // permuted settings
    [InlineData("P m c n", 62, 296)]
    [InlineData("P b n m", 62, 294)]
    [InlineData("Pbnm", 62, 294)]
    [InlineData("P 1 1 21/b", 14, 86)]
    [InlineData("P 1 21/a 1", 14, 83)]
    [InlineData("P21/a", 14, 83)]
    [InlineData("C 1 2/c 1", 15, 90)]
    [InlineData("C2/c", 15, 90)]
    [InlineData("I 1 2/a 1", 15, 92)]
    [InlineData("I2/a", 15, 92)]
    [InlineData("A 1 2/m 1", 12, 64)]
    [InlineData("C2/m", 12, 63)]
    [InlineData("B 1 1 2/b", 15, 99)]
    [InlineData("P 1 1 2/m", 10, 58)]
    [InlineData("P 2 2 21", 17, 109)]
    [InlineData("P 21 21 21", 19, 115)]
    [InlineData("P212121", 19, 115)]
    [InlineData("P c c n", 56, 266)]
    [InlineData("Pna21", 33, 164)]
    [InlineData("C m c 21", 36, 176)]
    // old symbols with glides instead of e
    [InlineData("Cmca", 64, 304)]
    [InlineData("C m c e", 64, 304)]
    [InlineData("C 2/m 2/c 21/a", 64, 304)]
    [InlineData("Abm2", 39, 191)]
    [InlineData("Aba2", 41, 203)]
    [InlineData("Cmma", 67, 316)]
    [InlineData("Cmmb", 67, 317)]
    [InlineData("Ccca", 68, 323)]
    [InlineData("Ccca:1", 68, 322)]
    [InlineData("Cccb", 68, 325)]
    // rhombohedral groups: hexagonal axes by default
    [InlineData("R -3 m", 166, 458)]
    [InlineData("R-3m", 166, 458)]
    [InlineData("R -3 m H", 166, 458)]
    [InlineData("R -3 m R", 166, 459)]
    [InlineData("R-3c:R", 167, 461)]
    [InlineData("R-3c:H", 167, 460)]
    [InlineData("R-3cR", 167, 461)]
    [InlineData("R 3 R", 146, 434)]
    [InlineData("R3:H", 146, 433)]
    [InlineData("R 3 m :r", 160, 451)]
    // origin choices: 2 by default, ICSD S = 1, Z = 2
    [InlineData("F d -3 m Z", 227, 526)]
    [InlineData("F d -3 m S", 227, 525)]
    [InlineData("Fd-3m:1", 227, 525)]
    [InlineData("Fd-3m:2", 227, 526)]
    [InlineData("Fd-3m", 227, 526)]
    [InlineData("F d 3 m", 227, 526)]
    [InlineData("Fd3m", 227, 526)]
    [InlineData("Fd3mZ", 227, 526)]
    [InlineData("F 41/d -3 2/m", 227, 526)]
    [InlineData("P 42/n m c Z", 137, 421)]
    [InlineData("P 42/n m c S", 137, 420)]
    [InlineData("P4/nmm", 129, 409)]
    [InlineData("P 4/n m m :1", 129, 408)]
    [InlineData("Pnnn", 48, 229)]
    [InlineData("P n n n :1", 48, 228)]
    [InlineData("P n m m :1", 59, 280)]
    [InlineData("I41/amd", 141, 427)]
    [InlineData("I 41/a m d S", 141, 426)]
    [InlineData("Pn-3n", 222, 519)]
    // old cubic symbols without the bar
    [InlineData("Fm3m", 225, 523)]
    [InlineData("F m 3 m", 225, 523)]
    [InlineData("Pm3m", 221, 517)]
    [InlineData("Ia3d", 230, 530)]
    [InlineData("Pm3", 200, 494)]
    [InlineData("Pa3", 205, 501)]
    [InlineData("Pn3", 201, 496)]
    [InlineData("F 4/m 3 2/m", 225, 523)]
    // hexagonal, tetragonal, overbars
    [InlineData("P 63/m m c", 194, 488)]
    [InlineData("P6_3/mmc", 194, 488)]
    [InlineData("P63mc", 186, 480)]
    [InlineData("P -4 21 m", 113, 390)]
    [InlineData("P-42_1m", 113, 390)]
    [InlineData("P \u22124 21 m", 113, 390)]
    [InlineData("P4(2)/mnm", 136, 419)]
    [InlineData("P 42/m n m", 136, 419)]
    [InlineData("P 4_2/m 2_1/n 2/m", 136, 419)]
    [InlineData("I 4/m m m", 139, 424)]
    [InlineData("P 4/n 21/m 2/m", 129, 409)]
    [InlineData("P 4/n 2_1/m m", 129, 409)]
    [InlineData("P 4/m 21/b 2/m", 127, 406)]
    [InlineData("I -4 2 d", 122, 399)]
    [InlineData("P 3 2 1", 150, 439)]
    [InlineData("P 31 2 1", 152, 441)]
    [InlineData("P3_121", 152, 441)]
    [InlineData("P 31 1 2", 151, 440)]
    [InlineData("P -3 m 1", 164, 456)]
    [InlineData("P-31m", 162, 454)]
    [InlineData("P1", 1, 1)]
    [InlineData("P -1", 2, 2)]
    [InlineData("Pmmn:2", 59, 279)]
    // a suffix that does not apply is ignored
    [InlineData("Pnma:2", 62, 292)]
    [InlineData("P 63/m m c H", 194, 488)]
    public void HermannMauguinLookUps(string symbol, int number, int hallNumber)
    {
        var found = SpaceGroupTable.FindByHermannMauguin(symbol);
        Assert.NotEmpty(found);
        Assert.Equal(number, found[0].Number);
        Assert.Equal(hallNumber, found[0].HallNumber);
        Assert.All(found, s => Assert.Equal(number, s.Number));
    }

    [Theory]
    [InlineData("Fd-3m", new[] { 526, 525 })]
    [InlineData("F d -3 m", new[] { 526, 525 })]
    [InlineData("R-3c", new[] { 460, 461 })]
    [InlineData("R 3", new[] { 433, 434 })]
    [InlineData("Pn-3n", new[] { 519, 518 })]
    [InlineData("P 4/n", new[] { 360, 359 })]
    [InlineData("Ccce", new[] { 323, 325, 322, 324 })]
    [InlineData("P 2", new[] { 3, 4, 5 })]
    [InlineData("P 21/c", new[] { 81, 89 })]
    [InlineData("Fd-3m:1", new[] { 525 })]
    [InlineData("R-3c R", new[] { 461 })]
    [InlineData("Fm-3m", new[] { 523 })]
    public void PreferenceOrder(string symbol, int[] hallNumbers) =>
        Assert.Equal(hallNumbers, SpaceGroupTable.FindByHermannMauguin(symbol).Select(s => s.HallNumber));

    [Theory]
    [InlineData("P 7")]
    [InlineData("Xyz")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("P 21/q")]
    [InlineData("Pnma:b9")]
    public void UnknownSymbolsGiveNothing(string symbol) => Assert.Empty(SpaceGroupTable.FindByHermannMauguin(symbol));

    [Fact]
    public void EverySettingsOwnSymbolsFindIt()
    {
        foreach (var s in SpaceGroupTable.All)
        {
            Assert.Contains(s, SpaceGroupTable.FindByHermannMauguin(s.HermannMauguinSetting));
            Assert.Contains(s, SpaceGroupTable.FindByHermannMauguin(s.HermannMauguinFull));
            var fromShort = SpaceGroupTable.FindByHermannMauguin(s.HermannMauguinShort);
            Assert.NotEmpty(fromShort);
            Assert.All(fromShort, x => Assert.Equal(s.Number, x.Number));
            if (s.OriginChoice is { } o)
                Assert.Contains(s, SpaceGroupTable.FindByHermannMauguin($"{s.HermannMauguinSetting}:{o}"));
            if (s.Choice is "H" or "R")
                Assert.Equal(s, Assert.Single(SpaceGroupTable.FindByHermannMauguin($"{s.HermannMauguinSetting}:{s.Choice}")));
        }
    }

    [Fact]
    public void NoSymbolMeansTwoDifferentGroups()
    {
        foreach (var s in SpaceGroupTable.All)
            foreach (var symbol in new[] { s.HermannMauguinSetting, s.HermannMauguinFull, s.HermannMauguinShort })
                Assert.All(SpaceGroupTable.FindByHermannMauguin(symbol), x => Assert.Equal(s.Number, x.Number));
    }

    [Theory]
    [InlineData("-P 2ybc", 81)]
    [InlineData("-P2ybc", 81)]
    [InlineData(" -p  2YBC ", 81)]
    [InlineData("P 61 2 (0 0 -1)", 472)]
    [InlineData("P 61 2(0 0 -1)", 472)]
    [InlineData("-R 3 2\"c", 460)]
    [InlineData("-F 4 2 3", 523)]
    [InlineData("F 4d 2 3 -1d", 525)]
    [InlineData("F 4d 2 3-1d", 525)]
    [InlineData("-P 4a 2bc", 405)]
    [InlineData("P 3*", 434)]
    [InlineData("C 2 2 -1bc", 322)]
    [InlineData("-P 4a 2xbc", 405)]
    [InlineData("-F 4z 2x 3*", 523)]
    public void HallLookUps(string hall, int hallNumber) =>
        Assert.Equal(hallNumber, SpaceGroupTable.FindByHall(hall)?.HallNumber);

    [Theory]
    [InlineData("P 2 2 (0 0 3)")]
    [InlineData("-P 2ybn")]
    [InlineData("Q 1")]
    [InlineData("")]
    public void HallLookUpsNotInTable(string hall) => Assert.Null(SpaceGroupTable.FindByHall(hall));

    [Fact]
    public void EveryTableHallSymbolIsFound()
    {
        foreach (var s in SpaceGroupTable.All)
        {
            var found = SpaceGroupTable.FindByHall(s.Hall);
            Assert.NotNull(found);
            Assert.Equal(s.Hall, found.Hall);
        }
    }

    [Fact]
    public void FindByOperatorsIdentifiesTheSetting()
    {
        var pnma = SpaceGroupTable.DefaultForNumber(62);
        Assert.Equal(pnma, SpaceGroupTable.FindByOperators(pnma.Operators.Reverse()));
        var fd3m1 = SpaceGroupTable.FindByHermannMauguin("Fd-3m:1")[0];
        Assert.Equal(525, SpaceGroupTable.FindByOperators(fd3m1.Operators)!.HallNumber);
        Assert.Null(SpaceGroupTable.FindByOperators([SymOp.Identity, SymOp.Parse("-x,-y,-z+1/3")]));
    }

    [Fact]
    public void SettingHelpersAndEquality()
    {
        var r = SpaceGroupTable.FindByHermannMauguin("R-3c:R")[0];
        Assert.True(r.IsRhombohedralAxes);
        Assert.False(r.IsHexagonalAxes);
        Assert.Equal('P', r.Centring);
        var h = SpaceGroupTable.DefaultForNumber(167);
        Assert.True(h.IsHexagonalAxes);
        Assert.False(h.IsRhombohedralAxes);
        Assert.Equal('R', h.Centring);
        Assert.True(SpaceGroupTable.DefaultForNumber(194).IsHexagonalAxes);
        Assert.False(SpaceGroupTable.DefaultForNumber(225).IsHexagonalAxes);
        Assert.Null(SpaceGroupTable.DefaultForNumber(62).OriginChoice);
        Assert.Equal(2, SpaceGroupTable.DefaultForNumber(227).OriginChoice);

        var p21c = SpaceGroupTable.DefaultForNumber(14);
        var copy = p21c with { };
        _ = p21c.Operators;
        Assert.Equal(p21c, copy);
        Assert.Equal(p21c.GetHashCode(), copy.GetHashCode());
        var other = p21c with { Hall = "-P 2yn" };
        Assert.NotEqual(p21c, other);
        Assert.False(new HashSet<SymOp>(p21c.Operators).SetEquals(other.Operators));
        Assert.Contains("No. 14", p21c.ToString());
        Assert.Contains(":2", SpaceGroupTable.DefaultForNumber(227).ToString());
    }
}
