using System.Globalization;
using System.Text.Json;
using GpuBv.Cli;
using Xunit;

using static GpuBv.Tests.Cli.GpubvRunner;

namespace GpuBv.Tests.Cli;

/// <summary><c>gpubv bvse</c>: JSON fields, output files, bad input.</summary>
public sealed class BvseCliTests
{

    [Fact]
    public void JsonHasTheDocumentedFields()
    {
        var (code, stdout, stderr) = Run("bvse", TestData.Structure("LiF.cif"), "--ion", "Li1+", "--device", "cpu", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.EndsWith("LiF.cif", r.GetProperty("file").GetString());
        Assert.Equal("Li1+", r.GetProperty("ion").GetString());
        // LiF a = 4.0834 Å: ceil(4.0834 / 0.2) = 21 points per axis.
        Assert.Equal([21, 21, 21], r.GetProperty("grid").EnumerateArray().Select(x => x.GetInt32()).ToArray());
        foreach (var k in new[] { "E_1D", "E_2D", "E_3D" })
            Assert.InRange(r.GetProperty(k).GetDouble(), 0.3, 0.7);
        Assert.Equal(3, r.GetProperty("saddle_3D").GetArrayLength());
        Assert.True(r.GetProperty("E_min_raw").ValueKind == JsonValueKind.Number);
        Assert.Equal(-1, r.GetProperty("oxidation_states").GetProperty("F")[0].GetDouble());
        Assert.StartsWith("cpu", r.GetProperty("device").GetString());
        Assert.Equal("cpu", r.GetProperty("percolation_device").GetString());
        Assert.True(r.GetProperty("seconds").GetDouble() > 0);
    }

    [Fact]
    public void JsonSaysTheDeviceOfTheGridAndOfThePercolation()
    {
        var (code, stdout, stderr) = Run("bvse", TestData.Structure("LiF.cif"), "--ion", "Li1+", "--device", "ilgpu-cpu", "--json",
            "--resolution", "0.4");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.StartsWith("ilgpu-cpu", doc.RootElement.GetProperty("device").GetString());
        Assert.StartsWith("ilgpu-cpu", doc.RootElement.GetProperty("percolation_device").GetString());
    }

    [Fact]
    public void BarriersAboveEncutAreNull()
    {
        // LiFePO4: E_1D ≈ 0.41 eV but E_2D, E_3D ≈ 3.3 eV; with --encut 1 only E_1D is reported.
        var (code, stdout, _) = Run(
            "bvse", TestData.Structure("LiFePO4.cif"), "--ion", "Li+", "--device", "cpu", "--json", "--encut", "1", "--resolution", "0.3");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("E_1D").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("E_2D").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("E_3D").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("saddle_3D").ValueKind);
    }

    [Fact]
    public void GrdCubeAndPngFilesAreWritten()
    {
        var dir = Path.GetDirectoryName(TestData.TempFile("x", ""))!;
        string grd = Path.Combine(dir, "m.grd"), cube = Path.Combine(dir, "m.cube"), png = Path.Combine(dir, "m.png");
        var (code, _, stderr) = Run(
            "bvse", TestData.Structure("Li3N.cif"), "--ion", "Li+", "--device", "cpu", "--grd", grd, "--cube", cube, "--png", png);
        Assert.True(code == 0, stderr);

        // .grd: comment; a b c alpha beta gamma; n1 n2 n3; n1·n2·n3 values, minimum 0.
        var lines = File.ReadAllLines(grd);
        Assert.StartsWith("#", lines[0]);
        var cell = lines[1].Split(' ').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3.6507, cell[0], 3);
        Assert.Equal(120, cell[5], 6);
        var n = lines[2].Split(' ').Select(int.Parse).ToArray();
        var values = lines.Skip(3).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(n[0] * n[1] * n[2], values.Length);
        Assert.Equal(0, values.Min());

