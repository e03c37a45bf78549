using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GpuBv.Cli.Options;
using GpuBv.Cli.Plots;
using GpuBv.Cli.Reports;
using GpuBv.Cli.Reports.Traj;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using static GpuBv.Cli.Commands.Traj.TrajOutput;

namespace GpuBv.Cli.Commands.Traj;

/// <summary><c>gpubv traj acf</c>: velocity ACF of a species and/or bond-orientation ACFs C1, C2 and θ̄ of
/// centre–anion bonds.</summary>
internal static class AcfCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new TrajectoryOptions();
        var species = new Option<string?>("--species")
        {
            Description = "Velocity ACF of this species (velocities by forward differences of unwrapped positions).",
        };
        var center = new Option<string?>("--center")
        {
            Description =
            "Bond-orientation ACFs of the bonds from this centre element (with --anion), e.g. P."
        };
        var anion = new Option<string?>("--anion") { Description = "Anion element of the bonds, e.g. S." };
        var neighbours = new Option<int>("--neighbours")
        {
            Description = "Bonds per centre: its nearest anions on the first frame, fixed thereafter.",
            DefaultValueFactory = _ => 4,
        };
        var maxLag = new Option<double?>("--max-lag")
        {
            Description =
                "Largest lag in ps (default: the whole stretch). θ̄ costs N_bonds × N_frames × lags angles: set this for long "
                    + "trajectories.",
        };
        var png = new Option<string?>("--png") { Description = "Draw the ACF curves (and θ̄) against the lag to FILE." };
        var memory = new MemoryOptions();
        var cmd = o.Command("acf",
            "Autocorrelation functions by FFT over all time origins, normalised to 1 at lag 0: the velocity ACF of --species, "
                + "and/or for --center/--anion bonds "
            + "C1(τ) = ⟨u(t0)·u(t0+τ)⟩, C2(τ) = ⟨P2(u(t0)·u(t0+τ))⟩ and the mean rotation angle θ̄(τ). Memory: "
                + "keeps N_selected × N_frames × 3 doubles "
            + "(the species' velocities, the bond vectors), refused beyond the memory budget (--memory).",
            species, center, anion, neighbours, maxLag, png, memory.Memory);
        cmd.SetAction(p => o.Execute(p, stderr, run =>
        {
            string? sp = p.GetValue(species) is string s ? run.Species(s) : null;
            var (ce, an) = CenterAnion(run, p.GetValue(center), p.GetValue(anion));
            if (sp is null && ce is null)
            {
                throw new InputException(InputParameter.Species, "",
                    "give --species (velocity ACF) and/or --center and --anion (bond orientation)");
            }
            int nb = p.GetValue(neighbours);
            if (nb < 1)
            {
                throw new InputException("--neighbours", nb.ToString(CultureInfo.InvariantCulture), "must be ≥ 1");
            }
            int lag = Lag(p.GetValue(maxLag), run.DtFs);
            long? budget = memory.Budget(p)?.Bytes;
            VelocityAcfResult? v = null;
            BondOrientationResult? b = null;
            var consumers = new List<Action<ITrajectoryReader>>();
            if (sp is not null)
            {
                consumers.Add(r => v = Autocorrelation.Velocity(r, sp, run.DtFs, lag, memoryBudgetBytes: budget));
            }
            if (ce is not null)
            {
                consumers.Add(r => b = Autocorrelation.BondOrientation(r, ce, an!, nb, lag, memoryBudgetBytes: budget));
            }
            FrameFanOut.Run(run.Stream, consumers.ToArray());
            Render(run, stdout, v, b, nb, p.GetValue(png));
        }));
        return cmd;
    }

    /// <summary><c>--center</c> and <c>--anion</c> (both or neither), checked to be in the trajectory.</summary>
    public static (string? Center, string? Anion) CenterAnion(TrajectoryRun run, string? center, string? anion)
    {
        if ((center is null) != (anion is null))
        {
            throw new InputException(center is null ? InputParameter.Anion : InputParameter.Center, center ?? anion!,
                $"{InputException.Ref(InputParameter.Center)} and {InputException.Ref(InputParameter.Anion)} go together");
        }
        return center is null ? (null, null) : (run.Species(center, InputParameter.Center), run.Species(anion!, InputParameter.Anion));
    }

    private static int Lag(double? maxLagPs, double dtFs)
    {
        if (maxLagPs is not double ml)
        {
            return -1;
        }
        if (!(ml >= 0))
        {
            throw new InputException("--max-lag", ml.ToString(CultureInfo.InvariantCulture), "must be a number of ps ≥ 0");
        }
        return (int)Math.Min(int.MaxValue - 1, Math.Round(ml * 1000 / dtFs));
    }

    private static void Render(TrajectoryRun run, TextWriter stdout, VelocityAcfResult? v, BondOrientationResult? b, int nb, string? png)
    {
        string? sp = v?.Species;
        string? ce = b?.Centre;
        string? an = b?.Anion;
        int rows = Math.Max(v?.Acf.Length ?? 0, b?.C1.Length ?? 0);
        var header = new List<string> { "lag_ps" };
        if (v is not null)
        {
            header.Add($"vacf_{sp}");
        }
        if (b is not null)
        {
            header.AddRange(["C1", "C2", "theta_mean_deg"]);
        }
        run.WriteCsv(header, Enumerable.Range(0, rows).Select(i =>
        {
            var row = new List<string> { F(run.Ps(i)) };
            if (v is not null)
            {
                row.Add(i < v.Acf.Length ? F(v.Acf[i]) : "");
            }
            if (b is not null)
            {
                row.AddRange(i < b.C1.Length ? [F(b.C1[i]), F(b.C2[i]), F(b.MeanAngleDeg[i])] : ["", "", ""]);
            }
            return (IEnumerable<string>)row;
        }));
        if (png is string path)
        {
            Write(path, () => Draw(path, run, v, b));
        }
        if (run.Json)
        {
            ReportJson.Write(stdout, run.Head(new AcfReport
            {
                Velocity = v is null ? null : new(sp!, v.AtomCount, v.Samples, Num(v.MeanSquareVelocity, 12), FirstZero(v.Acf, run),
                    Array(Lags(v.Acf.Length, run)), Array(v.Acf)),
                BondOrientation = b is null ? null : new(ce!, an!, b.BondCount, nb, Num(b.MeanBondLength, 6),
                    Num(b.MeanBondLengthFrame0, 6),
                    Array(Lags(b.C1.Length, run)), Array(b.C1), Array(b.C2), Array(b.MeanAngleDeg)),
            }, "acf"));
            return;
        }
        stdout.WriteLine($"file:    {run.Path} ({run.Stream.FramesRead} frames)");
        if (v is not null)
        {
            string zero = FirstZero(v.Acf, run) is double z ? JsonSerializer.Serialize(z) + " ps" : "none within the lags";
            stdout.WriteLine($"velocity ACF of {sp} ({v.AtomCount} ions, {v.Samples} velocity samples): first zero at {zero}");
        }
        if (b is not null)
        {
            int last = b.C1.Length - 1;
            stdout.WriteLine($"{ce}–{an} bonds: {b.BondCount} ({nb} per {ce}), mean length {G(b.MeanBondLength, "0.####")} Å");
            foreach (int i in new[] { 1, 10, last }.Where(i => i >= 1 && i <= last).Distinct())
            {
                stdout.WriteLine($"  τ = {G(run.Ps(i))} ps: C1 {G(b.C1[i], "0.####")}, C2 {G(b.C2[i], "0.####")}, θ̄ "
                    + $"{G(b.MeanAngleDeg[i], "0.##")}°");
            }
        }
    }

    private static void Draw(string path, TrajectoryRun run, VelocityAcfResult? v, BondOrientationResult? b)
    {
        var series = new List<PlotSeries>();
        if (v is not null)
        {
            series.Add(new PlotSeries($"velocity ACF ({v.Species})", Lags(v.Acf.Length, run), v.Acf));
        }
        if (b is not null)
        {
            series.Add(new PlotSeries($"C1 ({b.Centre}–{b.Anion})", Lags(b.C1.Length, run), b.C1));
            series.Add(new PlotSeries($"C2 ({b.Centre}–{b.Anion})", Lags(b.C2.Length, run), b.C2));
        }
        var panels = new List<PlotPanel> { new("lag τ (ps)", "normalised ACF", series) { HLines = [0] } };
        if (b is not null)
        {
            var theta = new PlotSeries($"{b.Centre}–{b.Anion} mean rotation angle", Lags(b.MeanAngleDeg.Length, run), b.MeanAngleDeg);
            panels.Add(new PlotPanel("lag τ (ps)", "θ̄(τ) (°)", [theta]));
        }
        TrajPlots.Panels(path, $"Autocorrelation functions, {Path.GetFileName(run.Path)}", panels, 700, 420, sideBySide: true);
    }

    private static double[] Lags(int n, TrajectoryRun run) => Enumerable.Range(0, n).Select(run.Ps).ToArray();

    private static double? FirstZero(double[] acf, TrajectoryRun run)
    {
        for (int i = 1; i < acf.Length; i++)
        {
            if (acf[i] <= 0)
            {
                return Num(run.Ps(i - 1) + run.DtFs / 1000 * acf[i - 1] / (acf[i - 1] - acf[i]), 6);
            }
        }
        return null;
    }
}
