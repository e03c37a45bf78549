using System.Text.Json;
using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.Groups;
using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.Groups;

/// <summary>E_rot: analytic cases, invariances, convergence, and the independent prototype (erot_reference.json).</summary>
public sealed class RotationBarrierTests
{
    private static readonly RotationOptions Default = new();

    /// <summary>A PO4 tetrahedron (P–O 1.54 Å) at the centre of a cubic box, with optional extra ions.</summary>
    private static Structure Phosphate(double box, params (string el, double x, double y, double z)[] extra)
    {
        double d = 1.54 / Math.Sqrt(3) / box, c = 0.5;
        var lines = new List<string>
        {
            $"P1 {c} {c} {c}",
            $"O1 {c + d} {c + d} {c + d}", $"O2 {c + d} {c - d} {c - d}", $"O3 {c - d} {c + d} {c - d}", $"O4 {c - d} {c - d} {c + d}",
        };
        lines.AddRange(extra.Select((e, i) => $"{e.el}{i + 1} {e.x} {e.y} {e.z}"));
        string cif = $"data_x\n_cell_length_a {box}\n_cell_length_b {box}\n_cell_length_c {box}\n"
                     + "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
                     + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
                     + string.Join("\n", lines.Select(l => FormattableString.Invariant($"{l}"))) + "\n";
        cif = cif.Replace(",", ".");
        return OxidationStates.Assign(StructureReader.Read(cif, "phosphate.cif"), OxidationStates.ParseExplicit("P=5,O=-2,Li=1")).Structure;
    }

    private static readonly MobileIon O2 = MobileIon.Parse("O2-");

    [Fact]
    public void IsolatedGroupRotatesFreely()
    {
        // Only the centre acts on the O test ion (25 Å box, 10 Å cutoff: no images): the shell energy depends on the
        // radius alone, so the sites join at the level of the grid's discretisation.
        var s = Phosphate(25);
        var g = Assert.Single(GroupTestKit.Groups(s, "Li", "O"));
        var r = GroupTestKit.Local(s, g, O2, Default);
        Assert.InRange(r.ERot, 0, 0.01);
    }

    [Fact]
    public void CationsNearOneFaceRaiseTheBarrier()
    {
        var free = GroupTestKit.Local(Phosphate(25), Assert.Single(GroupTestKit.Groups(Phosphate(25), "Li", "O")), O2, Default).ERot;
        // Three Li+ 2.0 Å from the O1/O2/O3 face's oxygens, outside the face opposite O4.
        var s = Phosphate(
            25,
            ("Li", 0.5 + 2.6 / 25, 0.5, 0.5 - 1.2 / 25),
            ("Li", 0.5, 0.5 + 2.6 / 25, 0.5 - 1.2 / 25),
            ("Li", 0.5 + 1.6 / 25, 0.5 + 1.6 / 25, 0.5 - 2.2 / 25));
        var g = Assert.Single(GroupTestKit.Groups(s, "Li", "O"));
        var r = GroupTestKit.Local(s, g, O2, Default);
        Assert.True(r.ERot > free + 0.05, $"E_rot with cations {r.ERot} vs free {free}");
    }

    [Fact]
    public void RotationOriginShiftAndSupercellLeaveERotUnchanged()
    {
        var s = GroupTestKit.Load(TestData.Paper("Li3PO4_beta_mp-13725.cif"));
        var g0 = GroupTestKit.Groups(s, "Li", "O")[0];
        double e0 = GroupTestKit.Local(s, g0, O2, Default).ERot;

        // Rigid rotation of the whole crystal (same fractional coordinates, rotated cell vectors): the local grid keeps
        // its Cartesian axes, so it samples the shell differently; the value must stay within the convergence tolerance.
        var rot = Rotation(new Vec3(1, 2, 3), 0.7);
        var l = s.Lattice;
        var rotated = new Structure(Lattice.FromVectors(rot(l.A), rot(l.B), rot(l.C)), s.Sites, s.SpaceGroup, s.Source);
        var gr = GroupTestKit.Groups(rotated, "Li", "O").Single(x => x.CenterSite == g0.CenterSite);
        Assert.True(Math.Abs(GroupTestKit.Local(rotated, gr, O2, Default).ERot - e0) < 0.01);

        // Origin shift.
        var shifted = s.Translated(new Vec3(0.123, 0.456, 0.789));
        var gs = GroupTestKit.Groups(shifted, "Li", "O").Single(x => x.CenterSite == g0.CenterSite);
        Assert.True(Math.Abs(GroupTestKit.Local(shifted, gs, O2, Default).ERot - e0) < 0.01);

        // Supercell: the same group in a 1×2×1 cell.
        var super = s.Supercell(1, 2, 1);
        var groups = GroupTestKit.Groups(super, "Li", "O");
        Assert.Equal(4, groups.Count);
        var gsup = groups.MinBy(x => (x.CenterCartesian - g0.CenterCartesian).Length)!;
        Assert.True(Math.Abs(GroupTestKit.Local(super, gsup, O2, Default).ERot - e0) < 1e-4);
    }

