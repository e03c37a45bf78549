using GpuBv.Chemistry;
using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.Groups;

/// <summary>Group detection against the known crystal chemistry of each compound.</summary>
public sealed class AnionGroupFinderTests
{
    [Theory]
    [InlineData("structures/LiFePO4.cif", "Li", "O", "PO4", 4)]          // olivine: 4 PO4 per cell, FeO6 is framework
    [InlineData("structures/Li3V2P3O12.cif", "Li", "O", "PO4", 12)]      // NASICON-type: VO6 framework, 12 PO4
    [InlineData("structures/Li2CO3_zabuyelite_COD.cif", "Li", "O", "CO3", 4)]
    [InlineData("paper/Li3PO4_beta_mp-13725.cif", "Li", "O", "PO4", 2)]
    [InlineData("paper/Li3PO4_gamma_mp-2878.vasp", "Li", "O", "PO4", 4)]
    [InlineData("paper/Li6PS5Cl_F-43m_neutron_partialocc.cif", "Li", "S", "PS4", 4)] // the free S2− on 4a/4c belongs to no group
    public void FindsTheKnownGroups(string file, string mobile, string anion, string formula, int count)
    {
        var s = GroupTestKit.Load(Path.Combine(TestData.Root, file));
        var groups = GroupTestKit.Groups(s, mobile, anion);
        Assert.Equal(count, groups.Count);
        Assert.All(groups, g => Assert.Equal(formula, g.Formula));
        Assert.All(groups, g => Assert.InRange(g.LongestBond, 1.0, 2.3));
    }

    [Fact]
    public void LgpsHasGeS4AndPS4()
    {
        var s = GroupTestKit.Load(TestData.Structure("Li10GeP2S12_ordered_P1.cif"));
        var groups = GroupTestKit.Groups(s, "Li", "S");
        Assert.Equal(2, groups.Count(g => g.Formula == "GeS4"));
        Assert.Equal(4, groups.Count(g => g.Formula == "PS4"));
    }

    [Theory]
    [InlineData("LiF.cif")]
    [InlineData("Li2O.cif")]
    [InlineData("Li3N.cif")]
    [InlineData("LiOH_COD.cif")] // H is never a centre
    public void SimpleSaltsHaveNoGroups(string file)
        => Assert.Empty(GroupTestKit.Groups(GroupTestKit.Load(TestData.Structure(file)), "Li"));

    [Fact]
    public void BorohydrideGroupsNeedBhParametersAndThenAreFound()
    {
        var s = GroupTestKit.Load(TestData.Paper("LiBH4_Pnma_MPderived.cif"));
        var e = Assert.Throws<InputException>(() => GroupTestKit.Groups(s, "Li", "H"));
        Assert.Contains("B3+–H1-", e.Message);
        var groups = GroupTestKit.Groups(s, "Li", "H", GroupTestKit.BhParameters());
        Assert.Equal(4, groups.Count);
        Assert.All(groups, g => Assert.Equal("BH4", g.Formula));
    }

    [Fact]
    public void IsolatedOctahedraAreGroupsAndCornerSharingTetrahedraAreNot()
    {
        // Cryolite-like: isolated AlF6 octahedra (Al–F 1.81 Å) in a rock-salt arrangement with Na (Fm-3m, elpasolite type).
        const string cryolite = """
            data_Na3AlF6_cubic
            _cell_length_a 7.98
            _cell_length_b 7.98
            _cell_length_c 7.98
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            _symmetry_space_group_name_H-M 'F m -3 m'
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Al1 0 0 0
            Na1 0.5 0.5 0.5
            Na2 0.25 0.25 0.25
            F1 0.2268 0 0
            """;
        var s = OxidationStates.Assign(
            StructureReader.Read(cryolite, "cryolite.cif"), OxidationStates.ParseExplicit("Na=1,Al=3,F=-1")).Structure;
        var groups = GroupTestKit.Groups(s, "Na");
        Assert.Equal(4, groups.Count);
        Assert.All(groups, g => Assert.Equal("AlF6", g.Formula));

        // Idealised beta-cristobalite SiO2 with Li stuffed in: every O bridges two Si, so no isolated SiO4.
        const string cristobalite = """
            data_SiO2
            _cell_length_a 7.16
            _cell_length_b 7.16
            _cell_length_c 7.16
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            _symmetry_space_group_name_H-M 'F d -3 m:2'
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            _atom_site_occupancy
            Si1 0.125 0.125 0.125 1
            O1 0 0 0 1
            Li1 0.5 0.5 0.5 0.1
            """;
        var c = OxidationStates.Assign(
            StructureReader.Read(cristobalite, "cristobalite.cif"), OxidationStates.ParseExplicit("Si=4,O=-2,Li=1")).Structure;
        Assert.Empty(GroupTestKit.Groups(c, "Li"));
    }
}
