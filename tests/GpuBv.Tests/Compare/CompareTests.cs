using GpuBv.Bvse;
using GpuBv.Compare;
using GpuBv.Crystal;
using GpuBv.IO.Trajectories;
using GpuBv.Tests.Bvse;
using Xunit;

using static GpuBv.Tests.Compare.CompareTestKit;

namespace GpuBv.Tests.Compare;

/// <summary>
/// <see cref="StaticDynamicComparison"/> and its parts on synthetic trajectories: the registration of a rotated 2×2×2 supercell
/// with an origin shift, a wrong cell, ions at the map's minimum or in forbidden regions, and a 1D-hopping run.
/// </summary>
public sealed class CompareTests
{
    private static readonly MobileIon Li = new("Li", 1);

    /// <summary>A rotation of the Cartesian frame (the trajectory's cell need not be oriented as the structure's).</summary>
    private static Vec3 Rotate(Vec3 v)
    {
        double c = Math.Cos(0.5), s = Math.Sin(0.5), c2 = Math.Cos(0.2), s2 = Math.Sin(0.2);
        var r = new Vec3(c * v.X - s * v.Y, s * v.X + c * v.Y, v.Z);
        return new Vec3(r.X, c2 * r.Y - s2 * r.Z, s2 * r.Y + c2 * r.Z);
    }

    /// <summary>
    /// A 2×2×2 supercell trajectory of <paramref name="s"/> whose atoms sit at f_T with f_T·M + shift = the site (+ jitter).
    /// </summary>
    private static string Supercell(Structure s, Vec3 shift, double scale = 1.0, double jitter = 0.03, int frames = 2)
    {
        var (els, pos) = Atoms(s);
        var elements = new List<string>();
        var order = new List<(string El, Vec3 F)>();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                for (int k = 0; k < 2; k++)
                    for (int a = 0; a < els.Count; a++)
                        order.Add((els[a], (pos[a] + new Vec3(i, j, k) - shift) * 0.5));
        order = order.OrderBy(x => x.El, StringComparer.Ordinal).ToList();
        elements.AddRange(order.Select(x => x.El));
        var lat = s.Lattice;
        var a2 = Rotate(lat.A * (2 * scale));
        var b2 = Rotate(lat.B * (2 * scale));
        var c2 = Rotate(lat.C * (2 * scale));
        var sup = Lattice.FromVectors(a2, b2, c2);
        var list = new List<IReadOnlyList<Vec3>>();
        for (int f = 0; f < frames; f++)
            list.Add(order.Select((x, k) => x.F + sup.ToFractional(Jitter(k + 31 * f, jitter))).ToList());
        return WriteXdatcar("XDATCAR", a2, b2, c2, elements, list);
    }

    [Fact]
    public void ASupercellWithAnOriginShiftRegistersWithMAndTheShiftRecovered()
    {
        var s = BvseTestKit.Load(TestData.Structure("LiFePO4.cif"));
        var shift = new Vec3(0.137, 0.271, 0.409);
        using var reader = TrajectoryFile.Open(Supercell(s, shift));
        Assert.True(reader.TryRead(out var first));
        var reg = CellRegistrar.Register(s, reader.Header, first, "Li");
        Assert.Equal([2, 0, 0, 0, 2, 0, 0, 0, 2], reg.Matrix);
        Assert.Equal(8, reg.Determinant);
        var d = s.Lattice.MinimumImageVector(reg.OriginShift - shift);
        Assert.True(d.Length < 0.03, $"shift {reg.OriginShift} vs {shift}: off by {d.Length:0.###} Å");
        Assert.True(reg.RmsDistance < 0.1, $"RMS {reg.RmsDistance}");
        Assert.Equal(224 - 32, reg.FrameworkAtoms);
        Assert.False(reg.BuiltFromRun);
        // Every framework atom lands on a same-element site.
        var fe = s.Sites.Where(x => x.Species[0].Element == "Fe").Select(x => x.Fractional).ToList();
        int feAtom = reader.Header.IndicesOf("Fe")[3];
        var mapped = reg.ToStructure(first.Position(feAtom));
        Assert.True(fe.Min(f => s.Lattice.MinimumImageDistance(f, mapped)) < 0.1);
    }

