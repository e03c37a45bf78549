using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.IO;

/// <summary>CIF features that real ICSD/COD exports use, each checked against crystallographic facts.</summary>
public sealed class CifReaderTests
{
    private static string Cell(double a, double b, double c, double al = 90, double be = 90, double ga = 90) => $"""
        _cell_length_a {a}
        _cell_length_b {b}
        _cell_length_c {c}
        _cell_angle_alpha {al}
        _cell_angle_beta {be}
        _cell_angle_gamma {ga}
        """;

    private const string AtomsHeader = """
        loop_
        _atom_site_label
        _atom_site_type_symbol
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        _atom_site_occupancy
        """;

    [Fact]
    public void FirstBlockWithAtomsIsReadAndBlockSelectsAnother()
    {
        string cif = "data_publication\n_publ_section_title 'A paper'\n"
                     + "data_NaCl\n" + Cell(5.64, 5.64,
                         5.64) + "\n_symmetry_space_group_name_H-M 'F m -3 m'\n" + AtomsHeader + "\nNa1 Na 0 0 0 1\nCl1 Cl 0.5 0.5 0.5 1\n"
                     + "data_LiF\n" + Cell(4.03, 4.03,
                         4.03) + "\n_symmetry_space_group_name_H-M 'F m -3 m'\n" + AtomsHeader + "\nLi1 Li 0 0 0 1\nF1 F 0.5 0.5 0.5 1\n";
        var first = StructureReader.Read(cif, "two_blocks.cif");
        Assert.Equal("NaCl", Formula.Reduced(first.Composition()));
        var second = StructureReader.Read(cif, "two_blocks.cif", cifOptions: new CifReadOptions("LiF"));
        Assert.Equal("LiF", Formula.Reduced(second.Composition()));
        Assert.Equal(4.03, second.Lattice.LengthA, 9);
        var e = Assert.Throws<InputException>(() => StructureReader.Read(cif, "two_blocks.cif", cifOptions: new CifReadOptions("KCl")));
        Assert.Contains("NaCl, LiF", e.Message);
    }

    [Fact]
    public void UncertaintiesUnknownsAndChargedTypeSymbolsAreRead()
    {
        string cif = "data_x\n" + Cell(5.6402, 5.6402, 5.6402).Replace("5.6402",
            "5.6402(3)") + "\n_symmetry_space_group_name_H-M 'F m -3 m'\n" + AtomsHeader
                     + "\nNa1 Na1+ 0.0 0.0 0.0 ?\nCl1 Cl1- 0.5000(2) .5 0.5 1.00(1)\n";
        var s = StructureReader.Read(cif, "x.cif");
        Assert.Equal(5.6402, s.Lattice.LengthA, 9);
        Assert.Equal(8, s.AtomCount, 9);
        Assert.All(s.Sites.SelectMany(x => x.Species).Where(x => x.Element == "Na"), x => Assert.Equal(1.0, x.OxidationState));
        Assert.All(s.Sites.SelectMany(x => x.Species).Where(x => x.Element == "Cl"), x => Assert.Equal(-1.0, x.OxidationState));
    }

    [Fact]
    public void LabelsAloneGiveElementsAndChargesInLabelsAreUsed()
    {
        string cif = "data_x\n" + Cell(4.2, 4.2,
            4.2) + "\n_symmetry_space_group_name_H-M 'F m -3 "
                + "m'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nMg2+ 0 0 0\nO2- 0.5 0.5 0.5\n";
        var s = StructureReader.Read(cif, "x.cif");
        Assert.Equal("MgO", Formula.Reduced(s.Composition()));
        var ox = OxidationStates.Assign(s);
        Assert.Equal(OxidationSource.File, ox.Sources["Mg"]);
        Assert.True(ox.States["O"].SequenceEqual([-2.0]));
    }

    [Fact]
    public void HallSymbolAloneExpandsTheGroup()
    {
        string cif = "data_x\n" + Cell(5.64, 5.64,
            5.64) + "\n_space_group_name_Hall '-F 4 2 3'\n" + AtomsHeader + "\nNa1 Na 0 0 0 1\nCl1 Cl 0.5 0.5 0.5 1\n";
        var s = StructureReader.Read(cif, "x.cif");
        Assert.Equal(8, s.AtomCount, 9);
        Assert.Equal("-F 4 2 3", s.SpaceGroup);
    }

    [Fact]
    public void NumberAloneUsesTheDefaultSetting()
    {
        string cif = "data_x\n" + Cell(5.64, 5.64,
            5.64) + "\n_space_group_IT_number 225\n" + AtomsHeader + "\nNa1 Na 0 0 0 1\nCl1 Cl 0.5 0.5 0.5 1\n";
        Assert.Equal(8, StructureReader.Read(cif, "x.cif").AtomCount, 9);
    }

