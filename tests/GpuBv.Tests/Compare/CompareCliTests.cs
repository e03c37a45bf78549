using System.Text.Json;
using Xunit;

using static GpuBv.Tests.Cli.GpubvRunner;

namespace GpuBv.Tests.Compare;

/// <summary><c>gpubv compare</c> on the shipped Na3PS4 run (structure built from the run): JSON fields, the PNG, bad input.</summary>
public sealed class CompareCliTests
{
    private static string Na3PS4 => Path.Combine(TestData.Root, "trajectories", "Na3PS4_cubic_800K_pmgdiff_pda_XDATCAR.gz");

    [Fact]
    public void FromRunJsonHasTheDocumentedFields()
    {
        string png = Path.Combine(Path.GetDirectoryName(TestData.TempFile("x", ""))!, "compare.png");
        var (code, stdout, stderr) = Run("compare", "--from-run", Na3PS4, "--cation", "Na+", "--device", "cpu", "--json",
            "--resolution", "0.3", "--erot-spacing", "0.1", "--temperature", "800", "--sigma", "0.5", "--frames", "60", "--png", png);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, r.GetProperty("structure").ValueKind);
        Assert.Equal("built from the run", r.GetProperty("structure_source").GetString());
        Assert.Equal("Na1+", r.GetProperty("cation").GetString());
        Assert.Equal(60, r.GetProperty("frames").GetInt32());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("dt_fs").ValueKind); // --dt-fs is optional

        var reg = r.GetProperty("registration");
        Assert.True(reg.GetProperty("built_from_run").GetBoolean());
        Assert.Equal(1, reg.GetProperty("det").GetInt32());

        var st = r.GetProperty("static");
        double e3 = st.GetProperty("E_3D").GetDouble();
        Assert.True(e3 > 0);
        Assert.Equal(e3, st.GetProperty("E_mig").GetDouble());

        var c = r.GetProperty("coupling");
        Assert.Equal("S2-", c.GetProperty("anion").GetString());
        Assert.Equal("P", c.GetProperty("centre").GetString());
        Assert.Equal(16, c.GetProperty("groups").GetInt32());
        Assert.Contains(c.GetProperty("mode").GetString(), new[] { "rotate", "vibrate" });
        Assert.True(c.GetProperty("E_rot").GetDouble() > 0);

        var p = r.GetProperty("paths");
        Assert.Equal(0.5, p.GetProperty("sigma_A").GetDouble());
        Assert.Equal(48 * 60, p.GetProperty("samples").GetInt64());
        Assert.True(p.GetProperty("drift_corrected").GetBoolean());
        Assert.True(p.GetProperty("samples_per_voxel").GetDouble() > 0);
        var levels = p.GetProperty("levels").EnumerateArray().ToList();
        Assert.Equal(0, levels[0].GetProperty("level").GetDouble());
        Assert.True(levels[^1].GetProperty("level").GetDouble() >= e3 + 0.5 - 1e-9);
        for (int i = 1; i < levels.Count; i++)
            Assert.True(levels[i].GetProperty("fraction").GetDouble() >= levels[i - 1].GetProperty("fraction").GetDouble());
        Assert.Contains(levels, l => l.GetProperty("label").GetString() == "E_3D" && l.GetProperty("level").GetDouble() == e3);
        var enc = p.GetProperty("enclosing_levels");
        Assert.True(enc.GetProperty("0.8").GetDouble() <= enc.GetProperty("0.9").GetDouble());
        Assert.True(enc.GetProperty("0.9").GetDouble() <= enc.GetProperty("0.95").GetDouble());
        double f = p.GetProperty("fraction_at_E_mig").GetDouble();
        Assert.True(f is > 0 and <= 1);
        Assert.True(p.GetProperty("volume_fraction_at_E_mig").GetDouble() is > 0 and < 1);
        Assert.True(levels[^1].GetProperty("volume_fraction").GetDouble() >= levels[0].GetProperty("volume_fraction").GetDouble());
        var ov = p.GetProperty("boltzmann_overlap");
        Assert.Equal(800, ov.GetProperty("temperature_K").GetDouble());
        Assert.True(ov.GetProperty("bhattacharyya").GetDouble() is > 0 and <= 1);
        Assert.Contains("not free energies", ov.GetProperty("note").GetString());

        var d = r.GetProperty("dimensionality");
        Assert.InRange(d.GetProperty("dynamic").GetInt32(), 0, 3);
        Assert.InRange(d.GetProperty("region95").GetInt32(), 0, 3);
        Assert.Equal(3, d.GetProperty("static_at_E_mig").GetInt32());
        Assert.Equal(48, d.GetProperty("ions").GetInt32());

        // Hops: either the coupled fraction with its chance level, or null with the reason.
        var h = r.GetProperty("hops");
        if (h.ValueKind == JsonValueKind.Null)
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("hops_reason").GetString()));
        }
        else
        {
            Assert.True(h.GetProperty("hops").GetInt32() > 0);
            Assert.True(h.GetProperty("chance_level").GetDouble() is >= 0 and <= 1);
            Assert.True(h.GetProperty("bytes_per_frame").GetInt64() > 0);
        }
        Assert.Equal(png, r.GetProperty("png").GetString());
        Assert.True(new FileInfo(png).Length > 10_000);
    }

    /// <summary>
    /// The ring and angle parts wired into the command: at τ = 10 frames the mean P–S rotation angle over all origins is the
    /// independent 11.436° of trajectories/SOURCES.md (every frame of the run); without --lag the lag is the median hop window,
    /// from a second pass; the ring block has one entry per trajectory group, and at 800 K no bond passes half the site angle.
    /// </summary>
    [Fact]
    public void RingsAndAnglesAreReported()
    {
        var (code, stdout, stderr) = Run("compare", "--from-run", Na3PS4, "--cation", "Na+", "--device", "cpu", "--json",
            "--resolution", "0.3", "--erot-spacing", "0.1", "--lag", "10", "--dt-fs", "20");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        var a = r.GetProperty("angles");
        Assert.Equal(10, a.GetProperty("lag_frames").GetInt32());
        Assert.Equal(200, a.GetProperty("lag_fs").GetDouble());
        Assert.Equal("given", a.GetProperty("lag_source").GetString());
        Assert.Equal(64, a.GetProperty("bonds").GetInt32());
        Assert.Equal(11.436, a.GetProperty("mean_deg").GetDouble(), 0.01);
        Assert.Equal(64L * 90, a.GetProperty("samples").GetInt64());
        Assert.Equal(a.GetProperty("samples").GetInt64(), a.GetProperty("counts").EnumerateArray().Sum(x => x.GetInt64()));
        var rings = r.GetProperty("rings");
        Assert.Equal(0.3, rings.GetProperty("site_radius_A").GetDouble());
        Assert.Equal(16, rings.GetProperty("groups").GetArrayLength());
        Assert.InRange(rings.GetProperty("ring_fraction").GetDouble(), 0, 1);
        Assert.Equal(0, rings.GetProperty("flip_fraction").GetDouble());
        foreach (var g in rings.GetProperty("groups").EnumerateArray())
        {
            Assert.True(g.GetProperty("shell_samples").GetInt64() > 0);
            Assert.True(g.GetProperty("ring_samples").GetInt64() <= g.GetProperty("level_samples").GetInt64());
            Assert.InRange(g.GetProperty("flip_threshold_deg").GetDouble(), 40, 60);
        }

        var (code2, stdout2, stderr2) = Run("compare", "--from-run", Na3PS4, "--cation", "Na+", "--device", "cpu", "--json",
            "--resolution", "0.3", "--erot-spacing", "0.1");
        Assert.True(code2 == 0, stderr2);
        using var doc2 = JsonDocument.Parse(stdout2);
        var median = doc2.RootElement.GetProperty("hops").GetProperty("median_window_frames").GetDouble();
        var a2 = doc2.RootElement.GetProperty("angles");
        Assert.Equal(Math.Max(1, (int)Math.Round(median)), a2.GetProperty("lag_frames").GetInt32());
        Assert.Equal("the median hop window", a2.GetProperty("lag_source").GetString());
        Assert.Equal(JsonValueKind.Null, a2.GetProperty("lag_fs").ValueKind); // no --dt-fs: no time
    }

    /// <summary>The shell maps the ring fraction keeps are refused beyond 25 % of the budget, with the reason; the rest stays.</summary>
    [Fact]
    public void ShellMapsBeyondAQuarterOfTheBudgetLeaveTheRingsNullWithTheReason()
    {
        var (code, stdout, stderr) = Run("compare", "--from-run", Na3PS4, "--cation", "Na+", "--device", "cpu", "--json",
            "--resolution", "0.3", "--erot-spacing", "0.1", "--memory", "32M");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, r.GetProperty("rings").ValueKind);
        string reason = r.GetProperty("rings_reason").GetString()!;
        Assert.Contains("shell maps need", reason);
        Assert.Contains("--memory", reason);
        Assert.Equal(JsonValueKind.Object, r.GetProperty("angles").ValueKind);
        Assert.Equal(JsonValueKind.Object, r.GetProperty("coupling").ValueKind);
    }

    /// <summary>
    /// The real run against its idealised cubic cell (Na3PS4_cubic_ideal.cif, a = 6.995 Å): the run's 14 Å cell is 2×2×2
    /// of it but monoclinic by 2.95°, so the default 1° tolerance refuses it with one line naming both cells, and
    /// --angle-tolerance 3 registers it with M = 2I (det 8), the framework within 0.5 Å RMS.
    /// </summary>
    [Fact]
    public void TheRealRunRegistersOnItsCubicCellAsATwoByTwoByTwoSupercell()
    {
        string cif = Path.Combine(TestData.Root, "trajectories", "Na3PS4_cubic_ideal.cif");
        var (bad, _, badErr) = Run("compare", cif, Na3PS4, "--cation", "Na+", "--device", "cpu", "--erot-spacing", "0.1");
        Assert.Equal(2, bad);
        Assert.Contains("is no integer multiple M of the structure cell", badErr);
        Assert.Contains("1° in angles", badErr);
        var (code, stdout, stderr) = Run("compare", cif, Na3PS4, "--cation", "Na+", "--device", "cpu", "--json",
            "--erot-spacing", "0.1", "--angle-tolerance", "3", "--frames", "30");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var reg = doc.RootElement.GetProperty("registration");
        Assert.Equal(8, reg.GetProperty("det").GetInt32());
        var m = reg.GetProperty("matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        Assert.Equal([[2, 0, 0], [0, 2, 0], [0, 0, 2]], m);
        Assert.InRange(reg.GetProperty("rms_distance_A").GetDouble(), 0, 0.5);
        Assert.Equal(2, doc.RootElement.GetProperty("coupling").GetProperty("groups").GetInt32());
    }

    [Fact]
    public void TheTextSummarySaysTheStructureWasBuiltFromTheRun()
    {
        var (code, stdout, stderr) = Run("compare", "--from-run", Na3PS4, "--cation", "Na+", "--device", "cpu", "--resolution", "0.3",
            "--erot-spacing", "0.1", "--frames", "20");
        Assert.True(code == 0, stderr);
        Assert.Contains("built from the run", stdout);
        Assert.Contains("fraction of MD probability within E_mig", stdout);
    }

    [Theory]
    [InlineData("--from-run", "A", "B")]
    [InlineData("A")]
    public void WrongFileCountsAreOneLineErrors(params string[] files)
    {
        var (code, _, stderr) = Run(["compare", .. files, "--cation", "Na+"]);
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("gpubv: error:", stderr);
    }

    [Fact]
    public void AStructureWithoutTheCationIsAnError()
    {
        var (code, _, stderr) = Run("compare", "--from-run", Na3PS4, "--cation", "Li+", "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains("no Li atoms", stderr);
    }
}
