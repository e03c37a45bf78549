using System.CommandLine;
using System.Globalization;
using GpuBv.Cli.Options;
using GpuBv.Cli.Plots;
using GpuBv.Cli.Reports;
using GpuBv.Cli.Reports.Traj;
using GpuBv.Trajectory.Analysis;
using static GpuBv.Cli.Commands.Traj.TrajOutput;

namespace GpuBv.Cli.Commands.Traj;

/// <summary>
/// <c>gpubv traj diffusion</c>: MSD, self and charge diffusivity, Nernst–Einstein conductivity, Haven ratio (pymatgen
/// DiffusionAnalyzer conventions).
/// </summary>
internal static class DiffusionCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new TrajectoryOptions();
        var species = new Option<string>("--species") { Description = "The mobile species, e.g. Li.", Required = true };
        var temperature = new Option<double>("--temperature") { Description = "Temperature in K (for the conductivity).", Required = true };
        var charge = new Option<double?>("--charge")
        {
            Description =
                "Ion charge for the conductivity (default: +1 alkali/Ag/Cu/H, +2 alkaline earth/Zn, +3 Al/Ga/Sc/Y/La, −1 halide, "
                    + "−2 O/S/Se).",
        };
        var smoothed = new Option<string>("--smoothed")
        {
            Description =
                "max: MSD over every time origin, lags from 1000 fs to N_ions·N_frames/30 frames, fit weighted by 1/t (pymatgen's "
                    + "default); "
                + "none: displacement from the first frame only, every frame a point, unweighted fit.",
            DefaultValueFactory = _ => "max",
        };
        smoothed.AcceptOnlyFromAmong("max", "none");
        var png = new Option<string?>("--png") { Description = "Draw the MSD (and charge MSD) against time with the fitted line to FILE." };
        var memory = new MemoryOptions();
        var cmd = o.Command("diffusion",
            "Mean square displacement, self diffusivity D (cm²/s), charge diffusivity, Nernst–Einstein conductivity σ (mS/cm), "
                + "Haven ratio and largest displacements, "
            + "following pymatgen-analysis-diffusion's DiffusionAnalyzer (unwrapped positions, drift corrected by the mean "
                + "displacement of all other atoms). "
            + "Memory: --smoothed max keeps the species' unwrapped positions, N_species × N_frames × 3 doubles (refused beyond "
                + "the memory budget, --memory); none streams.",
            species, temperature, charge, smoothed, png, memory.Memory);
        cmd.SetAction(p => o.Execute(p, stderr, run =>
        {
            string el = run.Species(p.GetValue(species)!);
            double temp = p.GetValue(temperature);
            if (!(temp > 0) || !double.IsFinite(temp))
            {
                throw new InputException("--temperature", temp.ToString(Inv), "must be a positive number of K");
            }
            double? q = p.GetValue(charge);
            if (q is double qq && (qq == 0 || !double.IsFinite(qq)))
            {
                throw new InputException("--charge", qq.ToString(Inv), "must be a nonzero number");
            }
            bool max = p.GetValue(smoothed) == "max";
            var options = new DiffusionOptions { Charge = q, MemoryBudgetBytes = memory.Budget(p)?.Bytes };
            var r = max
                ? Diffusion.Compute(run.Stream, el, run.DtFs, temp, options)
                : Diffusion.ComputeUnsmoothed(run.Stream, el, run.DtFs, temp, q ?? Diffusion.DefaultCharge(el, run.Path));
            // pymatgen floors the fitted slope at 1e-15 Å²/fs; a charge MSD that does not grow makes the Haven ratio meaningless.
            bool floored = r.ChargeDiffusivity <= 1e-15 / 60 * (1 + 1e-9);
            if (floored)
            {
                stderr.WriteLine("gpubv: warning: the charge MSD does not grow over the fitted lags (slope ≤ 0): the charge "
                    + "diffusivity is "
                    + "pymatgen's floor 1e-15/60 cm²/s and the Haven ratio is meaningless (the run is too short for collective "
                        + "diffusion)");
            }
            Render(run, stdout, r, max, floored, p.GetValue(png));
        }));
        return cmd;
    }

    private static void Render(TrajectoryRun run, TextWriter stdout, DiffusionResult r, bool max, bool floored, string? png)
    {
        run.WriteCsv(["lag_ps", "msd_A2", "mscd_A2", "msd_x_A2", "msd_y_A2", "msd_z_A2"], Enumerable.Range(0, r.Lags.Length).Select(i =>
            (IEnumerable<string>)[F(r.LagTimesFs[i] / 1000), F(r.Msd[i]), F(r.Mscd[i]),
                F(r.MsdComponents[3 * i]), F(r.MsdComponents[3 * i + 1]), F(r.MsdComponents[3 * i + 2])]));
        if (png is string path)
        {
            Write(path, () => MsdPlot.Draw(path, r, Path.GetFileName(run.Path), max));
        }
        var maxDisplacement = r.MaxDisplacement.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        if (run.Json)
        {
            ReportJson.Write(stdout, run.Head(new DiffusionReport
            {
                Species = r.Species,
                Ions = r.AtomCount,
                Temperature = r.TemperatureK,
                Charge = r.Charge,
                Smoothed = max ? "max" : "none",
                D = Exact(r.Diffusivity),
                DStdErr = Exact(r.DiffusivityStdErr),
                DComponents = r.DiffusivityComponents.Select(Exact).ToList(),
                Sigma = Exact(r.Conductivity),
                SigmaStdErr = Exact(r.ConductivityStdErr),
                ChargeD = Exact(r.ChargeDiffusivity),
                ChargeDStdErr = Exact(r.ChargeDiffusivityStdErr),
                ChargeSigma = Exact(r.ChargeConductivity),
                HavenRatio = Exact(r.HavenRatio),
                ChargeDFloored = floored,
                MaxDisplacement = maxDisplacement.ToDictionary(kv => kv.Key, kv => Num(kv.Value, 6)),
                MaxFrameworkDisplacement = Num(r.MaxFrameworkDisplacement, 6),
                Volume = Num(r.VolumeA3, 6),
                Lags = new(r.Lags.Length, Num(r.LagTimesFs[0] / 1000), Num(r.LagTimesFs[^1] / 1000)),
            }, "diffusion"));
            return;
        }
        string components = string.Join(", ", r.DiffusivityComponents.Select(x => x.ToString("0.###E+0", Inv)));
        stdout.WriteLine($"file:        {run.Path} ({r.Frames} frames, {r.AtomCount} {r.Species}, {G(r.TemperatureK)} K, smoothed "
            + $"{(max ? "max" : "none")})");
        stdout.WriteLine(string.Create(Inv,
            $"D:           {r.Diffusivity:0.####E+0} ± {r.DiffusivityStdErr:0.##E+0} cm²/s   (x, y, z: {components})"));
        stdout.WriteLine(string.Create(Inv,
            $"σ:           {r.Conductivity:0.####} ± {r.ConductivityStdErr:0.###} mS/cm (charge {r.Charge:+0.##;-0.##})"));
        stdout.WriteLine(string.Create(Inv,
            $"D_charge:    {r.ChargeDiffusivity:0.####E+0} cm²/s, σ_charge {r.ChargeConductivity:0.####} mS/cm, Haven ratio "
                + $"{r.HavenRatio:0.###}"));
        stdout.WriteLine("max displacement (Å): " + string.Join(", ", maxDisplacement.Select(kv => $"{kv.Key} {G(kv.Value, "0.##")}")));
    }
}