    [Fact]
    public void HexagonalCellUnderARhombohedralAxesSymbolUsesHexagonalAxesWithAWarning()
    {
        // Corundum Al2O3, R-3c, hexagonal cell (a = 4.759, c = 12.99 Å), Z = 6 → 30 atoms; 36 operators in hexagonal axes.
        string cif = "data_x\n" + Cell(4.759, 4.759, 12.991, 90, 90, 120) + "\n_symmetry_space_group_name_H-M 'R -3 c :R'\n" + AtomsHeader
                     + "\nAl1 Al 0 0 0.35216 1\nO1 O 0.30624 0 0.25 1\n";
        var s = StructureReader.Read(cif, "corundum.cif");
        Assert.Equal(30, s.AtomCount, 9);
        Assert.Contains(s.Warnings, w => w.Contains("metric decides") && w.Contains("hexagonal"));
        Assert.Equal("Al2O3", Formula.Reduced(s.Composition()));
    }

    [Fact]
    public void OriginChoiceOneCoordinatesUnderABareSymbolAreRecognised()
    {
        // Spinel MgAl2O4 written in origin choice 1 (Mg 8a at 0,0,0; Al 16d at 5/8; O 32e u = 0.387), symbol without
        // a suffix: origin choice 2 would put atoms on top of each other, so choice 1 is used (56 atoms, Z = 8).
        string cif = "data_x\n" + Cell(8.08, 8.08, 8.08) + "\n_symmetry_space_group_name_H-M 'F d -3 m'\n" + AtomsHeader
                     + "\nMg1 Mg 0 0 0 1\nAl1 Al 0.625 0.625 0.625 1\nO1 O 0.387 0.387 0.387 1\n";
        var s = StructureReader.Read(cif, "spinel.cif");
        Assert.Equal(56, s.AtomCount, 9);
        Assert.Equal("MgAl2O4", Formula.Reduced(s.Composition()));
        Assert.Contains(s.Warnings, w => w.Contains("origin choice 1 used"));
        // Shortest Mg–O distance in spinel is about 1.9 Å.
        var mg = s.Sites.First(x => x.Species[0].Element == "Mg");
        double dmin = s.Sites.Where(x => x.Species[0].Element == "O").Min(x => s.Lattice.MinimumImageDistance(mg.Fractional, x.Fractional));
        Assert.InRange(dmin, 1.8, 2.05);
    }

    [Fact]
    public void CartesianAtomSitesAreConverted()
    {
        string cif = "data_x\n" + Cell(4.0, 5.0,
            6.0) + "\nloop_\n_atom_site_label\n_atom_site_Cartn_x\n_atom_site_Cartn_y\n_atom_site_Cartn_z\nLi1 2.0 2.5 3.0\n";
        var s = StructureReader.Read(cif, "x.cif");
        Assert.True((s.Sites[0].Fractional - new Vec3(0.5, 0.5, 0.5)).Length < 1e-12);
        // Monoclinic: CIF's default Cartesian frame has a along x, b in the xy plane; the point a + c is (a + c cosβ, 0, c sinβ).
        double beta = 100 * Math.PI / 180;
        string mono = "data_x\n" + Cell(4.0, 5.0, 6.0, 90, 100, 90) +
            "\nloop_\n_atom_site_label\n_atom_site_Cartn_x\n_atom_site_Cartn_y\n_atom_site_Cartn_z\nLi1 "
            + FormattableString.Invariant($"{(4 + 6 * Math.Cos(beta)) / 2} 0 {6 * Math.Sin(beta) / 2}\n");
        var m = StructureReader.Read(mono, "mono.cif");
        Assert.True((m.Sites[0].Fractional - new Vec3(0.5, 0, 0.5)).Length < 1e-9, m.Sites[0].Fractional.ToString());
    }

    [Fact]
    public void Cif2SyntaxIsRead()
    {
        string cif = "#\\#CIF_2.0\ndata_x\n_publ_section_title '''A title\nover two lines'''\n_some_list [1 2 [3 4]]\n"
            + Cell(5.64, 5.64, 5.64)
                     + "\n_space_group_name_H-M_alt 'F m -3 m'\n" + AtomsHeader + "\nNa1 Na 0 0 0 1\nCl1 Cl 0.5 0.5 0.5 1\n";
        Assert.Equal(8, StructureReader.Read(cif, "x.cif").AtomCount, 9);
    }

    [Fact]
    public void ExplicitOperatorLoopWinsAndSymbolIsReportedAsRead()
    {
        var s = StructureReader.ReadFile(TestData.Structure("Li2CO3_zabuyelite_COD.cif"));
        Assert.Equal("C 1 2/c 1", s.SpaceGroup);
        Assert.Equal(24, s.AtomCount, 9);
    }

    [Fact]
    public void WithoutAnySymmetryTheFileIsReadAsP1WithAWarning()
    {
        string cif = "data_x\n" + Cell(4.0, 4.0, 4.0) + "\n" + AtomsHeader + "\nLi1 Li 0 0 0 1\nF1 F 0.5 0.5 0.5 1\n";
        var s = StructureReader.Read(cif, "x.cif");
        Assert.Equal("P 1", s.SpaceGroup);
        Assert.Equal(2, s.AtomCount, 9);
        Assert.Contains(s.Warnings, w => w.Contains("P 1"));
    }
}
