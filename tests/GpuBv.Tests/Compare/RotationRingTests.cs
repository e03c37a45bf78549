using GpuBv.Bvse;
using GpuBv.Compare;
using GpuBv.Crystal;
using GpuBv.Groups;
using GpuBv.IO.Trajectories;
using GpuBv.Tests.Trajectory;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Compare;

/// <summary>
/// Ring and flip fractions (<see cref="RotationRings"/>) on synthetic PS4 groups whose answers follow from the geometry
/// of a regular tetrahedron, on an analytic radial shell map, and a smoke run on the shipped Na3PS4 trajectory.
/// </summary>
public sealed class RotationRingTests
{
    internal const double Bond = 2.08;
    internal static readonly string[] Elements = ["P", "S", "S", "S", "S"];
    internal static readonly TrajectoryGroup Group = new(0, 0, "P", [1, 2, 3, 4], ["S", "S", "S", "S"]);

    /// <summary>Regular tetrahedron bond vectors along (1,1,1)-type directions: z is an S4 axis.</summary>
    internal static Vec3[] Tetrahedron()
    {
        double s = Bond / Math.Sqrt(3);
        return [new(s, s, s), new(s, -s, -s), new(-s, s, -s), new(-s, -s, s)];
    }

    /// <summary><paramref name="v"/> rotated by <paramref name="angle"/> (rad) about z.</summary>
    internal static Vec3 RotateZ(Vec3 v, double angle)
        => new(v.X * Math.Cos(angle) - v.Y * Math.Sin(angle), v.X * Math.Sin(angle) + v.Y * Math.Cos(angle), v.Z);

    /// <summary>
    /// Frames of one PS4 group in a 12 Å cube, its centre next to a corner (the bonds cross the cell's faces), rigidly
    /// rotated about z by each angle of <paramref name="angles"/> (rad).
    /// </summary>
    internal static FrameListReader Rotating(IReadOnlyList<double> angles, Vec3? centre = null)
    {
        var lat = Lattice.FromParameters(12, 12, 12, 90, 90, 90);
        var c = centre ?? new Vec3(0.3, 11.9, 6.0);
        var frames = angles.Select((a, t) =>
            TestFrames.FromCartesian(t, lat, [c, .. Tetrahedron().Select(b => c + RotateZ(b, a))])).ToList();
        return TestFrames.Reader(Elements, frames);
    }

    /// <summary>
    /// An analytic shell map centred on <paramref name="centre"/>: E = 2 eV/Å² · (r − Bond)², the shell |r − Bond| ≤ 0.3 Å,
    /// on a 0.05 Å cube; with E_rot 0.02 eV the level set is the spherical layer |r − Bond| ≤ 0.1 Å.
    /// </summary>
    internal static RotationRingShell RadialShell(Vec3 centre, double eRot = 0.02)
    {
        const double h = 0.05;
        var grid = AffineGrid.Cube(centre, Bond + 0.3 + h, h);
        var energies = new float[grid.Count];
        var inShell = new bool[grid.Count];
        for (int i = 0; i < grid.N1; i++)
            for (int j = 0; j < grid.N2; j++)
                for (int k = 0; k < grid.N3; k++)
                {
                    double r = (grid.Point(i, j, k) - centre).Length;
                    int n = grid.Index(i, j, k);
                    energies[n] = (float)(2 * (r - Bond) * (r - Bond));
                    inShell[n] = Math.Abs(r - Bond) <= 0.3;
                }
        return new RotationRingShell(centre, Tetrahedron(), new ShellMap(grid, energies, inShell), eRot);
    }

    private static double Deg(double d) => d * Math.PI / 180;

