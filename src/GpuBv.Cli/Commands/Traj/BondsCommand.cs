using System.CommandLine;
using System.Text.Json.Nodes;
using GpuBv.Cli.Plots;
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
        var o = new TrajOptions();
        var cation = new Option<int?>("--cation") { Description = "The cation by atom index (0-based, file order)." };
        var species = new Option<string?>("--species") { Description = "Or: the first ion of this species, e.g. Li." };
        var center = new Option<string>("--center") { Description = "Centre element of the anion groups, e.g. P.", Required = true };
        var anion = new Option<string>("--anion") { Description = "Anion element of the groups, e.g. S.", Required = true };
        var cutoff = new Option<double>("--bond-cutoff") { Description = "Longest centre–anion bond (Å) when the groups are found on the t_ini frame.", DefaultValueFactory = _ => TrajectoryGroups.DefaultBondCutoff };
        var png = new Option<string?>("--png") { Description = "Draw the Fig. S3–S8-style panels (cation displacement, centre–anion distances, cation–anion distances, rotation angles vs time) to FILE." };
        var cmd = new Command("bonds", "Follow one cation and the anion group nearest to it at t_ini: d(centre–anion) (Eq. S15), d(cation–anion) (S16), rotation angle θ of each centre–anion bond (S17), cation displacement (S14). Distances by minimum image (exact in oblique cells).");
        o.AddTo(cmd);
        foreach (var opt in new Option[] { cation, species, center, anion, cutoff, png }) cmd.Options.Add(opt);
        cmd.SetAction(p => o.Execute(p, stderr, ctx =>
        {
            var h = ctx.Header;
            int atom;
            if (p.GetValue(cation) is int c)
            {
                if (p.GetValue(species) is not null) throw new InputException("--cation", c.ToString(), "give --cation or --species, not both");
                if (c < 0 || c >= h.AtomCount) throw new InputException("--cation", c.ToString(), $"the atom index must lie in 0 … {h.AtomCount - 1} (0-based)");
                atom = c;
            }
            else if (p.GetValue(species) is string s) atom = h.IndicesOf(ctx.Species(s))[0];
            else throw new InputException("--cation", "", "give the cation: --cation INDEX (0-based) or --species ELEMENT (its first ion)");
            string ce = ctx.Species(p.GetValue(center)!, "--center"), an = ctx.Species(p.GetValue(anion)!, "--anion");
            double bc = p.GetValue(cutoff);
            if (!(bc > 0)) throw new InputException("--bond-cutoff", bc.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be a positive number of Å");

            var first = ctx.Stream.Peek() ?? throw new ArgumentException("no frames in the analysed stretch");
            var groups = TrajectoryGroups.Find(h, first, ce, an, bc);
            if (groups.Count == 0)
                throw new InputException(ctx.Path, $"frame {ctx.Stream.StartFrame}", $"no {ce}–{an} groups (no {ce} with two or more {an} within {G(bc)} Å)");

            BondTrackResult? track = null;
            DisplacementResult? disp = null;
            FrameFanOut.Run(ctx.Stream,
                r => track = BondTracker.TrackNearest(r, atom, groups, ctx.DtFs),
                r => disp = Displacement.Compute(r, [atom], ctx.DtFs));
            var t = track!;
            var d = disp!;
            int nt = t.Times.Length, nb = t.Group.Anions.Count;
            var anions = t.Group.Anions;

            var header = new List<string> { "time_ps", "cation_displacement_A", "d_cation_center_A" };
            header.AddRange(anions.Select(a => $"d_center_{an}{a}_A"));
            header.AddRange(anions.Select(a => $"d_cation_{an}{a}_A"));
            header.AddRange(anions.Select(a => $"theta_{an}{a}_deg"));
            ctx.WriteCsv(header, Enumerable.Range(0, nt).Select(j =>
            {
                var row = new List<string> { F(t.Times[j] / 1000), F(d.Values[0, j]), F(t.CationCenterDistances[j]) };
                for (int b = 0; b < nb; b++) row.Add(F(t.BondLengths[b, j]));
                for (int b = 0; b < nb; b++) row.Add(F(t.CationAnionDistances[b, j]));
                for (int b = 0; b < nb; b++) row.Add(F(t.BondAnglesDeg[b, j]));
                return (IEnumerable<string>)row;
            }));

            if (p.GetValue(png) is string path)
            {
                var times = t.Times.Select(x => ctx.TIniPs + x / 1000).ToArray();
                var title = $"{h.Elements[atom]}{atom} next to {t.Group.Formula} ({ce}{t.Group.CenterAtom}) in {Path.GetFileName(ctx.Path)}";
                Write(path, () => TrajPlots.Panels(path, title, FigS3Panels(t, d.Values, times, an, []), panelHeight: 230));
            }

            double Stat(double[,] m, int b, Func<IEnumerable<double>, double> f) => f(Enumerable.Range(0, nt).Select(j => m[b, j]));
            if (ctx.Json)
            {
                var obj = ctx.JsonHead("bonds");
                obj["cation"] = new JsonObject { ["atom"] = atom, ["element"] = h.Elements[atom] };
                obj["group"] = new JsonObject
                {
                    ["center_atom"] = t.Group.CenterAtom, ["formula"] = t.Group.Formula, ["anion_atoms"] = Ints(anions),
                    ["chosen_as"] = "nearest centre to the cation at t_ini (minimum image)",
                };
                obj["cation_center_distance_A"] = new JsonObject
                {
                    ["initial"] = Num(t.CationCenterDistances[0], 6), ["min"] = Num(t.CationCenterDistances.Min(), 6), ["max"] = Num(t.CationCenterDistances.Max(), 6),
                };
                obj["cation_displacement_max_A"] = Num(Enumerable.Range(0, nt).Max(j => d.Values[0, j]), 6);
                obj["cation_displacement_final_A"] = Num(d.Values[0, nt - 1], 6);
                obj["bonds"] = new JsonArray(Enumerable.Range(0, nb).Select(b => (JsonNode?)new JsonObject
                {
                    ["anion_atom"] = anions[b],
                    ["bond_length_mean_A"] = Num(Stat(t.BondLengths, b, Enumerable.Average), 6),
                    ["bond_length_min_A"] = Num(Stat(t.BondLengths, b, Enumerable.Min), 6),
                    ["bond_length_max_A"] = Num(Stat(t.BondLengths, b, Enumerable.Max), 6),
                    ["cation_anion_min_A"] = Num(Stat(t.CationAnionDistances, b, Enumerable.Min), 6),
                    ["cation_anion_mean_A"] = Num(Stat(t.CationAnionDistances, b, Enumerable.Average), 6),
                    ["theta_max_deg"] = Num(Stat(t.BondAnglesDeg, b, Enumerable.Max), 4),
                    ["theta_final_deg"] = Num(t.BondAnglesDeg[b, nt - 1], 4),
                }).ToArray());
                ctx.WriteJson(stdout, obj);
            }
            else
            {
                stdout.WriteLine($"file:    {ctx.Path}");
                stdout.WriteLine($"cation:  {h.Elements[atom]} atom {atom}; group {t.Group.Formula} centre atom {t.Group.CenterAtom} (nearest at t_ini, {G(t.CationCenterDistances[0], "0.###")} Å)");
                stdout.WriteLine($"frames:  {nt} from t_ini = {G(ctx.TIniPs)} ps; cation displacement max {G(Enumerable.Range(0, nt).Max(j => d.Values[0, j]), "0.###")} Å");
                for (int b = 0; b < nb; b++)
                    stdout.WriteLine($"bond {ce}–{an}{anions[b]}: length {G(Stat(t.BondLengths, b, Enumerable.Average), "0.###")} Å (mean), cation–{an} ≥ {G(Stat(t.CationAnionDistances, b, Enumerable.Min), "0.###")} Å, θ max {G(Stat(t.BondAnglesDeg, b, Enumerable.Max), "0.#")}°");
            }
        }));
        return cmd;
    }

    /// <summary>
    /// The four panels of the paper's Figs. S3–S8: cation displacement, centre–anion distances, cation–anion distances
    /// and bond rotation angles, against <paramref name="times"/> (ps), with the shaded <paramref name="spans"/>.
    /// </summary>
    public static List<PlotPanel> FigS3Panels(BondTrackResult t, double[,] displacement, double[] times, string anion, IReadOnlyList<(double, double)> spans)
    {
        int nt = times.Length, nb = t.Group.Anions.Count;
        double[] Row(double[,] m, int b) => Enumerable.Range(0, nt).Select(j => m[b, j]).ToArray();
        var names = t.Group.Anions.Select(a => $"{anion}{a}").ToArray();
        var cat = $"{t.CationElement}{t.Cation}";
        return
        [
            new PlotPanel("time (ps)", $"{cat} displacement (Å)", [new PlotSeries(null, times, Row(displacement, 0))]) { Spans = spans },
            new PlotPanel("time (ps)", $"d({t.Group.CenterElement}–{anion}) (Å)", Enumerable.Range(0, nb).Select(b => new PlotSeries(names[b], times, Row(t.BondLengths, b))).ToList()) { Spans = spans },
            new PlotPanel("time (ps)", $"d({t.CationElement}–{anion}) (Å)", Enumerable.Range(0, nb).Select(b => new PlotSeries(names[b], times, Row(t.CationAnionDistances, b))).ToList()) { Spans = spans },
            new PlotPanel("time (ps)", "rotation angle θ (°)", Enumerable.Range(0, nb).Select(b => new PlotSeries(names[b], times, Row(t.BondAnglesDeg, b))).ToList()) { Spans = spans },
        ];
    }
}