    [Fact]
    public void AWrongCellIsAOneLineErrorWithBothCellsTheBestMAndTheTolerance()
    {
        var s = BvseTestKit.Load(TestData.Structure("LiFePO4.cif"));
        using var reader = TrajectoryFile.Open(Supercell(s, Vec3.Zero, scale: 1.06));
        Assert.True(reader.TryRead(out var first));
        var e = Assert.Throws<InputException>(() => CellRegistrar.Register(s, reader.Header, first, "Li"));
        string m = e.Message;
        Assert.DoesNotContain('\n', m);
        Assert.Contains("no integer multiple", m);
        Assert.Contains("a=10.451 b=6.087 c=4.752", m); // the structure's cell
        Assert.True(m.Contains("a=22.155", StringComparison.Ordinal), m); // the trajectory cell
        Assert.True(m.Contains("M = [[2,0,0],[0,2,0],[0,0,2]]", StringComparison.Ordinal), m);
        Assert.Contains("2 % in lengths, 1° in angles", m);
    }

    [Fact]
    public void CompositionsThatDoNotScaleAreAnError()
    {
        var s = BvseTestKit.Load(TestData.Structure("LiFePO4.cif"));
        var lat = s.Lattice;
        var (els, pos) = Atoms(s);
        // One Fe too few.
        int drop = els.IndexOf("Fe");
        els.RemoveAt(drop);
        pos.RemoveAt(drop);
        var path = WriteXdatcar("XDATCAR", lat.A, lat.B, lat.C, els, [pos]);
        using var reader = TrajectoryFile.Open(path);
        Assert.True(reader.TryRead(out var first));
        var e = Assert.Throws<InputException>(() => CellRegistrar.Register(s, reader.Header, first, "Li"));
        Assert.Contains("compositions do not scale", e.Message);
    }

    /// <summary>Li2O's oxygens, and eight Li placed by <paramref name="li"/> (atom k, frame f → fractional position).</summary>
    private static string Li2OTrajectory(Structure s, int frames, Func<int, int, Vec3> li)
    {
        var o = s.Sites.Where(x => x.Species[0].Element == "O").Select(x => x.Fractional).ToList();
        var lat = s.Lattice;
        var list = new List<IReadOnlyList<Vec3>>();
        for (int f = 0; f < frames; f++)
            list.Add(Enumerable.Range(0, 8).Select(k => li(k, f)).Concat(o).ToList());
        return WriteXdatcar("XDATCAR", lat.A, lat.B, lat.C, [.. Enumerable.Repeat("Li", 8), .. Enumerable.Repeat("O", o.Count)], list);
    }

    [Fact]
    public void IonsAtTheMapsMinimumGiveFractionOneAtALowLevel()
    {
        var s = BvseTestKit.Load(TestData.Structure("Li2O.cif"));
        var map = Map(s, Li, 0.2);
        int min = Array.IndexOf(map.Energies, map.Energies.Min());
        var at = map.Grid.Fractional(min);
        var path = Li2OTrajectory(s, 5, (k, f) => at + s.Lattice.ToFractional(Jitter(k + 8 * f, 0.02)));
        var r = RunCompare(s, path, new ComparisonOptions(Li) { Temperature = 300 });
        Assert.Equal(40, r.Paths.Samples);
        Assert.True(r.Paths.Levels.First(l => l.Level >= 0.05).Fraction > 0.99);
        Assert.True(r.Paths.Enclosing.All(e => e.Level <= 0.05), string.Join(", ", r.Paths.Enclosing));
        Assert.Equal([1, 0, 0, 0, 1, 0, 0, 0, 1], r.Registration.Matrix);
        Assert.True(r.Paths.Overlap!.Bhattacharyya is > 0 and <= 1);
        Assert.Null(r.Coupling); // Li2O has no polyanion groups
        Assert.NotNull(r.CouplingReason);
        Assert.Null(r.Hops);
        Assert.NotNull(r.HopsReason);
        Assert.Equal(0, r.Dimensionality.PathRank);
    }