    [Fact]
    public void RigidRotationPutsDensityOnTheRingAndFlipsOnlyPastHalfTheSiteAngle()
    {
        // About the S4 axis z: by 0°, 3°, 177°, 180° every S lies within 0.09 Å of a site (180° maps the tetrahedron onto
        // itself); by 45°, 90°, 135° every S is ≥ 1.2 Å from every site. The nearest first-frame bond is 36.4° away at 45°
        // and 135° (cos = (√2 + 1)/3) and 70.5° away at 90° (cos = 1/3): only 90° passes half the site angle,
        // arccos(−1/3)/2 = 54.74°.
        double[] angles = [0, Deg(3), Deg(45), Deg(90), Deg(135), Deg(177), Deg(180)];
        using var reader = Rotating(angles);
        var shell = RadialShell(new Vec3(3, 4, 5));
        var r = RotationRings.Analyze(reader, [new RotationRingGroup(Group, shell)]);
        var g = Assert.Single(r.Groups);
        Assert.Equal(7, r.Frames);
        Assert.Equal(28, g.Samples);
        Assert.Equal(0, g.OutsideGrid);
        Assert.Equal(28, g.ShellSamples);
        Assert.Equal(28, g.LevelSamples);
        Assert.Equal(12, g.RingSamples);
        Assert.Equal(3.0 / 7, g.RingFraction!.Value, 12);
        Assert.Equal(3.0 / 7, r.RingFraction!.Value, 12);
        Assert.Equal(Math.Acos(-1.0 / 3) / 2 * 180 / Math.PI, g.FlipThresholdDeg, 9);
        Assert.Equal(28, g.BondFrames);
        Assert.Equal(4, g.FlippedBondFrames);
        Assert.Equal(1.0 / 7, r.FlipFraction, 12);
        Assert.Equal(0.02, g.ERot);
        Assert.Null(g.RingNote);
        // Nearest-site distances: 0 at 0° and 180°, 2ρ sin 1.5° at 3° and 177° (ρ = Bond √(2/3), the distance from z),
        // Bond/√3 · √(4 − 2√2) at 45° and 135°, 2 Bond/√3 at 90°.
        double d3 = 2 * Bond * Math.Sqrt(2.0 / 3) * Math.Sin(Deg(1.5)), d45 = Bond / Math.Sqrt(3) * Math.Sqrt(4 - 2 * Math.Sqrt(2));
        double d90 = 2 * Bond / Math.Sqrt(3);
        Assert.Equal(Math.Sqrt((2 * d3 * d3 + 2 * d45 * d45 + d90 * d90) / 7), g.RmsSiteDistance!.Value, 9);
    }

    [Fact]
    public void TheLevelBoundsTheRing()
    {
        // The same rotation on a shell whose minimum lies 0.25 Å outside the bonds: the samples' nearest grid points
        // (within 0.043 Å of r = Bond) lie ≥ 0.085 eV above E_shell,min, above an E_rot of 0.05 eV, so none is in the level
        // set and none on the ring.
        double[] angles = [0, Deg(45), Deg(90)];
        using var reader = Rotating(angles);
        var shell = RadialShell(new Vec3(3, 4, 5), 0.05);
        var e = shell.Map.Energies;
        var grid = shell.Map.Grid;
        for (int i = 0; i < grid.N1; i++)
            for (int j = 0; j < grid.N2; j++)
                for (int k = 0; k < grid.N3; k++)
                {
                    double x = (grid.Point(i, j, k) - shell.Center).Length - (Bond + 0.25);
                    e[grid.Index(i, j, k)] = (float)(2 * x * x);
                }
        var g = Assert.Single(RotationRings.Analyze(reader, [new RotationRingGroup(Group, shell)]).Groups);
        Assert.Equal(12, g.ShellSamples);
        Assert.Equal(0, g.LevelSamples);
        Assert.Equal(0.0, g.RingFraction);
        Assert.InRange(g.ShellMinimum!.Value, 0, 2 * 0.05 * 0.05);
    }

    [Fact]
    public void VibrationAboutTheSitesGivesNoRingAndNoFlip()
    {
        // 300 frames of independent Gaussian displacements (σ = 0.03 Å per component, every atom): the centre–anion
        // displacement from the site has σ ≈ 0.042 Å per component, so reaching 0.3 Å is a 7σ event.
        var rng = new Random(16);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        Vec3 Jitter() => new Vec3(Gauss(), Gauss(), Gauss()) * 0.03;
        var lat = Lattice.FromParameters(12, 12, 12, 90, 90, 90);
        var c = new Vec3(11.8, 0.1, 0.2);
        var frames = Enumerable.Range(0, 300).Select(t =>
            TestFrames.FromCartesian(t, lat, [c + Jitter(), .. Tetrahedron().Select(b => c + b + Jitter())])).ToList();
        using var reader = TestFrames.Reader(Elements, frames);
        var r = RotationRings.Analyze(reader, [new RotationRingGroup(Group, RadialShell(new Vec3(-1, 2, 30)))]);
        var g = Assert.Single(r.Groups);
        Assert.Equal(1200, g.ShellSamples);
        Assert.True(g.LevelSamples > 1000, $"level samples {g.LevelSamples}");
        Assert.Equal(0, g.RingSamples);
        Assert.Equal(0.0, g.RingFraction);
        Assert.Equal(0, g.FlippedBondFrames);
        Assert.Equal(0.0, r.FlipFraction);
    }

