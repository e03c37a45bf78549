using System.Text.Json;
using GpuBv.Cli;
using GpuBv.Groups;
using Xunit;

using static GpuBv.Tests.Cli.GpubvRunner;

namespace GpuBv.Tests.Cli;

/// <summary><c>gpubv coupling</c>: JSON fields, files, user parameters, bad input.</summary>
public sealed class CouplingCliTests
{

    [Fact]
    public void AGivenErotCutoffIsUsedAsItIs()
    {
        var (code, stdout, stderr) = Run("coupling", TestData.Paper("Li3PO4_beta_mp-13725.cif"), "--cation", "Li1+", "--device", "cpu",
            "--json", "--erot-spacing", "0.1", "--erot-cutoff", "9.25");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal(9.25, r.GetProperty("erot_cutoff").GetDouble());
        Assert.False(r.GetProperty("erot_cutoff_auto").GetBoolean());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("erot_cutoff_tail_range").ValueKind);
    }

    [Fact]
    public void JsonHasTheDocumentedFields()
    {
        var dir = Path.GetDirectoryName(TestData.TempFile("x", ""))!;
        string cube = Path.Combine(dir, "o.cube"), png = Path.Combine(dir, "shell.png");
        var (code, stdout, stderr) = Run("coupling", TestData.Paper("Li3PO4_beta_mp-13725.cif"), "--cation", "Li1+", "--device", "cpu",
            "--json", "--erot-spacing", "0.05", "--cube", cube, "--png", png);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal("Li1+", r.GetProperty("cation").GetString());
        Assert.Equal("O2-", r.GetProperty("anion").GetString());
        Assert.Equal("local", r.GetProperty("erot_grid").GetString());
        Assert.Equal(0.05, r.GetProperty("erot_spacing").GetDouble());
        // Without --erot-cutoff the local cutoff is chosen by the tail test: between 6 Å and the maps' --cutoff.
        Assert.InRange(r.GetProperty("erot_cutoff").GetDouble(), RotationBarrier.ShortestLocalCutoff, 10);
        Assert.True(r.GetProperty("erot_cutoff_auto").GetBoolean());
        Assert.InRange(r.GetProperty("erot_cutoff_tail_range").GetDouble(), 0, RotationBarrier.LocalCutoffTolerance);
        Assert.Equal("cpu", r.GetProperty("percolation_device").GetString());
        double eMig = r.GetProperty("E_mig").GetDouble(), eRot = r.GetProperty("E_rot").GetDouble();
        Assert.Equal(eMig / eRot, r.GetProperty("ratio").GetDouble(), 4);
        Assert.Equal(eMig / eRot > 2 ? "rotate" : "vibrate", r.GetProperty("mode").GetString());
        var groups = r.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(2, groups.Count);
        foreach (var g in groups)
        {
            Assert.Equal("P", g.GetProperty("center").GetProperty("element").GetString());
            Assert.Equal(3, g.GetProperty("center").GetProperty("frac").GetArrayLength());
            Assert.Equal(4, g.GetProperty("anions").GetArrayLength());
            Assert.Equal(3, g.GetProperty("join_point").GetArrayLength());
            Assert.True(g.GetProperty("E_rot").GetDouble() >= eRot - 1e-9);
        }
        Assert.True(new FileInfo(cube).Length > 1000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png).Take(4).ToArray());
    }

    [Fact]
    public void GlobalGridIsSelectable()
    {
        var (code, stdout, stderr) = Run(
            "coupling", TestData.Structure("LiFePO4.cif"), "--cation", "Li+", "--device", "cpu", "--json", "--erot-grid", "global");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("global", doc.RootElement.GetProperty("erot_grid").GetString());
        Assert.Equal(doc.RootElement.GetProperty("E_rot").GetDouble(), doc.RootElement.GetProperty("E_rot_global").GetDouble(), 9);
    }

    [Fact]
    public void NoGroupsIsModeNone()
    {
        var (code, stdout, _) = Run("coupling", TestData.Structure("Li2O.cif"), "--cation", "Li+", "--device", "cpu", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("none", doc.RootElement.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("E_rot").ValueKind);
        Assert.Equal(0, doc.RootElement.GetProperty("groups").GetArrayLength());
    }

    [Fact]
    public void BorohydrideNeedsParametersThenFindsBh4()
    {
        var (code, _, stderr) = Run("coupling", TestData.Paper("LiBH4_Pnma_MPderived.cif"), "--cation", "Li+", "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains("B3+–H1-", stderr);
        var p = TestData.TempFile("bh.dat", "cation cation_valence anion anion_valence Nc R0 Rcutoff D0 Rmin alpha\n"
            + "B 3 H -1 4 1.15 4 1.2 1.25 2.5\nLi 1 H -1 4 1.45 5 0.6 2.0 2.1\n");
        var (code2, stdout2, stderr2) = Run("coupling", TestData.Paper("LiBH4_Pnma_MPderived.cif"), "--cation", "Li+", "--device", "cpu",
            "--params", p, "--json", "--erot-spacing", "0.05");
        Assert.True(code2 == 0, stderr2);
        using var doc = JsonDocument.Parse(stdout2);
        Assert.Equal("H1-", doc.RootElement.GetProperty("anion").GetString());
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(4, groups.Count);
        Assert.All(groups, g => Assert.Equal("BH4", g.GetProperty("formula").GetString()));
    }

    [Theory]
    [InlineData("structures/LiFePO4.cif", new[] { "--anion", "Cl-" }, "Cl1- is not in the structure")]
    [InlineData("structures/LiFePO4.cif", new[] { "--center", "S" }, "S is not in the structure")]
    [InlineData("structures/LiFePO4.cif", new[] { "--center", "Fe" }, "no Fe-centred anion group")]
    [InlineData("structures/LiFePO4.cif", new[] { "--group", "P" }, "expected CENTRE-ANION")]
    [InlineData("structures/LiFePO4.cif", new[] { "--anion", "Li+" }, "negative charge")]
    [InlineData("structures/LiFePO4.cif", new[] { "--threshold", "0" }, "--threshold")]
    [InlineData("structures/LiFePO4.cif", new[] { "--erot-cutoff", "0" }, "the local E_rot cutoff must be in (0, 50] Å")]
    [InlineData("structures/LiFePO4.cif", new[] { "--dimension", "4" }, "'4'")]
    [InlineData("paper/LiBH4_Pnma_MPderived.cif", new string[0], "B3+–H1-")]
    public void BadInputIsOneLineAndExitTwo(string file, string[] options, string expected)
    {
        var (code, stdout, stderr) = Run(["coupling", Path.Combine(TestData.Root, file), "--cation", "Li+", "--device", "cpu", .. options]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
    }

    /// <summary>The old command parsed --cation with the --ion wording: "--ion: 'Lii': ...".</summary>
    [Fact]
    public void AMisspelledCationIsReportedUnderItsOwnFlag()
    {
        var (code, _, stderr) = Run("coupling", TestData.Paper("Li3PO4_beta_mp-13725.cif"), "--cation", "Lii", "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Equal("gpubv: error: --cation: 'Lii': expected an element with its charge, e.g. Li1+, Na+, Mg2+, O2-, F-",
            stderr.Trim());
    }

    [Fact]
    public void MissingHydrogensAreRefusedUnlessAllowed()
    {
        Assert.Contains("--allow-missing-h", Run("coupling", "--help").stdout, StringComparison.Ordinal);
        string path = BvseCliTests.LiOHWithoutHydrogenSites();
        BvseCliTests.SkipUnlessTheReaderReportsMissingHydrogens(path);
        string[] args = ["coupling", path, "--cation", "Li+", "--device", "cpu", "--oxi", "Li=1,O=-2", "--resolution", "0.5"];
        var (code, _, stderr) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains("2 H per cell", stderr, StringComparison.Ordinal);
        Assert.Contains("pass --allow-missing-h", stderr, StringComparison.Ordinal);
        var (allowed, _, allowedErr) = Run([.. args, "--allow-missing-h"]);
        Assert.True(allowed == 0, allowedErr);
    }

    /// <summary>Issue 12: a negative shell tolerance was an internal error with an exception name.</summary>
    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    public void ABadShellToleranceIsAOneLineUsageError(string value)
    {
        var (code, _, stderr) = Run("coupling", TestData.Paper("Li3PO4_beta_mp-13725.cif"), "--cation", "Li1+", "--device", "cpu",
            "--shell-tolerance", value);
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("gpubv: error: --shell-tolerance: ", stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 12: --erot-spacing 1e-3 grew to 8.3 GB and ended in an OverflowException. Now it is refused before any map is
    /// computed with the finest spacing that fits the budget, and that spacing runs.
    /// </summary>
    [Fact]
    public void ATooFineErotSpacingIsRefusedUpFrontWithASpacingThatRuns()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        string[] args = ["coupling", TestData.Paper("Li3PO4_beta_mp-13725.cif"), "--cation", "Li1+", "--device", "cpu",
            "--resolution", "0.5", "--memory", "8M"];
        var (code, _, stderr) = Run([.. args, "--erot-spacing", "1e-3"]);
        Assert.Equal(2, code);
        Assert.True(sw.Elapsed.TotalSeconds < 30, $"refusal took {sw.Elapsed.TotalSeconds:0.#} s");
        var m = System.Text.RegularExpressions.Regex.Match(stderr, @"use --erot-spacing ([0-9.]+) or coarser");
        Assert.True(m.Success, stderr);
        Assert.Contains("--memory", stderr, StringComparison.Ordinal);
        var (again, _, againErr) = Run([.. args, "--erot-spacing", m.Groups[1].Value]);
        Assert.True(again == 0, againErr);
    }

    [Fact]
    public void ABadMemorySizeIsAUsageError()
    {
        var (code, _, stderr) = Run("coupling", TestData.Paper("Li3PO4_beta_mp-13725.cif"), "--cation", "Li1+", "--device", "cpu",
            "--memory", "lots");
        Assert.Equal(2, code);
        Assert.StartsWith("gpubv: error: --memory: lots: must be a size", stderr.Trim(), StringComparison.Ordinal);
    }
}
