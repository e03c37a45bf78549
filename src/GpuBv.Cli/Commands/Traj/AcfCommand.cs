using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GpuBv.Cli.Plots;
using GpuBv.Trajectory.Analysis;
using static GpuBv.Cli.Commands.Traj.TrajOutput;

namespace GpuBv.Cli.Commands.Traj;

/// <summary><c>gpubv traj acf</c>: velocity ACF of a species and/or bond-orientation ACFs C1, C2 and θ̄ of centre–anion bonds.</summary>
internal static class AcfCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new TrajOptions();
        var species = new Option<string?>("--species") { Description = "Velocity ACF of this species (velocities by forward differences of unwrapped positions)." };
        var center = new Option<string?>("--center") { Description = "Bond-orientation ACFs of the bonds from this centre element (with --anion), e.g. P." };
        var anion = new Option<string?>("--anion") { Description = "Anion element of the bonds, e.g. S." };
        var neighbours = new Option<int>("--neighbours") { Description = "Bonds per centre: its nearest anions on the first frame, fixed thereafter.", DefaultValueFactory = _ => 4 };
        var maxLag = new Option<double?>("--max-lag") { Description = "Largest lag in ps (default: the whole stretch). θ̄ costs N_bonds × N_frames × lags angles: set this for long trajectories." };
        var png = new Option<string?>("--png") { Description = "Draw the ACF curves (and θ̄) against the lag to FILE." };
        var cmd = new Command("acf",
            "Autocorrelation functions by FFT over all time origins, normalised to 1 at lag 0: the velocity ACF of --species, and/or for --center/--anion bonds " +
            "C1(τ) = ⟨u(t0)·u(t0+τ)⟩, C2(τ) = ⟨P2(u(t0)·u(t0+τ))⟩ and the mean rotation angle θ̄(τ). Memory: keeps N_selected × N_frames × 3 doubles " +
            "(the species' velocities, the bond vectors), refused beyond 25 % of the available memory.");
        o.AddTo(cmd);
        foreach (var opt in new Option[] { species, center, anion, neighbours, maxLag, png }) cmd.Options.Add(opt);
        cmd.SetAction(p => o.Execute(p, stderr, ctx =>
        {
            string? sp = p.GetValue(species) is string s ? ctx.Species(s) : null;
            string? ce = p.GetValue(center), an = p.GetValue(anion);
            if ((ce is null) != (an is null)) throw new InputException(ce is null ? "--anion" : "--center", ce ?? an!, "--center and --anion go together");
            if (ce is not null) { ce = ctx.Species(ce, "--center"); an = ctx.Species(an!, "--anion"); }
            if (sp is null && ce is null) throw new InputException("--species", "", "give --species (velocity ACF) and/or --center and --anion (bond orientation)");
            int nb = p.GetValue(neighbours);
            if (nb < 1) throw new InputException("--neighbours", nb.ToString(CultureInfo.InvariantCulture), "must be ≥ 1");
            int lag = -1;
            if (p.GetValue(maxLag) is double ml)
            {
                if (!(ml >= 0)) throw new InputException("--max-lag", ml.ToString(CultureInfo.InvariantCulture), "must be a number of ps ≥ 0");
                lag = (int)Math.Min(int.MaxValue - 1, Math.Round(ml * 1000 / ctx.DtFs));
            }

            VelocityAcfResult? v = null;
            BondOrientationResult? b = null;
            var consumers = new List<Action<GpuBv.Trajectory.ITrajectoryReader>>();
            if (sp is not null) consumers.Add(r => v = Autocorrelation.Velocity(r, sp, ctx.DtFs, lag));
            if (ce is not null) consumers.Add(r => b = Autocorrelation.BondOrientation(r, ce, an!, nb, lag));
            FrameFanOut.Run(ctx.Stream, consumers.ToArray());

            int rows = Math.Max(v?.Acf.Length ?? 0, b?.C1.Length ?? 0);
            var header = new List<string> { "lag_ps" };
            if (v is not null) header.Add($"vacf_{sp}");
            if (b is not null) header.AddRange(["C1", "C2", "theta_mean_deg"]);
            ctx.WriteCsv(header, Enumerable.Range(0, rows).Select(i =>
            {
                var row = new List<string> { F(ctx.Ps(i)) };
                if (v is not null) row.Add(i < v.Acf.Length ? F(v.Acf[i]) : "");
                if (b is not null) row.AddRange(i < b.C1.Length ? [F(b.C1[i]), F(b.C2[i]), F(b.MeanAngleDeg[i])] : ["", "", ""]);
                return (IEnumerable<string>)row;
            }));

            if (p.GetValue(png) is string path)
            {
                var series = new List<PlotSeries>();
                if (v is not null) series.Add(new PlotSeries($"velocity ACF ({sp})", Lags(v.Acf.Length, ctx), v.Acf));
                if (b is not null)
                {
                    series.Add(new PlotSeries($"C1 ({ce}–{an})", Lags(b.C1.Length, ctx), b.C1));
                    series.Add(new PlotSeries($"C2 ({ce}–{an})", Lags(b.C2.Length, ctx), b.C2));
                }
                var panels = new List<PlotPanel> { new("lag τ (ps)", "normalised ACF", series) { HLines = [0] } };
                if (b is not null) panels.Add(new PlotPanel("lag τ (ps)", "θ̄(τ) (°)", [new PlotSeries($"{ce}–{an} mean rotation angle", Lags(b.MeanAngleDeg.Length, ctx), b.MeanAngleDeg)]));
                Write(path, () => TrajPlots.Panels(path, $"Autocorrelation functions, {Path.GetFileName(ctx.Path)}", panels, 700, 420, sideBySide: true));
            }

            if (ctx.Json)
            {
                var obj = ctx.JsonHead("acf");
                if (v is not null)
                    obj["velocity"] = new JsonObject
                    {
                        ["species"] = sp, ["ions"] = v.AtomCount, ["samples"] = v.Samples,
                        ["mean_square_velocity_A2_fs2"] = Num(v.MeanSquareVelocity, 12),
                        ["first_zero_ps"] = FirstZero(v.Acf, ctx),
                        ["lag_ps"] = Array(Lags(v.Acf.Length, ctx)), ["acf"] = Array(v.Acf),
                    };
                if (b is not null)
                    obj["bond_orientation"] = new JsonObject
                    {
                        ["center"] = ce, ["anion"] = an, ["bonds"] = b.BondCount, ["neighbours"] = nb,
                        ["mean_bond_length_A"] = Num(b.MeanBondLength, 6), ["mean_bond_length_frame0_A"] = Num(b.MeanBondLengthFrame0, 6),
                        ["lag_ps"] = Array(Lags(b.C1.Length, ctx)), ["C1"] = Array(b.C1), ["C2"] = Array(b.C2), ["theta_mean_deg"] = Array(b.MeanAngleDeg),
                    };
                ctx.WriteJson(stdout, obj);
            }
            else
            {
                stdout.WriteLine($"file:    {ctx.Path} ({ctx.Stream.FramesRead} frames)");
                if (v is not null)
                    stdout.WriteLine($"velocity ACF of {sp} ({v.AtomCount} ions, {v.Samples} velocity samples): first zero at {(FirstZero(v.Acf, ctx) is JsonNode z ? z + " ps" : "none within the lags")}");
                if (b is not null)
                {
                    int last = b.C1.Length - 1;
                    stdout.WriteLine($"{ce}–{an} bonds: {b.BondCount} ({nb} per {ce}), mean length {G(b.MeanBondLength, "0.####")} Å");
                    foreach (int i in new[] { 1, 10, last }.Where(i => i >= 1 && i <= last).Distinct())
                        stdout.WriteLine($"  τ = {G(ctx.Ps(i))} ps: C1 {G(b.C1[i], "0.####")}, C2 {G(b.C2[i], "0.####")}, θ̄ {G(b.MeanAngleDeg[i], "0.##")}°");
                }
            }
        }));
        return cmd;
    }

    private static double[] Lags(int n, TrajContext ctx) => Enumerable.Range(0, n).Select(ctx.Ps).ToArray();

    private static JsonNode? FirstZero(double[] acf, TrajContext ctx)
    {
        for (int i = 1; i < acf.Length; i++)
            if (acf[i] <= 0) return Num(ctx.Ps(i - 1) + ctx.DtFs / 1000 * acf[i - 1] / (acf[i - 1] - acf[i]), 6);
        return null;
    }
}
