using GpuBv.Groups;
using GpuBv.Screening;
using Xunit;

namespace GpuBv.Tests.Screening;

/// <summary>The data behind <c>gpubv plot</c>: Figure 1(a) points and the barrier distribution from screen rows.</summary>
public sealed class ScreenFigureDataTests
{
    private static ScreenRow Row(string name, ScreenStatus status = ScreenStatus.Ok, double? e1 = null, double? e3 = null,
        double? eRot = null) => new()
        {
            File = name,
            Status = status,
            Formula = name.ToUpperInvariant(),
            E1D = e1,
            E2D = e3,
            E3D = e3,
            ERot = eRot,
        };

    [Fact]
    public void PointsAreClassifiedUnderTheFiguresThresholdAndCountedWhenNotDrawn()
    {
        ScreenRow[] rows =
        [
            Row("a", e1: 0.2, e3: 0.9, eRot: 0.3),   // ratio 3
            Row("b", e1: 0.2, e3: 0.5, eRot: 0.3),   // ratio 1.67
            Row("c", e1: 0.2, e3: null, eRot: 0.3),  // E_mig above encut
            Row("d", e1: 0.2, e3: 0.4),              // no groups
            Row("e", ScreenStatus.Error),
        ];
        var two = CouplingScatter.From(rows, "t.csv");
        Assert.Equal(3, two.Points.Count);
        Assert.Equal(1, two.NoGroups);
        Assert.Equal(1, two.NotOk);
        Assert.Equal(1, two.AboveEncut);
        Assert.Equal([CouplingMode.Rotate, CouplingMode.Vibrate, CouplingMode.Rotate], two.Points.Select(p => p.Mode));
        // A threshold of 1.5 puts b on the rotate side; E_mig as E_1D puts a and b below the line.
        Assert.Equal(CouplingMode.Rotate, CouplingScatter.From(rows, "t.csv", threshold: 1.5).Points[1].Mode);
        var oneD = CouplingScatter.From(rows, "t.csv", dimension: 1);
        Assert.All(oneD.Points, p => Assert.Equal(CouplingMode.Vibrate, p.Mode));
        Assert.Equal(0, oneD.AboveEncut);
        // Most extreme first: above encut, then the farthest from the line in log ratio (a: |log 1.5| > b: |log 0.83|).
        Assert.Equal(["c", "a", "b"], two.MostExtreme(3).Select(p => p.Name));
        Assert.Equal(["c"], two.MostExtreme(1).Select(p => p.Name));
    }

    [Fact]
    public void NothingToDrawOrBadSettingsAreOneLineErrors()
    {
        var e = Assert.Throws<InputException>(() => CouplingScatter.From([Row("d", e3: 0.4), Row("e", ScreenStatus.Skipped)], "t.csv"));
        Assert.Equal("t.csv: no ok row with an E_rot (1 ok row(s) without groups, 1 not ok): nothing to draw", e.Message);
        Assert.Throws<InputException>(() => CouplingScatter.From([Row("a", e3: 1, eRot: 1)], "t.csv", threshold: 0));
        Assert.Throws<InputException>(() => CouplingScatter.From([Row("a", e3: 1, eRot: 1)], "t.csv", dimension: 4));
        Assert.Throws<InputException>(() => BarrierDistribution.From([Row("e", ScreenStatus.Error)], "t.csv"));
        Assert.Throws<InputException>(() => BarrierDistribution.From([Row("a", e1: 1)], "t.csv", [0.5, -1]));
    }

    [Fact]
    public void TheDistributionCountsBelowEachLevelAndAboveEncut()
    {
        ScreenRow[] rows =
        [
            Row("a", e1: 0.1, e3: 0.3), Row("b", e1: 0.5, e3: null), Row("c", e1: 0.7, e3: 1.2), Row("x", ScreenStatus.Error),
        ];
        var d = BarrierDistribution.From(rows, "t.csv", [1.0, 0.3]);
        Assert.Equal([0.3, 1.0], d.Levels);
        Assert.Equal([0.1, 0.5, 0.7], d.Values[0]);
        Assert.Equal([1, 3], d.Below[0]);
        Assert.Equal([1, 1], d.Below[2]);
        Assert.Equal([0, 1, 1], d.AboveEncut);
        Assert.Equal(1, d.NotOk);
    }
}
