using System.Text.Json;
using Xunit;

namespace GpuBv.Tests.Cli;

/// <summary>
/// <c>--dt-fs</c> only where a time is used (issue 15): a density needs none and is the same with it; a slice can be given in
/// frames; times in ps without a time step, or ps and frames mixed, are one-line errors.
/// </summary>
public sealed class TrajTimeOptionsTests
{
    private static readonly string Na3Ps4 =
        Path.Combine(TestData.Root, "trajectories", "Na3PS4_cubic_800K_pmgdiff_pda_XDATCAR.gz");

    [Fact]
    public void ADensityNeedsNoTimeStepAndIsTheSameWithOne()
    {
        string dir = Path.GetDirectoryName(TestData.TempFile("x", ""))!;
        string a = Path.Combine(dir, "a.cube");
        string b = Path.Combine(dir, "b.cube");
        var (code, without, err) = GpubvRunner.Run("traj", "density", Na3Ps4, "--species", "Na", "--json", "--cube", a);
        Assert.True(code == 0, err);
        (code, var with, err) = GpubvRunner.Run("traj", "density", Na3Ps4, "--species", "Na", "--json", "--cube", b, "--dt-fs", "2");
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllText(b), File.ReadAllText(a));
        using var x = JsonDocument.Parse(without);
        using var y = JsonDocument.Parse(with);
        Assert.Equal(JsonValueKind.Null, x.RootElement.GetProperty("dt_fs").ValueKind);
        Assert.Equal(2, y.RootElement.GetProperty("dt_fs").GetDouble());
        foreach (var key in new[] { "max_density", "isovalue", "occupied_points", "frames", "grid_points" })
        {
            Assert.Equal(y.RootElement.GetProperty(key).ToString(), x.RootElement.GetProperty(key).ToString());
        }
    }

    [Fact]
    public void FramesSelectTheSameSliceAsTimes()
    {
        var (code, frames, err) = GpubvRunner.Run("traj", "density", Na3Ps4, "--species", "Na", "--json", "--frame-ini", "10",
            "--frames", "21");
        Assert.True(code == 0, err);
        (code, var times, err) = GpubvRunner.Run("traj", "density", Na3Ps4, "--species", "Na", "--json", "--dt-fs", "2",
            "--t-ini", "0.02", "--t-window", "0.04");
        Assert.True(code == 0, err);
        using var f = JsonDocument.Parse(frames);
        using var t = JsonDocument.Parse(times);
        Assert.Equal(21, f.RootElement.GetProperty("frames").GetInt32());
        Assert.Equal(10, f.RootElement.GetProperty("t_ini_frame").GetInt32());
        Assert.Equal(JsonValueKind.Null, f.RootElement.GetProperty("t_ini_ps").ValueKind);
        Assert.Equal(t.RootElement.GetProperty("frames").GetInt32(), f.RootElement.GetProperty("frames").GetInt32());
        Assert.Equal(t.RootElement.GetProperty("t_ini_frame").GetInt32(), f.RootElement.GetProperty("t_ini_frame").GetInt32());
        Assert.Equal(t.RootElement.GetProperty("max_density").ToString(), f.RootElement.GetProperty("max_density").ToString());
    }

    [Theory]
    [InlineData("--dt-fs: required here: this analysis reports times", "diffusion", "--temperature", "800")]
    [InlineData("--dt-fs: is needed to turn --t-ini (ps) into frames; without a time step give --frame-ini and --frames",
        "density", "--t-ini", "1")]
    [InlineData("--frame-ini: 3: give either --t-ini (ps) or --frame-ini (frames), not both", "density", "--dt-fs", "2", "--t-ini",
        "0.02", "--frame-ini", "3")]
    [InlineData("--frames: 5: give either --t-window (ps) or --frames (frames), not both", "density", "--dt-fs", "2", "--t-window",
        "1", "--frames", "5")]
    [InlineData("--frames: 0: must be at least 1", "density", "--frames", "0")]
    public void TimesWithoutATimeStepOrMixedUnitsAreOneLineErrors(string message, string analysis, params string[] more)
    {
        var (code, _, err) = GpubvRunner.Run(["traj", analysis, Na3Ps4, "--species", "Na", .. more]);
        Assert.Equal(2, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }
}
