using System.Text.Json;
using GpuBv.Cli;
using Xunit;

using static GpuBv.Tests.Cli.GpubvRunner;

namespace GpuBv.Tests.Cli;

/// <summary>The <c>gpubv</c> command line, run in-process.</summary>
public sealed class CliTests
{

    [Fact]
    public void InfoJsonHasTheDocumentedFields()
    {
        var (code, stdout, _) = Run("info", TestData.Structure("LiFePO4.cif"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.EndsWith("LiFePO4.cif", r.GetProperty("file").GetString());
        Assert.Equal("LiFePO4", r.GetProperty("formula").GetString());
        Assert.Equal(28, r.GetProperty("sites").GetInt32());
        Assert.Equal(28, r.GetProperty("atoms").GetDouble(), 9);
        Assert.Equal("P 1", r.GetProperty("space_group").GetString());
        // Cell parameters of the file (pymatgen-written: a = 4.74, b = 6.09, c = 10.37 Å... read from the CIF text).
        var cif = File.ReadAllLines(TestData.Structure("LiFePO4.cif"));
        double Tag(string t) => double.Parse(
            cif.First(l => l.StartsWith(t)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture);
        var lat = r.GetProperty("lattice");
        Assert.Equal(Tag("_cell_length_a"), lat.GetProperty("a").GetDouble(), 6);
        Assert.Equal(Tag("_cell_length_c"), lat.GetProperty("c").GetDouble(), 6);
        Assert.Equal(Tag("_cell_angle_beta"), lat.GetProperty("beta").GetDouble(), 6);
        Assert.Equal(2, r.GetProperty("oxidation_states").GetProperty("Fe")[0].GetDouble());
        Assert.Equal(0, r.GetProperty("residual_charge").GetDouble(), 9);
    }

    [Fact]
    public void InfoJsonReportsTheSymbolThatExpandedTheSites()
    {
        var (code, stdout, _) = Run("info", TestData.Structure("MgTiO3_COD_no_symops.cif"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("R -3", doc.RootElement.GetProperty("space_group").GetString());
        Assert.Equal(10, doc.RootElement.GetProperty("atoms").GetDouble(), 9);
    }

    [Fact]
    public void InfoOxiOverridesAndSaysSo()
    {
        var (code, stdout, _) = Run("info", TestData.Structure("Li10GeP2S12_ordered_P1.cif"), "--oxi", "Li=1,Ge=4,P=5,S=-2");
        Assert.Equal(0, code);
        Assert.Contains("--oxi", stdout);
        Assert.Contains("Li10GeP2S12", stdout);
    }

    [Fact]
    public void InfoOnDisorderedLgpsReportsResidualCharge()
    {
        var (code, stdout, _) = Run("info", TestData.Structure("Li10GeP2S12_disordered.cif"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0.14, doc.RootElement.GetProperty("residual_charge").GetDouble(), 6);
    }

    /// <summary>A CIF's first block up to its atom loop: a 4 Å cubic cell.</summary>
    private const string CubicCell =
        "data_x\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n";

    /// <summary>The header of an atom loop with labels and fractional coordinates.</summary>
    private const string AtomLoop = "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n";

    [Theory]
    [InlineData("empty.cif", "", "empty")]
    [InlineData("nocell.cif", "data_x\n" + AtomLoop + "Li1 0 0 0\n", "_cell_length_a")]
    [InlineData("unknown_sg.cif",
        CubicCell + "_symmetry_space_group_name_H-M 'Q 9'\n" + AtomLoop + "Li1 0 0 0\n", "unknown space-group symbol")]
    [InlineData("truncated.cif", CubicCell + AtomLoop + "Li1 0 0 0\nLi2 0.5 0.5", "line 8")]
    [InlineData("element.cif",
        CubicCell + "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
        + "Qq1 Qq 0 0 0\n",
        "line 14, atom Qq1: unknown element symbol 'Qq'")]
    [InlineData("binary.cif", "\u007fELF\u0002\u0001\u0001\u0000\u0000", "binary content")]
    public void BadInputExitsTwoWithOneLineAndNoStackTrace(string name, string content, string expected)
    {
        var path = TestData.TempFile(name, content);
        var (code, stdout, stderr) = Run("info", path);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(name, lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void UnknownOptionIsAUsageErrorWithCodeTwo()
    {
        var (code, _, stderr) = Run("info", "--frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("error", stderr);
    }

    [Fact]
    public void DevicesListsTheCpuPathsAndExitsZeroWithoutAGpu()
    {
        var (code, stdout, _) = Run("devices");
        Assert.Equal(0, code);
        Assert.Contains("cpu", stdout);
        Assert.Contains("ilgpu-cpu", stdout);
    }

    [Theory]
    [InlineData("info")]
    [InlineData("devices")]
    public void EveryCommandHasHelp(string command)
    {
        var (code, stdout, _) = Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage", stdout);
    }
}
