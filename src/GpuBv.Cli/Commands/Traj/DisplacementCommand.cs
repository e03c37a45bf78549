using System.CommandLine;
using System.Text.Json.Nodes;
using GpuBv.Trajectory.Analysis;
using static GpuBv.Cli.Commands.Traj.TrajOutput;

namespace GpuBv.Cli.Commands.Traj;

/// <summary><c>gpubv traj displacement</c>: |r(t)| = |x_i(t_ini + t) − x_i(t_ini)| of every ion of a species (Eq. S14, Fig. S2).</summary>
internal static class DisplacementCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new TrajOptions();
        var species = new Option<string>("--species") { Description = "The ions, e.g. Li.", Required = true };
        var png = new Option<string?>("--png") { Description = "Draw the Fig. S2-style heat map (ions × time, colour = displacement in Å) to FILE." };
        var cmd = new Command("displacement", "Displacement |r(t)| = |x_i(t_ini + t) − x_i(t_ini)| (Eq. S14) of every ion of a species from unwrapped positions; CSV: time_ps and one column per ion.");
        o.AddTo(cmd);
        cmd.Options.Add(species);
        cmd.Options.Add(png);
        cmd.SetAction(p => o.Execute(p, stderr, ctx =>
        {
            string el = ctx.Species(p.GetValue(species)!);
            var r = Displacement.Compute(ctx.Stream, el, ctx.DtFs);
            int n = r.Atoms.Length, nt = r.FrameCount;
            var names = r.Atoms.Select(a => $"{el}_{a}").ToArray();
            ctx.WriteCsv(["time_ps", .. names], Enumerable.Range(0, nt).Select(j =>
                (IEnumerable<string>)[F(r.Times[j] / 1000), .. Enumerable.Range(0, n).Select(i => F(r.Values[i, j]))]));
            var max = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < nt; j++) max[i] = Math.Max(max[i], r.Values[i, j]);
            int top = Enumerable.Range(0, n).MaxBy(i => max[i]);
            double meanFinal = Enumerable.Range(0, n).Average(i => r.Values[i, nt - 1]);
            if (p.GetValue(png) is string path)
                Write(path, () => Plots.TrajPlots.Heatmap(path,
                    $"{el} displacement |r(t)| in {Path.GetFileName(ctx.Path)} (t_ini = {G(ctx.TIniPs)} ps)", r.Values, r.Times[^1] / 1000,
                    "t − t_ini (ps)", $"{el} ion (0 … {n - 1}, in CSV column order)", "displacement (Å)"));
            if (ctx.Json)
            {
                var obj = ctx.JsonHead("displacement");
                obj["species"] = el;
                obj["ions"] = n;
                obj["duration_ps"] = Num(r.Times[^1] / 1000);
                obj["max_displacement_A"] = Num(max[top]);
                obj["max_displacement_atom"] = r.Atoms[top];
                obj["mean_final_displacement_A"] = Num(meanFinal);
                obj["per_ion"] = new JsonArray(Enumerable.Range(0, n).Select(i => (JsonNode?)new JsonObject
                {
                    ["atom"] = r.Atoms[i], ["max_A"] = Num(max[i], 6), ["final_A"] = Num(r.Values[i, nt - 1], 6),
                }).ToArray());
                ctx.WriteJson(stdout, obj);
            }
            else
            {
                stdout.WriteLine($"file:     {ctx.Path}");
                stdout.WriteLine($"species:  {el} ({n} ions), {nt} frames from t_ini = {G(ctx.TIniPs)} ps, {G(r.Times[^1] / 1000)} ps");
                stdout.WriteLine($"largest:  {G(max[top], "0.###")} Å (atom {r.Atoms[top]}); mean final displacement {G(meanFinal, "0.###")} Å");
                stdout.WriteLine($"ions moving > 2 Å: {max.Count(m => m > 2)} of {n}");
            }
        }));
        return cmd;
    }
}