    private static Func<Vec3, Vec3> Rotation(Vec3 axis, double angle)
    {
        var u = axis * (1 / axis.Length);
        double c = Math.Cos(angle), sn = Math.Sin(angle);
        return v => v * c + Vec3.Cross(u, v) * sn + u * (Vec3.Dot(u, v) * (1 - c));
    }

    // Structures whose groups are all symmetry-equivalent, from their space groups in the provenance:
    // beta-Li3PO4 Pmn2_1 (P on 2a), gamma-Li3PO4 Pnma (P on 4c), LiFePO4 Pnma (P on 4c), Li2CO3 C2/c (C on 4e),
    // Li6PS5Cl F-43m (P on 4b).
    [Theory]
    [InlineData("paper/Li3PO4_beta_mp-13725.cif", "O2-", true)]
    [InlineData("paper/Li3PO4_gamma_mp-2878.vasp", "O2-", true)]
    [InlineData("structures/LiFePO4.cif", "O2-", true)]
    [InlineData("structures/Li2CO3_zabuyelite_COD.cif", "O2-", true)]
    [InlineData("paper/Li6PS5Cl_F-43m_neutron_partialocc.cif", "S2-", true)]
    [InlineData("structures/Li10GeP2S12_ordered_P1.cif", "S2-", false)]
    [InlineData("structures/Li3V2P3O12.cif", "O2-", false)]
    public void ERotIsConverged(string file, string anion, bool allEquivalent)
    {
        var s = GroupTestKit.Load(Path.Combine(TestData.Root, file));
        var ion = MobileIon.Parse(anion);
        var groups = GroupTestKit.Groups(s, "Li", ion.Element);
        var g = groups[0];
        double coarse = GroupTestKit.Local(s, g, ion, Default).ERot;
        double fine = GroupTestKit.Local(s, g, ion, Default with { Spacing = 0.015 }).ERot;
        Assert.True(Math.Abs(coarse - fine) < 0.01, $"0.03 Å: {coarse}, 0.015 Å: {fine}");
        double shifted = GroupTestKit.Local(s, g, ion, Default, new Vec3(0.015, 0.015, 0.015)).ERot;
        Assert.True(Math.Abs(coarse - shifted) < 0.01, $"unshifted {coarse}, half-step shift {shifted}");
        if (allEquivalent)
            foreach (var other in groups.Skip(1))
                Assert.True(Math.Abs(GroupTestKit.Local(s, other, ion, Default).ERot - coarse) < 0.01);
    }

