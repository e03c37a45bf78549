using System.CommandLine;
using GpuBv.Cli.Options;
using GpuBv.Cli.Plots;
using GpuBv.Cli.Reports;
using GpuBv.Cli.Reports.Traj;
using GpuBv.Trajectory.Analysis;
using static GpuBv.Cli.Commands.Traj.TrajOutput;

namespace GpuBv.Cli.Commands.Traj;

/// <summary><c>gpubv traj displacement</c>: |r(t)| = |x_i(t_ini + t) − x_i(t_ini)| of every ion of a species (Eq.
/// S14, Fig. S2).</summary>
internal static class DisplacementCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new TrajectoryOptions();
        var species = new Option<string>("--species") { Description = "The ions, e.g. Li.", Required = true };
        var png = new Option<string?>("--png")
        {
            Description = "Draw the Fig. S2-style heat map (ions × time, colour = displacement in Å) to FILE.",
        };
        var cmd = o.Command("displacement",
            "Displacement |r(t)| = |x_i(t_ini + t) − x_i(t_ini)| (Eq. S14) of every ion of a species from unwrapped positions; "
            + "CSV: time_ps and one column per ion.", species, png);
        cmd.SetAction(p => o.Execute(p, stderr, run =>
        {
            string el = run.Species(p.GetValue(species)!);
            var r = Displacement.Compute(run.Stream, el, run.DtFs);
            int n = r.Atoms.Length;
            int nt = r.FrameCount;
            run.WriteCsv(["time_ps", .. r.Atoms.Select(a => $"{el}_{a}")], Enumerable.Range(0, nt).Select(j =>
                (IEnumerable<string>)[F(r.Times[j] / 1000), .. Enumerable.Range(0, n).Select(i => F(r.Values[i, j]))]));
            var max = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, nt).Aggregate(0.0, (m, j) => Math.Max(m, r.Values[i,
                j]))).ToArray();
            int top = Enumerable.Range(0, n).MaxBy(i => max[i]);
            double meanFinal = Enumerable.Range(0, n).Average(i => r.Values[i, nt - 1]);
            if (p.GetValue(png) is string path)
            {
                Write(path, () => TrajPlots.Heatmap(path,
                    $"{el} displacement |r(t)| in {Path.GetFileName(run.Path)} (t_ini = {G(run.TIniPs ?? 0)} ps)", r.Values,
                    r.Times[^1] / 1000,
                    "t − t_ini (ps)", $"{el} ion (0 … {n - 1}, in CSV column order)", "displacement (Å)"));
            }
            if (run.Json)
            {
                ReportJson.Write(stdout, run.Head(new DisplacementReport
                {
                    Species = el,
                    Ions = n,
                    DurationPs = Num(r.Times[^1] / 1000),
                    MaxDisplacement = Num(max[top]),
                    MaxDisplacementAtom = r.Atoms[top],
                    MeanFinalDisplacement = Num(meanFinal),
                    PerIon = Enumerable.Range(0, n).Select(i => new DisplacementReport.IonDisplacement(
                        r.Atoms[i], Num(max[i], 6), Num(r.Values[i, nt - 1], 6))).ToList(),
                }, "displacement"));
                return;
            }
            stdout.WriteLine($"file:     {run.Path}");
            stdout.WriteLine($"species:  {el} ({n} ions), {nt} frames from t_ini = {G(run.TIniPs ?? 0)} ps, {G(r.Times[^1] / 1000)} ps");
            stdout.WriteLine($"largest:  {G(max[top], "0.###")} Å (atom {r.Atoms[top]}); mean final displacement "
                + $"{G(meanFinal, "0.###")} Å");
            stdout.WriteLine($"ions moving > 2 Å: {max.Count(m => m > 2)} of {n}");
        }));
        return cmd;
    }
}
