using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Groups;
using GpuBv.Tests.Screening;
using Xunit;

namespace GpuBv.Tests.Groups;

/// <summary>
/// Issue 13: E_rot's local grids of all groups of a structure are evaluated in one
/// <see cref="IComputeProvider.EvaluateMany"/> call (E_rot refines nothing adaptively: one round), with every group's
/// E_rot equal to its grid evaluated alone; a memory budget that holds fewer grids splits the call, same numbers.
/// </summary>
public sealed class LocalGridBatchTests
{
    // A given local cutoff (the maps' 8 Å): no cutoff test, so the calls counted are the final grids' only.
    private static readonly RotationOptions Coarse = new(Spacing: 0.1, Cutoff: 8);

    private static CouplingOptions Options(MemoryBudget? memory = null)
        => new(MobileIon.Parse("Li+"), MobileIon.Parse("O2-"), Resolution: 0.4, Cutoff: 8, Rotation: Coarse) { Memory = memory };

    /// <summary>Each group's E_rot from its local grid evaluated alone (one Evaluate per grid, as before issue 13).</summary>
    private static List<double> OneGridAtATime(CouplingResult r, GpuBv.Crystal.Structure s)
    {
        double margin = r.Groups.Max(g => g.Group.LongestBond) + Coarse.ShellTolerance + 1.0;
        var framework = BvseFramework.Build(s, r.Anion!, 8, null, margin);
        var cpu = new CpuBvseEvaluator(1);
        return r.Groups.Select(g => RotationBarrier.Local(g.Group, framework, t => cpu.Evaluate(t), Coarse).ERot).ToList();
    }

    [Fact]
    public void AllLocalGridsOfAStructureAreEvaluatedInOneCall()
    {
        var s = GroupTestKit.Load(TestData.Paper("Li3PO4_beta_mp-13725.cif"));
        using var cpu = FallbackComputeProvider.Cpu(1);
        var probe = new BatchProbe(cpu);
        var r = CouplingCalculator.Run(s, Options(), probe, cancel: TestContext.Current.CancellationToken);

        Assert.True(r.Groups.Count >= 2, $"{r.Groups.Count} group(s): the test needs several");
        Assert.Equal([r.Groups.Count], probe.Many);
        // The cation's and the anion's periodic maps, each through the batch seam (one grid a call); nothing evaluated alone.
        Assert.Equal([1, 1], probe.Batches);
        Assert.Equal(0, probe.Evaluates);
        Assert.Equal(OneGridAtATime(r, s), r.Groups.Select(g => g.ERot).ToList());
        Assert.Equal(r.Groups.Min(g => g.ERot), r.ERot);
    }

    [Fact]
    public void ABudgetForOneLocalGridSplitsTheCallAndChangesNoNumber()
    {
        var s = GroupTestKit.Load(TestData.Paper("Li3PO4_beta_mp-13725.cif"));
        using var cpu = FallbackComputeProvider.Cpu(1);
        var whole = CouplingCalculator.Run(s, Options(), cpu, cancel: TestContext.Current.CancellationToken);
        double outer = whole.Groups.Max(g => g.Group.LongestBond) + Coarse.ShellTolerance;
        double n = RotationBarrier.LocalAxisPoints(outer, Coarse.Spacing);
        var oneGrid = new MemoryBudget((long)(1.5 * n * n * n * RotationBarrier.LocalBytesPerPoint));
        var probe = new BatchProbe(cpu);
        var split = CouplingCalculator.Run(s, Options(oneGrid), probe, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Repeat(1, whole.Groups.Count), probe.Many);
        Assert.Equal(whole.Groups.Select(g => g.ERot), split.Groups.Select(g => g.ERot));
        Assert.Equal(whole.ERot, split.ERot);
        Assert.Equal(whole.Mode, split.Mode);
    }

    /// <summary>
    /// With the local cutoff chosen by its convergence test, every call (the test's coarse grids at each tried cutoff,
    /// then the final grids) still holds all groups of the structure.
    /// </summary>
    [Fact]
    public void TheLocalCutoffTestEvaluatesAllGroupsTogetherToo()
    {
        var s = GroupTestKit.Load(TestData.Paper("Li3PO4_beta_mp-13725.cif"));
        using var cpu = FallbackComputeProvider.Cpu(1);
        var probe = new BatchProbe(cpu);
        var o = Options() with { Rotation = Coarse with { Cutoff = null } };
        var r = CouplingCalculator.Run(s, o, probe, cancel: TestContext.Current.CancellationToken);
        var test = Assert.IsType<LocalCutoffChoice>(r.LocalCutoffTest);
        Assert.Equal(test.Tried.Count + 2, probe.Many.Count); // the full cutoff's coarse grids, each tried cutoff, the final
        Assert.All(probe.Many, n => Assert.Equal(r.Groups.Count, n));
        Assert.Equal(test.Cutoff, r.LocalCutoff);
    }

