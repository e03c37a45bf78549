using GpuBv.IO.Trajectories;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Trajectory;

/// <summary>
/// <see cref="Diffusion"/> against the reference numbers of SOURCES.md (a re-implementation of pymatgen's
/// DiffusionAnalyzer, smoothed "max") for the Na3PS4 trajectory: Na, 800 K, 20 fs per frame.
/// </summary>
public sealed class DiffusionTests
{
    internal static string Na3PS4 => Path.Combine(AppContext.BaseDirectory, "Data", "trajectories",
        "Na3PS4_cubic_800K_pmgdiff_pda_XDATCAR.gz");

    private static readonly Lazy<DiffusionResult> Result = new(() =>
    {
        using var r = TrajectoryFile.Open(Na3PS4);
        return Diffusion.Compute(r, "Na", 20, 800);
    });

    private static void Rel(double expected, double actual, double tol = 1e-6)
        => Assert.True(Math.Abs(actual - expected) <= tol * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Diffusivities_match_the_reference()
    {
        var d = Result.Value;
        Rel(1.730947598766702e-05, d.Diffusivity);
        Rel(3.666219969302523e-06, d.ChargeDiffusivity);
        Rel(4.721341363202505, d.HavenRatio);
    }

    [Fact]
    public void Conductivities_match_the_reference()
    {
        var d = Result.Value;
        Rel(687.0879206396459, d.Conductivity);
        Rel(145.52811749531944, d.ChargeConductivity);
        Assert.Equal(1.0, d.Charge);
    }

    [Fact]
    public void Lags_and_first_msd_values_match_the_reference()
    {
        var d = Result.Value;
        Assert.Equal(100, d.Frames);
        Assert.Equal(48, d.AtomCount);
        Assert.Equal(50, d.Lags.Length);
        Assert.Equal(Enumerable.Range(50, 50), d.Lags);
        Assert.Equal(1000.0, d.LagTimesFs[0]);
        double[] msd = [1.9884194818526562, 2.024168154382598, 2.062764080703552, 2.1029695166670996];
        for (int i = 0; i < msd.Length; i++)
            Rel(msd[i], d.Msd[i]);
    }

    [Fact]
    public void Errors_components_and_displacements_are_sane()
    {
        var d = Result.Value;
        Assert.True(d.DiffusivityStdErr > 0 && d.DiffusivityStdErr < d.Diffusivity);
        Assert.True(d.ChargeDiffusivityStdErr > 0);
        Assert.Equal(3, d.DiffusivityComponents.Length);
        Assert.All(d.DiffusivityComponents, x => Assert.True(x > 0 && x < 10 * d.Diffusivity));
        for (int i = 0; i < d.Lags.Length; i++)
            Rel(d.Msd[i], d.MsdComponents[3 * i] + d.MsdComponents[3 * i + 1] + d.MsdComponents[3 * i + 2], 1e-12);
        Assert.Equal(["Na", "P", "S"], d.MaxDisplacement.Keys.Order());
        Assert.True(d.MaxDisplacement["Na"] > d.MaxFrameworkDisplacement);
        Assert.Equal(Math.Max(d.MaxDisplacement["P"], d.MaxDisplacement["S"]), d.MaxFrameworkDisplacement);
    }

    [Fact]
    public void Fit_reproduces_a_line_exactly()
    {
        double[] t = [1000, 1200, 1400, 1600];
        var msd = t.Select(x => 0.006 * x + 0.3).ToArray();
        var (dd, err) = Diffusion.DiffusivityFromMsd(msd, t);
        Assert.Equal(0.006 / 60, dd, 1e-15);
        Assert.True(err < 1e-12);
    }

    [Fact]
    public void Refuses_beyond_the_memory_budget()
    {
        using var r = TrajectoryFile.Open(Na3PS4);
        var e = Assert.Throws<InputException>(() => Diffusion.Compute(r, "Na", 20, 800,
            new DiffusionOptions { MemoryBudgetBytes = 20_000 }));
        Assert.Contains("memory budget", e.Message);
        Assert.Contains("needs", e.Message);
    }

    [Fact]
    public void Too_short_a_run_is_an_input_error()
    {
        using var r = TrajectoryFile.Open(Na3PS4);
        Assert.Throws<InputException>(() => Diffusion.Compute(r, "Na", 5, 800)); // lags from 200 frames, only 100
    }

    [Fact]
    public void Unknown_species_is_an_input_error()
    {
        using var r = TrajectoryFile.Open(Na3PS4);
        Assert.Throws<InputException>(() => Diffusion.Compute(r, "Li", 20, 800));
    }
}
