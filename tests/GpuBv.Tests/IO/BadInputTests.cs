using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.IO;

/// <summary>Bad input gives one-line errors naming the file, the place and the problem (and exit code 2 in the CLI).</summary>
public sealed class BadInputTests
{
    private const string GoodCif = """
        data_NaCl
        _cell_length_a 5.64
        _cell_length_b 5.64
        _cell_length_c 5.64
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90
        _symmetry_space_group_name_H-M 'F m -3 m'
        loop_
        _atom_site_label
        _atom_site_type_symbol
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        _atom_site_occupancy
        Na1 Na 0 0 0 1
        Cl1 Cl 0.5 0.5 0.5 1
        """;

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, content, expected place, expected problem
        { "empty.cif", "", "", "empty" },
        { "blank.cif", "   \n\n  \n", "", "empty" },
        { "truncated.cif", GoodCif[..GoodCif.IndexOf("Cl1 Cl 0.5", StringComparison.Ordinal)] + "Cl1 Cl 0.5 0.5", "line 9", "truncated" },
        { "truncated_text.cif", "data_x\n_publ_section_title\n;\nA title that never ends\n", "line 3", "never closed" },
        { "nocell.cif", GoodCif.Replace("_cell_length_a 5.64\n", ""), "_cell_length_a", "no unit cell" },
        { "badnumber.cif", GoodCif.Replace("_cell_length_b 5.64", "_cell_length_b abc"), "_cell_length_b", "not a number" },
        { "unknown_element.cif", GoodCif.Replace("Cl1 Cl 0.5", "Xx1 Xx 0.5"), "line 17", "unknown element symbol 'Xx'" },
        { "unknown_sg.cif", GoodCif.Replace("'F m -3 m'", "'P 7 q'"), "line 8", "unknown space-group symbol 'P 7 q'" },
        { "bad_symop.cif", GoodCif.Replace("_symmetry_space_group_name_H-M 'F m -3 m'",
            "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y'"), "line 10", "three comma-separated parts" },
        { "no_atoms.cif", "data_x\n_cell_length_a 5\n", "line 1", "no data block has atom sites" },
        { "bad_occupancy.cif", GoodCif.Replace("0.5 0.5 0.5 1", "0.5 0.5 0.5 7"), "atom Cl1", "occupancy" },
        { "POSCAR", "LiF\n1.0\n4 0 0\n0 4 0\n", "line 5", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivesAOneLineErrorWithFilePlaceAndProblem(string name, string content, string place, string problem)
    {
        var path = TestData.TempFile(name, content);
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains(name, e.Message);
        Assert.Contains(place, e.Message);
        Assert.Contains(problem, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void BinaryFileIsRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), "gpubv-tests", Guid.NewGuid().ToString("N") + ".cif");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0x7F, (byte)'E', (byte)'L', (byte)'F', 0x02, 0x01, 0x00, 0x00, 0x13]);
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path));
        Assert.Contains("binary", e.Message);
        Assert.Contains("byte 4", e.Message);
    }

    [Fact]
    public void MissingFileIsAnInputError()
    {
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile("/nonexistent/x.cif"));
        Assert.Contains("no such file", e.Message);
    }

    [Fact]
    public void GoodCifReads() => Assert.Equal(8, StructureReader.Read(GoodCif, "NaCl.cif").AtomCount, 9);
}