    [Fact]
    public void IonsInForbiddenRegionsGiveFractionZero()
    {
        var s = BvseTestKit.Load(TestData.Structure("Li2O.cif"));
        var o = s.Sites.Where(x => x.Species[0].Element == "O").Select(x => x.Fractional).ToList();
        // 0.6 Å from an oxygen: far above any barrier.
        var off = s.Lattice.ToFractional(new Vec3(0.6, 0, 0));
        var path = Li2OTrajectory(s, 4, (k, f) => o[k % o.Count] + off + s.Lattice.ToFractional(Jitter(k + 8 * f, 0.02)));
        var r = RunCompare(s, path, new ComparisonOptions(Li));
        var top = r.Paths.Levels[^1];
        Assert.True(top.Level >= r.CationMap.Percolation.E3D!.Value + 0.5 - 1e-9);
        Assert.True(top.Fraction < 0.01, $"fraction {top.Fraction} at {top.Level} eV");
        Assert.Contains(r.Paths.Levels, l => l.Label == "E_3D");
    }

    [Fact]
    public void A1DHoppingRunHasDynamicDimensionalityOne()
    {
        var s = BvseTestKit.Load(TestData.Structure("Li2O.cif"));
        var li = s.Sites.Where(x => x.Species[0].Element == "Li").Select(x => x.Fractional).ToList();
        // Ion 0 walks along a by 0.1 of the cell a frame (2.5 cells in 26 frames), ion 1 along a backwards; the rest stay.
        var path = Li2OTrajectory(s, 26, (k, f) => li[k] + new Vec3(k == 0 ? 0.1 * f : k == 1 ? -0.05 * f : 0, 0, 0));
        var r = RunCompare(s, path, new ComparisonOptions(Li) { Sigma = 0.3 });
        Assert.Equal(1, r.Dimensionality.PathRank);
        Assert.Equal(1, r.Dimensionality.NetRank);
        Assert.Equal(2, r.Dimensionality.CrossingIons);
        Assert.Contains(r.Dimensionality.Translations, t => t.SequenceEqual(new[] { 2, 0, 0 }));
        Assert.Equal(2.5, r.Dimensionality.MaxDisplacement[0], 6);
        Assert.Equal(0.3, r.Paths.Sigma);
        Assert.Equal(1.0, r.Paths.Probability.Sum(), 9);
    }

    [Fact]
    public void IntegerRankIsExact()
    {
        Assert.Equal(0, IntegerRank.Of([]));
        Assert.Equal(1, IntegerRank.Of([(1, 0, 0), (2, 0, 0), (-3, 0, 0)]));
        Assert.Equal(1, IntegerRank.Of([(1, 1, 0), (2, 2, 0)]));
        Assert.Equal(2, IntegerRank.Of([(1, 0, 0), (1, 1, 0), (2, 1, 0)]));
        Assert.Equal(3, IntegerRank.Of([(1, 0, 0), (0, 1, 0), (1, 1, 1)]));
    }

    [Fact]
    public void TheRegionDimensionFollowsAChannel()
    {
        var g = new BvseGrid(8, 8, 8);
        var p = new double[g.Count];
        for (int i = 0; i < 8; i++)
            p[g.Index(i, 3, 3)] = 1; // a line along a: wraps in one dimension
        Assert.Equal(1, CationPathComparison.RegionDimension(p, g, 0.95));
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
                p[g.Index(i, j, 5)] = 1; // and a plane
        Assert.Equal(2, CationPathComparison.RegionDimension(p, g, 0.95));
        var dot = new double[g.Count];
        dot[g.Index(1, 1, 1)] = 1;
        Assert.Equal(0, CationPathComparison.RegionDimension(dot, g, 0.95));
    }

    [Fact]
    public void AStructureBuiltFromTheRunAveragesTheFrameworkAndKeepsFrameZerosCations()
    {
        var s = BvseTestKit.Load(TestData.Structure("Li2O.cif"));
        var li = s.Sites.Where(x => x.Species[0].Element == "Li").Select(x => x.Fractional).ToList();
        var path = Li2OTrajectory(s, 3, (k, f) => li[k] + new Vec3(0.01 * f, 0, 0));
        using var reader = TrajectoryFile.Open(path);
        var built = StructureFromRun.Build(reader, "Li", out int frames);
        Assert.Equal(3, frames);
        Assert.Equal(StructureFromRun.Title, built.Title);
        Assert.Equal(12, built.Sites.Length);
        Assert.Equal(li[0].Wrap(), built.Sites[0].Fractional); // Li from frame 0
        var o = s.Sites.Where(x => x.Species[0].Element == "O").Select(x => x.Fractional).ToList();
        Assert.True(built.Sites.Where(x => x.Species[0].Element == "O")
            .All(x => o.Min(f => s.Lattice.MinimumImageDistance(f, x.Fractional)) < 1e-6));
    }
}