        // .cube: header with 4 atoms, voxel vectors in Bohr (a / n1), then n1·n2·n3 values.
        var c = File.ReadAllLines(cube);
        Assert.Equal(4, int.Parse(c[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
        var v1 = c[3].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(n[0], int.Parse(v1[0]));
        Assert.Equal(3.6507 / 0.529177210903 / n[0], double.Parse(v1[1], CultureInfo.InvariantCulture), 4);
        int count = c.Skip(6 + 4).Sum(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(n[0] * n[1] * n[2], count);

        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 10_000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4).ToArray());
    }

    [Fact]
    public void UserParametersLetAMissingPairThrough()
    {
        // LiBH4 needs Li+–H− (and the table has none): an error naming the pair, then a run with --params.
        var (code, _, stderr) = Run("bvse", TestData.Paper("LiBH4_Pnma_MPderived.cif"), "--ion", "Li+", "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains("Li1+–H1-", stderr);
        var extra = TestData.TempFile(
            "h.dat", "cation cation_valence anion anion_valence Nc R0 Rcutoff D0 Rmin alpha\nLi 1 H -1 4 1.2 5 0.5 2.0 2.0\n");
        var (code2, stdout2, stderr2) = Run("bvse", TestData.Paper("LiBH4_Pnma_MPderived.cif"), "--ion", "Li+", "--device", "cpu",
            "--params", extra, "--json", "--resolution", "0.3");
        Assert.True(code2 == 0, stderr2);
        Assert.Contains("\"E_1D\"", stdout2);
    }

    [Theory]
    [InlineData("LiF.cif", new[] { "--ion", "Xx+" }, "unknown element symbol 'Xx'")]
    [InlineData("LiF.cif", new[] { "--ion", "Li" }, "expected an element with its charge")]
    [InlineData("LiF.cif", new[] { "--ion", "Na+" }, "not in the structure")]
    [InlineData("LiF.cif", new[] { "--ion", "Li+", "--resolution", "0" }, "must be a positive number")]
    [InlineData("LiF.cif", new[] { "--ion", "Li+", "--resolution", "-0.2" }, "must be a positive number")]
    [InlineData("LiF.cif", new[] { "--ion", "Li+", "--resolution", "0.00001" }, "more than fit in memory")]
    [InlineData("LiF.cif", new[] { "--ion", "Li+", "--neighbours", "8" }, "'8'")]
    [InlineData("LiF.cif", new[] { "--ion", "Li+", "--device", "tpu" }, "expected auto, cuda")]
    [InlineData("LiF.cif", new[] { "--ion", "Li+", "--cutoff", "0" }, "cutoff")]
    [InlineData("LiF.cif", new[] { "--ion", "Li+", "--params", "/nonexistent/p.dat" }, "no such file")]
    public void BadInputIsOneLineAndExitTwo(string file, string[] options, string expected)
    {
        var (code, stdout, stderr) = Run(["bvse", TestData.Structure(file), .. options]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void MissingGpuFallsBackToTheCpuPathAndSaysSoOnce()
    {
        if (GpuBv.Kernels.Compute.IlgpuDevices.TryOpen(GpuBv.Kernels.Compute.DeviceKind.Cuda, 0, out _) is { } s)
        {
            s.Dispose();
            Assert.Skip("this machine has a CUDA device");
        }
        var (code, stdout, stderr) = Run("bvse", TestData.Structure("LiF.cif"), "--ion", "Li+", "--device", "cuda", "--json");
        Assert.Equal(0, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("continuing on the CPU path", stderr);
        Assert.Contains("\"cpu (", stdout);
    }

    /// <summary>
    /// COD 9008958 LiOH (tests/GpuBv.Tests/Data/structures/LiOH_COD.cif) with its H site removed: the formula 'H Li O' with
    /// Z = 2 implies 2 H per cell that no site gives (issue 11, class 8). States are given so that reading needs no guess.
    /// </summary>
    internal static string LiOHWithoutHydrogenSites()
    {
        var kept = File.ReadAllLines(TestData.Structure("LiOH_COD.cif"))
            .Where(l => !l.StartsWith("H 0.00000 0.50000", StringComparison.Ordinal))
            .Append("_cell_formula_units_Z 2");
        return TestData.TempFile("LiOH_no_H_sites.cif", string.Join("\n", kept) + "\n");
    }

    /// <summary>The refusal needs the CIF reader to report implicit hydrogens (issue 11 class 8, filled on another branch).</summary>
    internal static void SkipUnlessTheReaderReportsMissingHydrogens(string path)
    {
        double missing = GpuBv.IO.Structures.StructureReader.ReadFile(path).MissingHydrogens;
        Assert.SkipWhen(missing == 0, "the CIF reader does not report implicit hydrogens on this branch yet");
        Assert.Equal(2, missing, 6);
    }

    [Fact]
    public void MissingHydrogensAreRefusedUnlessAllowed()
    {
        // A clean structure runs with the flag as without it.
        var (clean, _, cleanErr) = Run("bvse", TestData.Structure("LiF.cif"), "--ion", "Li1+", "--device", "cpu", "--allow-missing-h",
            "--resolution", "0.5");
        Assert.True(clean == 0, cleanErr);
        Assert.Contains("--allow-missing-h", Run("bvse", "--help").stdout, StringComparison.Ordinal);

        string path = LiOHWithoutHydrogenSites();
        SkipUnlessTheReaderReportsMissingHydrogens(path);
        string[] args = ["bvse", path, "--ion", "Li1+", "--device", "cpu", "--oxi", "Li=1,O=-2", "--resolution", "0.5"];
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string error = Assert.Single(lines, l => l.Contains("error", StringComparison.Ordinal));
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains("2 H per cell", error, StringComparison.Ordinal);
        Assert.Contains("pass --allow-missing-h", error, StringComparison.Ordinal);

        var (allowed, json, allowedErr) = Run([.. args, "--allow-missing-h", "--json"]);
        Assert.True(allowed == 0, allowedErr);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("E_1D").ValueKind);
    }

    /// <summary>
    /// Issue 12: the resolution a refusal recommends must itself run (before, bvse --resolution 0.008 ran ten minutes and
    /// then failed in the percolation). A small --memory keeps the grid small.
    /// </summary>
    [Fact]
    public void TheRecommendedResolutionRuns()
    {
        string[] args = ["bvse", TestData.Structure("Li2O.cif"), "--ion", "Li+", "--device", "cpu", "--memory", "4M"];
        var (code, _, stderr) = Run([.. args, "--resolution", "0.01"]);
        Assert.Equal(2, code);
        var m = System.Text.RegularExpressions.Regex.Match(stderr, @"use --resolution ([0-9.]+) or coarser");
        Assert.True(m.Success, stderr);
        Assert.Contains("(--memory 4.0 MiB, 40 bytes a point)", stderr, StringComparison.Ordinal);
        var (again, _, againErr) = Run([.. args, "--resolution", m.Groups[1].Value]);
        Assert.True(again == 0, againErr);
    }
}