    /// <summary>
    /// The local grids want only the shell's points: those are evaluated exactly as without the mask (bit for bit), every
    /// other point reads MaxValue, and <see cref="TiledFramework.ClearUnwanted"/> turns a whole-tile evaluation (what the
    /// GPU kernels do) into the same array.
    /// </summary>
    [Fact]
    public void OnlyTheShellsPointsAreEvaluated()
    {
        var s = GroupTestKit.Load(TestData.Paper("Li3PO4_beta_mp-13725.cif"));
        var g = GroupTestKit.Groups(s, "Li", "O")[0];
        var framework = BvseFramework.Build(s, MobileIon.Parse("O2-"), 8, null, g.LongestBond + Coarse.ShellTolerance + 1.0);
        var masked = RotationBarrier.PrepareLocal(g, framework, Coarse);
        Assert.NotNull(masked.Tiles.PointMask);
        // The same tiles without the point mask: what a GPU kernel evaluates.
        var whole = TiledFramework.Build(framework, masked.Grid, Coarse.Spacing, (c, r) =>
        {
            double d = (c - g.CenterCartesian).Length;
            return d + r >= masked.Inner && d - r <= masked.Outer;
        }, RotationBarrier.LocalTileEdge, singlePrecision: true);
        Assert.Equal(masked.Tiles.ActiveTiles, whole.ActiveTiles);
        var cpu = new CpuBvseEvaluator(1);
        var a = cpu.Evaluate(masked.Tiles, TestContext.Current.CancellationToken);
        var b = cpu.Evaluate(whole, TestContext.Current.CancellationToken);
        Assert.True(masked.Tiles.PairEvaluations < whole.PairEvaluations);
        var grid = masked.Grid;
        int shell = 0;
        for (int n = 0; n < grid.Count; n++)
        {
            double d = (grid.Point(n / (grid.N2 * grid.N3), n / grid.N3 % grid.N2, n % grid.N3) - g.CenterCartesian).Length;
            bool inShell = d >= masked.Inner && d <= masked.Outer;
            shell += inShell ? 1 : 0;
            Assert.Equal(inShell ? b[n] : float.MaxValue, a[n]);
        }
        Assert.True(shell > 1000);
        var cleared = (float[])b.Clone();
        masked.Tiles.ClearUnwanted(cleared);
        Assert.Equal(a, cleared);
        Assert.Equal(RotationBarrier.FinishLocal(masked, a).ERot, RotationBarrier.FinishLocal(masked, b).ERot);
    }

    [Fact]
    public void SmallLocalTilesEvaluateFewerPointsAndGiveTheSameEnergies()
    {
        var s = GroupTestKit.Load(TestData.Paper("Li3PO4_beta_mp-13725.cif"));
        using var cpu = FallbackComputeProvider.Cpu(1);
        var r = CouplingCalculator.Run(s, Options(), cpu, cancel: TestContext.Current.CancellationToken);
        double margin = r.Groups.Max(g => g.Group.LongestBond) + Coarse.ShellTolerance + 1.0;
        var framework = BvseFramework.Build(s, r.Anion!, 8, null, margin);
        var evaluator = new CpuBvseEvaluator(1);
        foreach (var g in r.Groups)
        {
            var wide = RotationBarrier.PrepareLocal(g.Group, framework, Coarse, tileEdge: 16);
            var tight = RotationBarrier.PrepareLocal(g.Group, framework, Coarse, tileEdge: RotationBarrier.LocalTileEdge);
            Assert.True(tight.Tiles.PairEvaluations < wide.Tiles.PairEvaluations);
            var a = evaluator.Evaluate(wide.Tiles, TestContext.Current.CancellationToken);
            var b = evaluator.Evaluate(tight.Tiles, TestContext.Current.CancellationToken);
            var shell = RotationBarrier.FinishLocal(tight, b);
            Assert.Equal(RotationBarrier.FinishLocal(wide, a).ERot, shell.ERot);
            // Every shell point has the same energy, bit for bit, whatever the tiles: each point sums its list in order, and
            // the ions a wider tile adds lie beyond the cutoff and add nothing.
            var grid = tight.Grid;
            for (int n = 0; n < grid.Count; n++)
            {
                double d = (grid.Point(n / (grid.N2 * grid.N3), n / grid.N3 % grid.N2, n % grid.N3) - g.Group.CenterCartesian).Length;
                if (d >= tight.Inner && d <= tight.Outer)
                {
                    Assert.Equal(a[n], b[n]);
                }
            }
        }
    }
}
