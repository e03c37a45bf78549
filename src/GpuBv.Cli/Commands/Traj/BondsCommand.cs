using System.CommandLine;
using System.Globalization;
using GpuBv.Cli.Options;
using GpuBv.Cli.Plots;
using GpuBv.Cli.Reports;
using GpuBv.Cli.Reports.Traj;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using static GpuBv.Cli.Commands.Traj.TrajOutput;

namespace GpuBv.Cli.Commands.Traj;

/// <summary>
/// <c>gpubv traj bonds</c>: one cation and the anion group nearest to it at t_ini — centre–anion bond lengths (S15),
/// cation–anion distances (S16), bond rotation angles θ(t) (S17) and the cation's displacement (S14).
/// </summary>
internal static class BondsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new TrajectoryOptions();
        var cation = new Option<int?>("--cation") { Description = "The cation by atom index (0-based, file order)." };
        var species = new Option<string?>("--species") { Description = "Or: the first ion of this species, e.g. Li." };
        var center = new Option<string>("--center") { Description = "Centre element of the anion groups, e.g. P.", Required = true };
        var anion = new Option<string>("--anion") { Description = "Anion element of the groups, e.g. S.", Required = true };
        var cutoff = new Option<double>("--bond-cutoff")
        {
            Description = "Longest centre–anion bond (Å) when the groups are found on the t_ini frame.",
            DefaultValueFactory = _ => TrajectoryGroups.DefaultBondCutoff,
        };
        var png = new Option<string?>("--png")
        {
            Description = "Draw the Fig. S3–S8-style panels (cation displacement, centre–anion distances, cation–anion distances, "
                + "rotation angles vs time) to FILE.",
        };
        var cmd = o.Command("bonds",
            "Follow one cation and the anion group nearest to it at t_ini: d(centre–anion) (Eq. S15), d(cation–anion) (S16), "
            + "rotation angle θ of each centre–anion bond (S17), cation displacement (S14). Distances by minimum image (exact in "
                + "oblique cells).",
            cation, species, center, anion, cutoff, png);
        cmd.SetAction(p => o.Execute(p, stderr, run =>
        {
            int atom = Cation(run, p.GetValue(cation), p.GetValue(species));
            string ce = run.Species(p.GetValue(center)!, InputParameter.Center);
            string an = run.Species(p.GetValue(anion)!, InputParameter.Anion);
            double bc = p.GetValue(cutoff);
            if (!(bc > 0))
            {
                throw new InputException("--bond-cutoff", bc.ToString(CultureInfo.InvariantCulture), "must be a positive number of Å");
            }
            var first = run.Stream.Peek() ?? throw new InputException(run.Path, "", "no frames in the analysed stretch");
            var groups = TrajectoryGroups.Find(run.Header, first, ce, an, bc);
            if (groups.Count == 0)
            {
                throw new InputException(run.Path, $"frame {run.Stream.StartFrame}",
                    $"no {ce}–{an} groups (no {ce} with two or more {an} within {G(bc)} Å)");
            }
            BondTrackResult? track = null;
            DisplacementResult? disp = null;
            FrameFanOut.Run(run.Stream,
                r => track = BondTracker.TrackNearest(r, atom, groups, run.DtFs),
                r => disp = Displacement.Compute(r, [atom], run.DtFs));
            Render(run, stdout, atom, ce, an, track!, disp!.Values, p.GetValue(png));
        }));
        return cmd;
    }

    /// <summary>The cation from <c>--cation</c> or the first ion of <c>--species</c>.</summary>
    private static int Cation(TrajectoryRun run, int? index, string? species)
    {
        if (index is int c)
        {
            if (species is not null)
            {
                throw new InputException(InputParameter.CationAtom, c.ToString(CultureInfo.InvariantCulture),
                    $"give {InputException.Ref(InputParameter.CationAtom)} or {InputException.Ref(InputParameter.Species)}, not both");
            }
            run.Header.CheckAtom(c);
            return c;
        }
        if (species is not null)
        {
            return run.Header.IndicesOf(run.Species(species))[0];
        }
        throw new InputException(InputParameter.CationAtom, "",
            "give the cation: --cation INDEX (0-based) or --species ELEMENT (its first ion)");
    }

    private static void Render(TrajectoryRun run, TextWriter stdout, int atom, string ce, string an, BondTrackResult t, double[,] d,
        string? png)
    {
        int nt = t.Times.Length;
        int nb = t.Group.Anions.Count;
        var anions = t.Group.Anions;
        double[] Row(double[,] m, int b) => Enumerable.Range(0, nt).Select(j => m[b, j]).ToArray();
        var header = new List<string> { "time_ps", "cation_displacement_A", "d_cation_center_A" };
        header.AddRange(anions.Select(a => $"d_center_{an}{a}_A"));
        header.AddRange(anions.Select(a => $"d_cation_{an}{a}_A"));
        header.AddRange(anions.Select(a => $"theta_{an}{a}_deg"));
        run.WriteCsv(header, Enumerable.Range(0, nt).Select(j => (IEnumerable<string>)
        [
            F(t.Times[j] / 1000), F(d[0, j]), F(t.CationCenterDistances[j]),
            .. Enumerable.Range(0, nb).Select(b => F(t.BondLengths[b, j])),
            .. Enumerable.Range(0, nb).Select(b => F(t.CationAnionDistances[b, j])),
            .. Enumerable.Range(0, nb).Select(b => F(t.BondAnglesDeg[b, j])),
        ]));
        if (png is string path)
        {
            var times = t.Times.Select(x => (run.TIniPs ?? 0) + x / 1000).ToArray();
            var title = $"{run.Header.Elements[atom]}{atom} next to {t.Group.Formula} ({ce}{t.Group.CenterAtom}) in "
                + $"{Path.GetFileName(run.Path)}";
            Write(path, () => TrajPlots.Panels(path, title, BondPanels.FigS3(t, d, times, an, []), panelHeight: 230));
        }
        double dispMax = Enumerable.Range(0, nt).Max(j => d[0, j]);
        if (run.Json)
        {
            ReportJson.Write(stdout, run.Head(new BondsReport
            {
                Cation = new(atom, run.Header.Elements[atom]),
                Group = new(t.Group.CenterAtom, t.Group.Formula, anions, "nearest centre to the cation at t_ini (minimum image)"),
                CationCenterDistance = new(Num(t.CationCenterDistances[0], 6), Num(t.CationCenterDistances.Min(), 6),
                    Num(t.CationCenterDistances.Max(), 6)),
                CationDisplacementMax = Num(dispMax, 6),
                CationDisplacementFinal = Num(d[0, nt - 1], 6),
                Bonds = Enumerable.Range(0, nb).Select(b => new BondsReport.BondEntry(anions[b],
                    Num(Row(t.BondLengths, b).Average(), 6), Num(Row(t.BondLengths, b).Min(), 6), Num(Row(t.BondLengths, b).Max(), 6),
                    Num(Row(t.CationAnionDistances, b).Min(), 6), Num(Row(t.CationAnionDistances, b).Average(), 6),
                    Num(Row(t.BondAnglesDeg, b).Max(), 4), Num(t.BondAnglesDeg[b, nt - 1], 4))).ToList(),
            }, "bonds"));
            return;
        }
        stdout.WriteLine($"file:    {run.Path}");
        stdout.WriteLine($"cation:  {run.Header.Elements[atom]} atom {atom}; group {t.Group.Formula} centre atom {t.Group.CenterAtom} "
            + $"(nearest at t_ini, {G(t.CationCenterDistances[0], "0.###")} Å)");
        stdout.WriteLine($"frames:  {nt} from t_ini = {G(run.TIniPs ?? 0)} ps; cation displacement max {G(dispMax, "0.###")} Å");
        for (int b = 0; b < nb; b++)
        {
            stdout.WriteLine($"bond {ce}–{an}{anions[b]}: length {G(Row(t.BondLengths, b).Average(), "0.###")} Å (mean), "
                + $"cation–{an} ≥ {G(Row(t.CationAnionDistances, b).Min(), "0.###")} Å, θ max "
                    + $"{G(Row(t.BondAnglesDeg, b).Max(), "0.#")}°");
        }
    }
}