    [Fact]
    public void TheFrameMappingTurnsTrajectoryDisplacementsOntoTheStructure()
    {
        // The trajectory's group sits turned by 45° about z against the structure's: unmapped, every sample lies between the
        // sites (ring fraction 1); mapped back by −45°, every sample lies on a site (0). The flips count the trajectory's
        // own bonds from its first frame and see none either way.
        double[] angles = [Deg(45), Deg(45.5), Deg(44.5)];
        var shell = RadialShell(new Vec3(3, 4, 5));
        using (var reader = Rotating(angles))
        {
            var g = Assert.Single(RotationRings.Analyze(reader, [new RotationRingGroup(Group, shell)]).Groups);
            Assert.Equal(1.0, g.RingFraction);
            Assert.Equal(0, g.FlippedBondFrames);
        }
        using (var reader = Rotating(angles))
        {
            var options = new RotationRingOptions { ToStatic = v => RotateZ(v, Deg(-45)) };
            var g = Assert.Single(RotationRings.Analyze(reader, [new RotationRingGroup(Group, shell)], options).Groups);
            Assert.Equal(0.0, g.RingFraction);
            Assert.Equal(12, g.ShellSamples);
        }
    }

    [Fact]
    public void AGroupWithoutAStaticShellStillCountsFlipsAndSaysWhyItHasNoRing()
    {
        using var reader = Rotating([0, Deg(90)]);
        var r = RotationRings.Analyze(reader, [new RotationRingGroup(Group, null)]);
        var g = Assert.Single(r.Groups);
        Assert.Null(g.RingFraction);
        Assert.NotNull(g.RingNote);
        Assert.Null(r.RingFraction);
        Assert.Equal(4, g.FlippedBondFrames);
        Assert.Equal(0.5, g.FlipFraction);
    }

    [Fact]
    public void SamplesOffTheGridAreCountedAndAnEmptyTrajectoryIsAnInputError()
    {
        // A shell map whose grid ends 1 Å from the centre along each axis, short of the S atoms (1.2 Å or more along some
        // axis on both frames).
        var shell = RadialShell(new Vec3(3, 4, 5));
        var cube = AffineGrid.Cube(shell.Center, 1.0, 0.05);
        var small = shell with { Map = new ShellMap(cube, new float[cube.Count], new bool[cube.Count]) };
        small.Map.InShell[0] = true;
        using (var reader = Rotating([0, Deg(45)]))
        {
            var g = Assert.Single(RotationRings.Analyze(reader, [new RotationRingGroup(Group, small)]).Groups);
            Assert.Equal(8, g.OutsideGrid);
            Assert.Equal(0, g.ShellSamples);
            Assert.Null(g.RingFraction);
            Assert.NotNull(g.RingNote);
        }
        using var empty = TestFrames.Reader(Elements, []);
        Assert.Throws<InputException>(() => RotationRings.Analyze(empty, [new RotationRingGroup(Group, shell)]));
    }

    [Fact]
    public void MatchPairsSupercellImagesWithTheirStaticGroupThroughTheRegistration()
    {
        // Structure: a 6 Å cube with one group centred at (1, 2, 3) Å. Trajectory: its 2×1×1 supercell shifted by
        // (0.5, −0.25, 1) Å, so f_static = (2 f1, f2, f3) − shift/6; the centres at (1.5, 1.75, 4) and (7.5, 1.75, 4) Å are
        // both images of the static group, a third centre at (4, 5, 0) Å is none.
        var staticLattice = Lattice.FromParameters(6, 6, 6, 90, 90, 90);
        var trajLattice = Lattice.FromParameters(12, 6, 6, 90, 90, 90);
        var shell = RadialShell(new Vec3(1, 2, 3));
        var other = RadialShell(new Vec3(4, 4, 4.5));
        var frame = TestFrames.FromCartesian(0, trajLattice, [new Vec3(1.5, 1.75, 4), new Vec3(7.5, 1.75, 4), new Vec3(4, 5, 0)]);
        TrajectoryGroup G(int i) => new(i, i, "P", [0, 1], ["S", "S"]);
        var shift = new Vec3(0.5 / 6, -0.25 / 6, 1.0 / 6);
        var m = RotationRings.Match([G(0), G(1), G(2)], frame, staticLattice, [other, shell],
            f => new Vec3(2 * f.X, f.Y, f.Z) - shift, 0.5);
        Assert.Same(shell, m[0].Shell);
        Assert.Same(shell, m[1].Shell);
        Assert.Null(m[2].Shell);
        Assert.Equal([0, 1, 2], m.Select(x => x.Group.Index));
    }

