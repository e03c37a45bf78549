using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GpuBv.Cli.Plots;
using GpuBv.Crystal;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using static GpuBv.Cli.Commands.Traj.TrajOutput;

namespace GpuBv.Cli.Commands.Traj;

/// <summary><c>gpubv traj hops</c>: cation hops between residence sites and whether each is coupled to anion-group rotation (DESIGN §5).</summary>
internal static class HopsCommand
{
    private static readonly double[] Thresholds = [30, 45, 60, 120];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inv = CultureInfo.InvariantCulture;
        var o = new TrajOptions();
        var species = new Option<string>("--species") { Description = "The mobile species, e.g. Li.", Required = true };
        var center = new Option<string?>("--center") { Description = "Centre element of the anion groups, e.g. P (groups found on the first analysed frame)." };
        var anion = new Option<string?>("--anion") { Description = "Anion element of the groups, e.g. S." };
        var minRes = new Option<int>("--min-residence") { Description = "Frames an ion must stay on a new site for the change to count as a hop.", DefaultValueFactory = _ => HopOptions.DefaultMinResidence };
        var groupRadius = new Option<double>("--group-radius") { Description = "A group is near a hop when its centre comes within this distance (Å) of the cation during the hop window.", DefaultValueFactory = _ => HopOptions.DefaultGroupRadius };
        var siteRadius = new Option<double?>("--site-radius") { Description = "An ion is on a site only within this distance (Å) of it; farther it is in transit (default: always on its nearest site)." };
        var bondCutoff = new Option<double>("--bond-cutoff") { Description = "Longest centre–anion bond (Å) when the groups are found.", DefaultValueFactory = _ => TrajectoryGroups.DefaultBondCutoff };
        var criterion = new Option<string>("--criterion")
        {
            Description = "Rotation coupling reported in the 'coupled' column: paper (some near group's θ_max over the hop window exceeds its average over all windows of that length) or a fixed θ_max threshold in degrees.",
            DefaultValueFactory = _ => "paper",
        };
        criterion.AcceptOnlyFromAmong("paper", "30", "45", "60", "120");
        var png = new Option<string?>("--png") { Description = "Draw the Fig. S3-style panels of one hop (--png-hop) to FILE. Keeps the positions of the species, centre and anion atoms of every frame (24 bytes per atom per frame)." };
        var pngHop = new Option<int?>("--png-hop") { Description = "The hop to draw with --png: K as in the table's hop column (0-based; default: the hop with the largest θ_max)." };
        var pad = new Option<int>("--hop-pad") { Description = "Frames drawn before and after the hop window.", DefaultValueFactory = _ => 10 };
        var baseline = new Option<bool>("--baseline")
        {
            Description = "Also the chance level of each criterion: the fraction of coupled hops if every hop window (same length, same near groups) were moved to " +
                          "every other time of the run, averaged over the hops. Keeps the bond directions of every frame once more; costs about N_frames × hops × near groups.",
        };
        var cmd = new Command("hops",
            "Cation hops (lasting changes of residence site; sites = the species' positions on the first analysed frame) and their coupling to anion-group rotation: " +
            "for each hop the groups near it, their largest bond rotation θ_max over the hop window, its average over all windows of the same length, " +
            "and whether the hop is coupled under the paper's criterion and at 30/45/60/120°. Memory: per frame the ions' and group centres' positions and the bond directions.");
        o.AddTo(cmd);
        foreach (var opt in new Option[] { species, center, anion, minRes, groupRadius, siteRadius, bondCutoff, criterion, png, pngHop, pad, baseline }) cmd.Options.Add(opt);
        cmd.SetAction(p => o.Execute(p, stderr, ctx =>
        {
            string el = ctx.Species(p.GetValue(species)!);
            string? ce = p.GetValue(center), an = p.GetValue(anion);
            if ((ce is null) != (an is null)) throw new InputException(ce is null ? "--anion" : "--center", ce ?? an!, "--center and --anion go together");
            if (ce is not null) { ce = ctx.Species(ce, "--center"); an = ctx.Species(an!, "--anion"); }
            int mr = p.GetValue(minRes);
            if (mr < 1) throw new InputException("--min-residence", mr.ToString(inv), "must be ≥ 1 frame");
            double gr = p.GetValue(groupRadius), bc = p.GetValue(bondCutoff);
            if (!(gr > 0) || !double.IsFinite(gr)) throw new InputException("--group-radius", gr.ToString(inv), "must be a positive number of Å");
            if (!(bc > 0) || !double.IsFinite(bc)) throw new InputException("--bond-cutoff", bc.ToString(inv), "must be a positive number of Å");
            double? sr = p.GetValue(siteRadius);
            if (sr is double s && (!(s > 0) || !double.IsFinite(s))) throw new InputException("--site-radius", s.ToString(inv), "must be a positive number of Å");
            string crit = p.GetValue(criterion)!;
            int critIndex = crit == "paper" ? -1 : System.Array.IndexOf(Thresholds, double.Parse(crit, inv));
            string? pngPath = p.GetValue(png);
            int? hopToDraw = p.GetValue(pngHop);
            if (hopToDraw is not null && pngPath is null) throw new InputException("--png-hop", hopToDraw.Value.ToString(inv), "give the image file with --png FILE");
            int padFrames = p.GetValue(pad);
            if (padFrames < 0) throw new InputException("--hop-pad", padFrames.ToString(inv), "must be ≥ 0");

            // The groups from the first analysed frame, as Hops.Analyze would find them, so that --baseline can follow the same bonds.
            IReadOnlyList<TrajectoryGroup>? groups = null;
            if (ce is not null)
            {
                var first = ctx.Stream.Peek() ?? throw new ArgumentException("no frames in the analysed stretch");
                groups = TrajectoryGroups.Find(ctx.Header, first, ce, an!, bc);
            }
            var options = new HopOptions(el, ctx.DtFs)
            {
                SiteRadius = sr, MinResidence = mr, Center = ce, Anion = an, BondCutoff = bc, GroupRadius = gr, ThresholdsDeg = Thresholds, Groups = groups,
            };
            HopResult? result = null;
            FrameRecorder? recorder = pngPath is null ? null : new FrameRecorder(ctx.Header, new[] { el, ce, an }.OfType<string>().ToHashSet());
            BondDirections? directions = p.GetValue(baseline) && groups is { Count: > 0 } ? new BondDirections(groups) : null;
            var consumers = new List<Action<ITrajectoryReader>> { r => result = Hops.Analyze(r, options) };
            if (recorder is not null) consumers.Add(recorder.Record);
            if (directions is not null) consumers.Add(directions.Record);
            FrameFanOut.Run(ctx.Stream, consumers.ToArray());
            var res = result!;
            int off = ctx.Stream.StartFrame;
            double Abs(int frame) => (off + frame) * ctx.DtFs / 1000;
            bool Coupled(Hop h) => critIndex < 0 ? h.CoupledPaper : h.CoupledAbove[critIndex];

            var header = new List<string> { "hop", "atom", "element", "start_frame", "end_frame", "start_ps", "end_ps", "window_frames", "from_site", "to_site",
                "near_groups", "n_near_groups", "max_theta_deg", "coupled", "coupled_paper" };
            header.AddRange(Thresholds.Select(t => $"coupled_{t:0}"));
            ctx.WriteCsv(header, res.Hops.Select((h, k) =>
            {
                var row = new List<string>
                {
                    I(k), I(h.Atom), h.Element, I(off + h.StartFrame), I(off + h.EndFrame), F(Abs(h.StartFrame)), F(Abs(h.EndFrame)), I(h.WindowFrames),
                    I(h.FromSite), I(h.ToSite),
                    string.Join(';', h.NearGroups.Select(g => string.Create(inv, $"{res.Groups[g.Group].CenterElement}{g.CenterAtom}:d={g.MinDistance:0.###}:theta_max={g.ThetaMaxDeg:0.##}:avg={g.AverageThetaMaxDeg:0.##}"))),
                    I(h.NearGroups.Count), F(h.MaxThetaDeg), Bool(Coupled(h)), Bool(h.CoupledPaper),
                };
                row.AddRange(h.CoupledAbove.Select(Bool));
                return (IEnumerable<string>)row;
            }));

            string? drawn = null;
            if (pngPath is not null && res.Hops.Count == 0) stderr.WriteLine($"gpubv: warning: no hops, so {pngPath} is not written");
            else if (pngPath is not null && res.Groups.Count == 0) stderr.WriteLine($"gpubv: warning: the hop panels need anion groups (--center and --anion), so {pngPath} is not written");
            else if (pngPath is not null)
            {
                int k = hopToDraw ?? Enumerable.Range(0, res.Hops.Count).MaxBy(i => res.Hops[i].MaxThetaDeg);
                if (k < 0 || k >= res.Hops.Count) throw new InputException("--png-hop", k.ToString(inv), $"there are {res.Hops.Count} hops (0 … {res.Hops.Count - 1})");
                Write(pngPath, () => DrawHop(pngPath, ctx, res, k, recorder!, padFrames));
                drawn = $"hop {k}";
            }

            var fractions = new JsonObject { ["paper"] = Num(res.CoupledFractionPaper ?? double.NaN, 6) };
            var counts = new JsonObject { ["paper"] = res.Hops.Count(h => h.CoupledPaper) };
            for (int i = 0; i < Thresholds.Length; i++)
            {
                fractions[$"{Thresholds[i]:0}"] = Num(res.CoupledFractionAbove[i] ?? double.NaN, 6);
                counts[$"{Thresholds[i]:0}"] = res.Hops.Count(h => h.CoupledAbove[i]);
            }
            double?[]? chance = p.GetValue(baseline) ? ChanceLevel(res, directions) : null;
            string summary = SummaryLine(res);
            if (chance is not null && res.Hops.Count > 0)
                summary += "; chance level (same windows at every other time): " + string.Join(", ",
                    chance.Select((c, i) => (i == 0 ? "paper " : $">{Thresholds[i - 1]:0}° ") + (c ?? double.NaN).ToString("0.###", inv)));
            if (ctx.Json)
            {
                var obj = ctx.JsonHead("hops");
                obj["species"] = el;
                obj["ions"] = res.Atoms.Count;
                obj["settings"] = new JsonObject
                {
                    ["center"] = ce, ["anion"] = an, ["min_residence_frames"] = mr, ["group_radius_A"] = gr, ["site_radius_A"] = sr, ["bond_cutoff_A"] = bc,
                    ["sites"] = $"{res.Sites.Count} sites: the {el} positions on the first analysed frame", ["criterion"] = crit,
                };
                obj["groups"] = res.Groups.Count;
                obj["hops_count"] = res.Hops.Count;
                obj["coupled_fraction"] = fractions;
                obj["coupled_count"] = counts;
                obj["summary"] = summary;
                if (chance is not null)
                {
                    var ch = new JsonObject { ["paper"] = Num(chance[0] ?? double.NaN, 6) };
                    for (int i = 0; i < Thresholds.Length; i++) ch[$"{Thresholds[i]:0}"] = Num(chance[i + 1] ?? double.NaN, 6);
                    obj["chance_fraction"] = ch;
                }
                obj["png"] = drawn;
                obj["hops"] = new JsonArray(res.Hops.Select((h, k) =>
                {
                    var coupled = new JsonObject { ["paper"] = h.CoupledPaper };
                    for (int i = 0; i < Thresholds.Length; i++) coupled[$"{Thresholds[i]:0}"] = h.CoupledAbove[i];
                    return (JsonNode?)new JsonObject
                    {
                        ["hop"] = k, ["atom"] = h.Atom, ["element"] = h.Element,
                        ["start_frame"] = off + h.StartFrame, ["end_frame"] = off + h.EndFrame, ["start_ps"] = Num(Abs(h.StartFrame)), ["end_ps"] = Num(Abs(h.EndFrame)),
                        ["window_frames"] = h.WindowFrames, ["from_site"] = h.FromSite, ["to_site"] = h.ToSite,
                        ["near_groups"] = new JsonArray(h.NearGroups.Select(g => (JsonNode?)new JsonObject
                        {
                            ["center_atom"] = g.CenterAtom, ["formula"] = res.Groups[g.Group].Formula, ["min_distance_A"] = Num(g.MinDistance, 4),
                            ["theta_max_deg"] = Num(g.ThetaMaxDeg, 4), ["theta_max_average_deg"] = Num(g.AverageThetaMaxDeg, 4), ["above_average"] = g.AboveAverage,
                        }).ToArray()),
                        ["max_theta_deg"] = Num(h.MaxThetaDeg, 4),
                        ["coupled"] = Coupled(h),
                        ["coupled_by"] = coupled,
                    };
                }).ToArray());
                ctx.WriteJson(stdout, obj);
            }
            else
            {
                stdout.WriteLine($"file:   {ctx.Path} ({res.Frames} frames from t_ini = {G(ctx.TIniPs)} ps, {res.Atoms.Count} {el}, {res.Groups.Count} {(ce is null ? "groups" : $"{ce}–{an} groups")})");
                stdout.WriteLine($"settings: min residence {mr} frames, group radius {G(gr)} Å, site radius {(sr is double x ? G(x) + " Å" : "none")}, criterion {crit}");
                stdout.WriteLine(summary);
                if (drawn is not null) stdout.WriteLine($"drew {drawn} to {pngPath}");
                foreach (var (h, k) in res.Hops.Select((h, k) => (h, k)).Take(20))
                    stdout.WriteLine(string.Create(inv, $"  hop {k,3}: {h.Element}{h.Atom} site {h.FromSite}→{h.ToSite}, frames {off + h.StartFrame}–{off + h.EndFrame} ({Abs(h.StartFrame):0.###}–{Abs(h.EndFrame):0.###} ps), {h.NearGroups.Count} near groups, θ_max {h.MaxThetaDeg:0.#}°, coupled ({crit}): {(Coupled(h) ? "yes" : "no")}"));
                if (res.Hops.Count > 20) stdout.WriteLine($"  … {res.Hops.Count - 20} more (--csv or --json for the table)");
            }
        }));
        return cmd;
    }

    private static string Bool(bool b) => b ? "true" : "false";

    /// <summary>"N hops …; fraction rotation-coupled: paper …, >30° …".</summary>
    public static string SummaryLine(HopResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        if (r.Hops.Count == 0) return $"0 hops in {r.Frames} frames";
        var parts = new List<string> { string.Create(inv, $"paper {r.CoupledFractionPaper:0.###}") };
        for (int i = 0; i < r.ThresholdsDeg.Count; i++) parts.Add(string.Create(inv, $">{r.ThresholdsDeg[i]:0}° {r.CoupledFractionAbove[i]:0.###}"));
        int ions = r.Hops.Select(h => h.Atom).Distinct().Count();
        return $"{r.Hops.Count} hops by {ions} ions in {r.Frames} frames; fraction rotation-coupled: {string.Join(", ", parts)}";
    }

    /// <summary>Fig. S3 for hop <paramref name="k"/>: its cation and the near group with the largest θ_max, from the recorded frames.</summary>
    private static void DrawHop(string path, TrajContext ctx, HopResult res, int k, FrameRecorder rec, int pad)
    {
        var hop = res.Hops[k];
        TrajectoryGroup group;
        if (hop.NearGroups.Count > 0) group = res.Groups[hop.NearGroups.MaxBy(g => g.ThetaMaxDeg)!.Group];
        else
        {
            var f = rec.Frame(hop.StartFrame);
            var compactGroups = res.Groups.Select(rec.Map).ToList();
            int gi = BondTracker.NearestGroup(f, rec.Index(hop.Atom), compactGroups).Index;
            group = res.Groups[gi];
        }
        int from = Math.Max(0, hop.StartFrame - pad), to = Math.Min(rec.Count - 1, hop.EndFrame + pad), count = to - from + 1;
        int cation = rec.Index(hop.Atom);
        var cg = rec.Map(group);
        var track = BondTracker.Track(rec.Reader(), cation, cg, ctx.DtFs, from, count) with { Cation = hop.Atom, Group = group };
        // Displacement and rotation angles relative to the hop start t0 (the last frame on the old site), so that the
        // shaded window shows θ(t0, t) whose largest value is the θ_max the coupling test uses.
        var unw = new Unwrapper();
        var cart = new Vec3[count];
        for (int t = 0; t <= to; t++)
        {
            unw.Add(rec.Frame(t));
            if (t >= from) cart[t - from] = unw.Positions[cation];
        }
        var disp = new double[1, count];
        var theta = new double[cg.Anions.Count, count];
        var f0 = rec.Frame(hop.StartFrame);
        var reference = cg.Anions.Select(a => f0.Lattice.MinimumImageVector(f0.Position(a) - f0.Position(cg.CenterAtom))).ToArray();
        for (int j = 0; j < count; j++)
        {
            disp[0, j] = (cart[j] - cart[hop.StartFrame - from]).Length;
            var f = rec.Frame(from + j);
            for (int b = 0; b < cg.Anions.Count; b++)
                theta[b, j] = BondTracker.Angle(reference[b], f.Lattice.MinimumImageVector(f.Position(cg.Anions[b]) - f.Position(cg.CenterAtom))) * 180 / Math.PI;
        }
        track = track with { BondAnglesDeg = theta };
        int off = ctx.Stream.StartFrame;
        var times = Enumerable.Range(from, count).Select(i => (off + i) * ctx.DtFs / 1000).ToArray();
        var near = hop.NearGroups.FirstOrDefault(g => g.Group == group.Index);
        string title = FormattableString.Invariant(
            $"hop {k}: {hop.Element}{hop.Atom} site {hop.FromSite}→{hop.ToSite}, frames {off + hop.StartFrame}–{off + hop.EndFrame} (shaded)\n{group.Formula} centre {group.CenterElement}{group.CenterAtom}")
            + (near is null ? " (nearest; not within the group radius)" : FormattableString.Invariant($", θ_max {near.ThetaMaxDeg:0.#}° vs average {near.AverageThetaMaxDeg:0.#}°"))
            + "; displacement and θ relative to the hop start";
        var spans = new List<(double, double)> { ((off + hop.StartFrame) * ctx.DtFs / 1000, (off + hop.EndFrame) * ctx.DtFs / 1000) };
        TrajPlots.Panels(path, title, BondsCommand.FigS3Panels(track, disp, times, group.AnionElements[0], spans), 1000, 230);
    }

    /// <summary>
    /// The chance level of each criterion (paper, then the thresholds): for every hop, the fraction of the windows of its
    /// length τ starting at t0 = 0 … N − 1 − τ in which some of its near groups would pass (θ_max(t0, τ) above that group's
    /// average, or above the threshold), averaged over the hops (a hop without near groups counts 0, as in the test itself).
    /// </summary>
    private static double?[] ChanceLevel(HopResult res, BondDirections? dirs)
    {
        var result = new double?[1 + Thresholds.Length];
        if (res.Hops.Count == 0) return result;
        var sums = new double[result.Length];
        var cache = new Dictionary<(int, int), double[]>();
        foreach (var h in res.Hops)
        {
            if (h.NearGroups.Count == 0 || dirs is null) continue;
            int tau = h.WindowFrames, windows = dirs.Frames - tau;
            if (windows <= 0) continue;
            var hits = new int[result.Length];
            var series = h.NearGroups.Select(g =>
            {
                if (!cache.TryGetValue((g.Group, tau), out var s)) cache[(g.Group, tau)] = s = dirs.ThetaMaxSeries(g.Group, tau);
                return (s, avg: g.AverageThetaMaxDeg);
            }).ToList();
            for (int t0 = 0; t0 < windows; t0++)
            {
                double best = 0; bool paper = false;
                foreach (var (s, avg) in series) { best = Math.Max(best, s[t0]); paper |= s[t0] > avg; }
                if (paper) hits[0]++;
                for (int i = 0; i < Thresholds.Length; i++) if (best > Thresholds[i]) hits[i + 1]++;
            }
            for (int i = 0; i < result.Length; i++) sums[i] += hits[i] / (double)windows;
        }
        for (int i = 0; i < result.Length; i++) result[i] = sums[i] / res.Hops.Count;
        return result;
    }

    /// <summary>The unit vectors of the groups' bonds on every frame (minimum image), for <see cref="ChanceLevel"/>.</summary>
    private sealed class BondDirections(IReadOnlyList<TrajectoryGroup> groups)
    {
        private readonly List<Vec3[]> _unit = [];
        public int Frames => _unit.Count;

        public void Record(ITrajectoryReader reader)
        {
            while (reader.TryRead(out var f))
            {
                var u = new Vec3[groups.Sum(g => g.Anions.Count)];
                int k = 0;
                foreach (var g in groups)
                {
                    var c = f.Position(g.CenterAtom);
                    foreach (var a in g.Anions)
                    {
                        var v = f.Lattice.MinimumImageVector(f.Position(a) - c);
                        u[k++] = v * (1 / v.Length);
                    }
                }
                _unit.Add(u);
            }
        }

        /// <summary>θ_max(t0, τ) in degrees of group <paramref name="g"/> for t0 = 0 … N − 1 − τ.</summary>
        public double[] ThetaMaxSeries(int g, int tau)
        {
            int offset = groups.Take(g).Sum(x => x.Anions.Count), bonds = groups[g].Anions.Count;
            var s = new double[Frames - tau];
            for (int t0 = 0; t0 < s.Length; t0++)
            {
                double best = 0;
                for (int t = t0 + 1; t <= t0 + tau; t++)
                    for (int b = 0; b < bonds; b++)
                        best = Math.Max(best, BondTracker.Angle(_unit[t0][offset + b], _unit[t][offset + b]));
                s[t0] = best * 180 / Math.PI;
            }
            return s;
        }
    }

    /// <summary>
    /// Keeps the positions of the atoms of some elements for every frame (24 bytes per atom per frame), for drawing a
    /// hop after the analysis has found it; atoms are renumbered compactly.
    /// </summary>
    private sealed class FrameRecorder
    {
        private readonly int[] _atoms;
        private readonly Dictionary<int, int> _index = [];
        private readonly List<Frame> _frames = [];
        private readonly TrajectoryHeader _header;

        public FrameRecorder(TrajectoryHeader header, HashSet<string> elements)
        {
            _atoms = Enumerable.Range(0, header.AtomCount).Where(i => elements.Contains(header.Elements[i])).ToArray();
            for (int i = 0; i < _atoms.Length; i++) _index[_atoms[i]] = i;
            _header = new TrajectoryHeader(_atoms.Select(a => header.Elements[a]).ToArray(), header.Source, header.Title);
        }

        public int Count => _frames.Count;
        public int Index(int atom) => _index[atom];
        public Frame Frame(int t) => _frames[t];

        public TrajectoryGroup Map(TrajectoryGroup g) => g with { CenterAtom = Index(g.CenterAtom), Anions = g.Anions.Select(Index).ToArray() };

        public void Record(ITrajectoryReader reader)
        {
            while (reader.TryRead(out var f))
            {
                var c = new double[3 * _atoms.Length];
                for (int i = 0; i < _atoms.Length; i++)
                {
                    int a = _atoms[i];
                    c[3 * i] = f.Fractional[3 * a]; c[3 * i + 1] = f.Fractional[3 * a + 1]; c[3 * i + 2] = f.Fractional[3 * a + 2];
                }
                _frames.Add(new Frame(_frames.Count, f.Lattice, c));
            }
        }

        public ITrajectoryReader Reader() => new FrameListReader(_header, _frames);
    }
}