    public static TheoryData<string> ReferenceFiles()
    {
        var data = new TheoryData<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Paper("erot_reference.json")));
        foreach (var s in doc.RootElement.GetProperty("structures").EnumerateArray())
            data.Add(s.GetProperty("file").GetString()!);
        return data;
    }

    /// <summary>
    /// The independent prototype of DESIGN.md §4 (erot_reference.json: same energy convention, local 0.03 Å grid,
    /// bisection to 2e-4 eV): every group and the structure's E_rot within 0.02 eV, the same mode.
    /// </summary>
    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void AgreesWithThePrototype(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Paper("erot_reference.json")));
        var reference = doc.RootElement.GetProperty("structures").EnumerateArray().Single(x => x.GetProperty("file").GetString() == file);
        var s = GroupTestKit.Load(Path.GetFullPath(Path.Combine(TestData.Root, "paper", file)));
        var r = GroupTestKit.Couple(s, new CouplingOptions(MobileIon.Parse(reference.GetProperty("cation").GetString()!),
            MobileIon.Parse(reference.GetProperty("anion").GetString()!)));
        var refGroups = reference.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(refGroups.Count, r.Groups.Count);
        foreach (var rg in refGroups)
        {
            var f = rg.GetProperty("frac").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var mine = r.Groups.MinBy(x => s.Lattice.MinimumImageDistance(x.Group.CenterFractional, new Vec3(f[0], f[1], f[2])))!;
            Assert.True(s.Lattice.MinimumImageDistance(mine.Group.CenterFractional, new Vec3(f[0], f[1], f[2])) < 0.05);
            Assert.True(
                Math.Abs(mine.ERot - rg.GetProperty("E_rot").GetDouble()) < 0.02,
                $"group at {string.Join(",", f)}: {mine.ERot} vs {rg.GetProperty("E_rot").GetDouble()}");
        }
        Assert.True(Math.Abs(r.ERot!.Value - reference.GetProperty("E_rot").GetDouble()) < 0.02);
        Assert.Equal(reference.GetProperty("mode").GetString(), GpuBv.Compute.OutputName.Of(r.Mode));
    }

    [Theory]
    [InlineData(0.8, 0.2, 2.0, 4.0, "rotate")]
    [InlineData(0.3, 0.2, 2.0, 1.5, "vibrate")]
    [InlineData(0.4, 0.2, 2.0, 2.0, "vibrate")]      // the ratio must exceed the threshold
    [InlineData(0.8, 0.0005, 2.0, null, "rotate")]  // free rotation: E_rot < 1e-3 eV
    [InlineData(null, 0.3, 2.0, null, "rotate")]    // E_mig above encut
    [InlineData(0.5, null, 2.0, null, "none")]      // no groups
    public void ClassificationRules(double? eMig, double? eRot, double threshold, double? ratio, string mode)
    {
        var (r, m) = CouplingCalculator.Classify(eMig, eRot, threshold);
        Assert.Equal(mode, GpuBv.Compute.OutputName.Of(m));
        if (ratio is null)
            Assert.Null(r);
        else
            Assert.Equal(ratio.Value, r!.Value, 9);
    }

    [Fact]
    public void BorohydrideERotIsConvergedWithUserParameters()
    {
        var table = GroupTestKit.BhParameters();
        var s = GroupTestKit.Load(TestData.Paper("LiBH4_Pnma_MPderived.cif"));
        var h = MobileIon.Parse("H-");
        var groups = GroupTestKit.Groups(s, "Li", "H", table);
        double coarse = GroupTestKit.Local(s, groups[0], h, Default, table: table).ERot;
        double fine = GroupTestKit.Local(s, groups[0], h, Default with { Spacing = 0.015 }, table: table).ERot;
        Assert.True(Math.Abs(coarse - fine) < 0.01, $"0.03 Å: {coarse}, 0.015 Å: {fine}");
        // Pnma, B on 4c: all four BH4 groups are equivalent.
        foreach (var g in groups.Skip(1))
            Assert.True(Math.Abs(GroupTestKit.Local(s, g, h, Default, table: table).ERot - coarse) < 0.01);
    }

    [Theory]
    [InlineData("LiF.cif")]
    [InlineData("Li2O.cif")]
    [InlineData("Li3N.cif")]
    public void StructuresWithoutGroupsReportModeNone(string file)
    {
        var r = GroupTestKit.Couple(GroupTestKit.Load(TestData.Structure(file)), new CouplingOptions(MobileIon.Parse("Li+")));
        Assert.Equal("none", GpuBv.Compute.OutputName.Of(r.Mode));
        Assert.Null(r.ERot);
        Assert.Null(r.Ratio);
        Assert.NotNull(r.EMig);
    }

    [Fact]
    public void ModeFollowsTheRatioAndItsEdgeCases()
    {
        var s = GroupTestKit.Load(TestData.Structure("LiFePO4.cif"));
        // LiFePO4: E_3D ≈ 3.36 eV, E_rot ≈ 0.28 eV → ratio ≈ 12 → rotate; with a threshold above the ratio → vibrate;
        // with E_mig above encut (E_3D > 1 eV) → ratio null, rotate.
        var o = new CouplingOptions(MobileIon.Parse("Li+"), MobileIon.Parse("O2-"), Rotation: new RotationOptions(Spacing: 0.05));
        var r = GroupTestKit.Couple(s, o);
        Assert.Equal("rotate", GpuBv.Compute.OutputName.Of(r.Mode));
        Assert.Equal(r.EMig!.Value / r.ERot!.Value, r.Ratio!.Value, 9);
        Assert.Equal("vibrate", GpuBv.Compute.OutputName.Of(GroupTestKit.Couple(s, o with { Threshold = r.Ratio.Value + 1 }).Mode));
        var capped = GroupTestKit.Couple(s, o with { Encut = 1.0 });
        Assert.Null(capped.EMig);
        Assert.Null(capped.Ratio);
        Assert.Equal("rotate", GpuBv.Compute.OutputName.Of(capped.Mode));
        // E_1D ≈ 0.41 eV → ratio ≈ 1.5 → vibrate.
        Assert.Equal("vibrate", GpuBv.Compute.OutputName.Of(GroupTestKit.Couple(s, o with { Dimension = 1 }).Mode));
    }
}