    [Fact]
    public void Na3PS4SmokeWithShellMapsFromFrameZero()
    {
        // The static structure is frame 0 of the shipped run (atom i is site i), with formal charges; the shells of two PS4
        // groups come from E_rot on a 0.1 Å local grid on the CPU.
        Frame first;
        TrajectoryHeader header;
        using (var r0 = TrajectoryFile.Open(Trajectory.DiffusionTests.Na3PS4))
        {
            header = r0.Header;
            Assert.True(r0.TryRead(out first));
        }
        var charge = new Dictionary<string, double> { ["Na"] = 1, ["P"] = 5, ["S"] = -2 };
        var sites = Enumerable.Range(0, header.AtomCount).Select(i => new Site(header.Elements[i] + (i + 1), first.Position(i),
            [new SiteSpecies(header.Elements[i], 1, charge[header.Elements[i]])]));
        var structure = new Structure(first.Lattice, sites, source: "Na3PS4 frame 0");
        var anion = MobileIon.Parse("S2-");
        var staticGroups = AnionGroupFinder.Find(structure, new GroupSearch("Na", "S"));
        Assert.Equal(16, staticGroups.Count);
        var trajGroups = TrajectoryGroups.Find(header, first, "P", "S", coordination: 4);
        Assert.Equal(16, trajGroups.Count);
        var options = new RotationOptions(Spacing: 0.1);
        var framework = BvseFramework.Build(structure, anion, 10, null, staticGroups.Max(g => g.LongestBond) + 1.3);
        var cpu = new CpuBvseEvaluator();
        var input = new List<RotationRingGroup>();
        foreach (var tg in trajGroups.Take(2))
        {
            var sg = staticGroups.Single(g => g.CenterSite == tg.CenterAtom);
            ShellMap? map = null;
            var rot = RotationBarrier.Local(sg, framework, t => cpu.Evaluate(t, TestContext.Current.CancellationToken), options,
                inspect: m => map = m);
            input.Add(new RotationRingGroup(tg, RotationRingShell.From(rot, map!)));
        }
        // The identity registration pairs each trajectory group with the shell of its own site.
        var matched = RotationRings.Match(trajGroups.Take(2).ToList(), first, structure.Lattice, input.Select(g => g.Shell!).ToList(),
            f => f, 0.01);
        Assert.Equal(input.Select(g => g.Shell), matched.Select(g => g.Shell));
        input.Add(new RotationRingGroup(trajGroups[2], null));
        using var reader = TrajectoryFile.Open(Trajectory.DiffusionTests.Na3PS4);
        var result = RotationRings.Analyze(reader, input);
        Assert.Equal(100, result.Frames);
        Assert.Equal(3, result.Groups.Count);
        foreach (var g in result.Groups)
        {
            Assert.Equal(400, g.Samples);
            Assert.Equal(400, g.BondFrames);
            Assert.InRange(g.FlipThresholdDeg, 45, 60);
            Assert.InRange(g.FlipFraction, 0, 1);
        }
        foreach (var g in result.Groups.Take(2))
        {
            Assert.Equal(0, g.OutsideGrid);
            Assert.True(g.ShellSamples >= 380, $"shell samples {g.ShellSamples} of 400");
            Assert.True(g.RingSamples <= g.LevelSamples && g.LevelSamples <= g.ShellSamples);
            Assert.InRange(g.RingFraction!.Value, 0, 1);
            Assert.True(g.ERot > 0);
        }
        Assert.Null(result.Groups[2].RingFraction);
    }
}
