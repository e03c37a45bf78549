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

    private static string Oxidation(string name) => TestData.Structure(Path.Combine("oxidation", name));

    [Fact]
    public void InfoOnAnElementalMetalPrintsTheStructureWithNullStatesAndTheReason()
    {
        // Li metal (COD 9008542): before issue 11, "no oxidation-state assignment is possible" and no structure at all.
        var (code, stdout, stderr) = Run("info", Oxidation("Li-Lithium.cif"), "--json");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal("Li", r.GetProperty("formula").GetString());
        Assert.Equal(2, r.GetProperty("atoms").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("oxidation_states").ValueKind);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("oxidation_sources").ValueKind);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("residual_charge").ValueKind);
        Assert.StartsWith("no meaningful oxidation states: ", r.GetProperty("oxidation_reason").GetString());
        // Every key kept, in order; the reason right after residual_charge.
        string[] keys = ["file", "formula", "full_formula", "sites", "atoms", "space_group", "lattice", "oxidation_states",
            "oxidation_sources", "residual_charge", "oxidation_reason", "warnings"];
        Assert.Equal(keys, r.EnumerateObject().Select(p => p.Name));

        var (textCode, text, textErr) = Run("info", Oxidation("Li-Lithium.cif"));
        Assert.Equal(0, textCode);
        Assert.Contains("formula:          Li", text);
        Assert.Contains("oxidation states: none", text);
        var line = Assert.Single(textErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("gpubv: warning: ", line);
        Assert.Contains("Li-Lithium.cif: no meaningful oxidation states", line);
    }

    [Fact]
    public void InfoOnCsSnI3NamesTheCommonStatesAsTheSourceOfSn2()
    {
        var (code, stdout, _) = Run("info", Oxidation("CsSnI3_cubic.cif"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal(2, r.GetProperty("oxidation_states").GetProperty("Sn")[0].GetDouble());
        Assert.Equal(1, r.GetProperty("oxidation_states").GetProperty("Cs")[0].GetDouble());
        Assert.Equal(-1, r.GetProperty("oxidation_states").GetProperty("I")[0].GetDouble());
        Assert.Equal("common oxidation states (pymatgen/ICSD)", r.GetProperty("oxidation_sources").GetProperty("Sn").GetString());
        Assert.Equal("bond-valence guess", r.GetProperty("oxidation_sources").GetProperty("Cs").GetString());
        Assert.Equal(0, r.GetProperty("residual_charge").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("oxidation_reason").ValueKind);
    }

    [Fact]
    public void BvseOnCsSnI3RunsWithTheGuessedSn2AndRefusesAnIntermetallic()
    {
        // Cs+ needs only Cs+–I−, which the softBV table has; Sn2+–I− (not in the table) is not needed.
        var (code, stdout, stderr) = Run("bvse", Oxidation("CsSnI3_cubic.cif"), "--ion", "Cs1+", "--json");
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
            Assert.True(doc.RootElement.GetProperty("E_3D").GetDouble() > 0);

        var (bad, _, err) = Run("bvse", Oxidation("Au3Cu-Bogdanovite.cif"), "--ion", "Cu1+");
        Assert.Equal(2, bad);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Au3Cu-Bogdanovite.cif", line);
        Assert.Contains("no meaningful oxidation states", line);
        Assert.Contains("--oxi", line);
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
