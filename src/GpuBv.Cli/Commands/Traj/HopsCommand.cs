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
/// <c>gpubv traj hops</c>: cation hops between residence sites and whether each is coupled to anion-group rotation
/// (DESIGN §5).
/// </summary>
internal static class HopsCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly double[] Thresholds = HopsOptions.Thresholds;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new TrajectoryOptions();
        var h = new HopsOptions();
        var cmd = o.Command("hops",
            "Cation hops (lasting changes of residence site; sites = the species' positions on the first analysed frame) and their "
                + "coupling to "
            + "anion-group rotation: for each hop the groups near it, their largest bond rotation θ_max over the hop window, its "
                + "average over all "
            + "windows of the same length, and whether the hop is coupled under the paper's criterion and at 30/45/60/120°. "
            + "Memory: per frame the ions' and group centres' positions and the bond directions.", h.All);
        cmd.SetAction(p => o.Execute(p, stderr, run =>
        {
            var s = h.Parse(p, run);
            // The groups from the first analysed frame, as Hops.Analyze would find them, so that --baseline follows the same bonds.
            IReadOnlyList<TrajectoryGroup>? groups = null;
            if (s.Center is not null)
            {
                var first = run.Stream.Peek() ?? throw new InputException(run.Path, "", "no frames in the analysed stretch");
                groups = TrajectoryGroups.Find(run.Header, first, s.Center, s.Anion!, s.BondCutoff);
            }
            var options = new HopOptions(s.Species, run.DtFs)
            {
                SiteRadius = s.SiteRadius, MinResidence = s.MinResidence, Center = s.Center, Anion = s.Anion, BondCutoff = s.BondCutoff,
                GroupRadius = s.GroupRadius, ThresholdsDeg = Thresholds, Groups = groups,
            };
            HopResult? result = null;
            var recorded = new[] { s.Species, s.Center, s.Anion }.OfType<string>().ToHashSet();
            var recorder = s.Png is null ? null : new FrameRecorder(run.Header, recorded);
            var directions = s.Baseline && groups is { Count: > 0 } ? new HopBaseline(groups) : null;
            var consumers = new List<Action<ITrajectoryReader>> { r => result = Hops.Analyze(r, options) };
            if (recorder is not null)
            {
                consumers.Add(recorder.Record);
            }
            if (directions is not null)
            {
                consumers.Add(directions.Record);
            }
            FrameFanOut.Run(run.Stream, consumers.ToArray());
            var chance = s.Baseline ? HopBaseline.ChanceLevel(result!, directions) : null;
            Render(run, stdout, stderr, s, result!, recorder, chance);
        }));
        return cmd;
    }

    private static void Render(TrajectoryRun run, TextWriter stdout, TextWriter stderr, HopSettings s, HopResult res,
        FrameRecorder? recorder,
        double?[]? chance)
    {
        WriteCsv(run, s, res);
        string? drawn = Draw(run, stderr, s, res, recorder);
        string summary = SummaryLine(res);
        if (chance is not null && res.Hops.Count > 0)
        {
            summary += "; chance level (same windows at every other time): " + string.Join(", ",
                chance.Select((c, i) => (i == 0 ? "paper " : $">{Thresholds[i - 1]:0}° ") + (c ?? double.NaN).ToString("0.###", Inv)));
        }
        if (run.Json)
        {
            ReportJson.Write(stdout, Report(run, s, res, summary, chance, drawn));
            return;
        }
        int off = run.Stream.StartFrame;
        string groupKind = s.Center is null ? "groups" : $"{s.Center}–{s.Anion} groups";
        stdout.WriteLine($"file:   {run.Path} ({res.Frames} frames from t_ini = {G(run.TIniPs ?? 0)} ps, {res.Atoms.Count} {s.Species}, "
            + $"{res.Groups.Count} {groupKind})");
        string site = s.SiteRadius is double x ? G(x) + " Å" : "none";
        stdout.WriteLine($"settings: min residence {s.MinResidence} frames, group radius {G(s.GroupRadius)} Å, site radius {site}, "
            + $"criterion {s.Criterion}");
        stdout.WriteLine(summary);
        if (drawn is not null)
        {
            stdout.WriteLine($"drew {drawn} to {s.Png}");
        }
        foreach (var (h, k) in res.Hops.Select((h, k) => (h, k)).Take(20))
        {
            stdout.WriteLine(string.Create(Inv,
                $"  hop {k,3}: {h.Element}{h.Atom} site {h.FromSite}→{h.ToSite}, frames {off + h.StartFrame}–{off + h.EndFrame} ")
                + string.Create(Inv,
                    $"({Abs(run, h.StartFrame):0.###}–{Abs(run, h.EndFrame):0.###} ps), {h.NearGroups.Count} near groups, ")
                + string.Create(Inv, $"θ_max {h.MaxThetaDeg:0.#}°, coupled ({s.Criterion}): {(s.Coupled(h) ? "yes" : "no")}"));
        }
        if (res.Hops.Count > 20)
        {
            stdout.WriteLine($"  … {res.Hops.Count - 20} more (--csv or --json for the table)");
        }
    }

    /// <summary>Time (ps) of slice frame <paramref name="frame"/> on the file's clock.</summary>
    private static double Abs(TrajectoryRun run, int frame) => (run.Stream.StartFrame + frame) * run.DtFs / 1000;

    private static void WriteCsv(TrajectoryRun run, HopSettings s, HopResult res)
    {
        int off = run.Stream.StartFrame;
        var header = new List<string>
        {
            "hop", "atom", "element", "start_frame", "end_frame", "start_ps", "end_ps", "window_frames", "from_site", "to_site",
            "near_groups", "n_near_groups", "max_theta_deg", "coupled", "coupled_paper",
        };
        header.AddRange(Thresholds.Select(t => $"coupled_{t:0}"));
        run.WriteCsv(header, res.Hops.Select((h, k) => (IEnumerable<string>)
        [
            I(k), I(h.Atom), h.Element, I(off + h.StartFrame), I(off + h.EndFrame), F(Abs(run, h.StartFrame)), F(Abs(run, h.EndFrame)),
            I(h.WindowFrames), I(h.FromSite), I(h.ToSite),
            string.Join(';', h.NearGroups.Select(g => NearGroupCell(res, g))),
            I(h.NearGroups.Count), F(h.MaxThetaDeg), Bool(s.Coupled(h)), Bool(h.CoupledPaper),
            .. h.CoupledAbove.Select(Bool),
        ]));
    }

    /// <summary>One near group in the CSV: "P417:d=3.1:theta_max=12.3:avg=8.9".</summary>
    private static string NearGroupCell(HopResult res, HopNearGroup g) =>
        string.Create(Inv, $"{res.Groups[g.Group].CenterElement}{g.CenterAtom}:d={g.MinDistance:0.###}")
        + string.Create(Inv, $":theta_max={g.ThetaMaxDeg:0.##}:avg={g.AverageThetaMaxDeg:0.##}");

    /// <summary>Draws the hop of <c>--png</c>; what was drawn ("hop K"), or null with a warning when nothing can be.</summary>
    private static string? Draw(TrajectoryRun run, TextWriter stderr, HopSettings s, HopResult res, FrameRecorder? recorder)
    {
        if (s.Png is not string path)
        {
            return null;
        }
        if (res.Hops.Count == 0)
        {
            stderr.WriteLine($"gpubv: warning: no hops, so {path} is not written");
            return null;
        }
        if (res.Groups.Count == 0)
        {
            stderr.WriteLine($"gpubv: warning: the hop panels need anion groups (--center and --anion), so {path} is not written");
            return null;
        }
        int k = s.PngHop ?? Enumerable.Range(0, res.Hops.Count).MaxBy(i => res.Hops[i].MaxThetaDeg);
        if (k < 0 || k >= res.Hops.Count)
        {
            throw new InputException("--png-hop", k.ToString(Inv), $"there are {res.Hops.Count} hops (0 … {res.Hops.Count - 1})");
        }
        Write(path, () => HopFigure.Draw(path, HopTrace.Compute(res, k, recorder!, run.DtFs, s.Pad), k, run.Stream.StartFrame, run.DtFs));
        return $"hop {k}";
    }

    private static HopsReport Report(TrajectoryRun run, HopSettings s, HopResult res, string summary, double?[]? chance, string? drawn)
    {
        int off = run.Stream.StartFrame;
        Dictionary<string, T> ByCriterion<T>(T paper, Func<int, T> threshold) =>
            new[] { KeyValuePair.Create("paper", paper) }
                .Concat(Thresholds.Select((t, i) => KeyValuePair.Create(t.ToString("0", Inv), threshold(i)))).ToDictionary();
        return run.Head(new HopsReport
        {
            Species = s.Species,
            Ions = res.Atoms.Count,
            Settings = new(s.Center, s.Anion, s.MinResidence, s.GroupRadius, s.SiteRadius, s.BondCutoff,
                $"{res.Sites.Count} sites: the {s.Species} positions on the first analysed frame", s.Criterion),
            Groups = res.Groups.Count,
            HopsCount = res.Hops.Count,
            CoupledFraction = ByCriterion(Num(res.CoupledFractionPaper ?? double.NaN, 6), i =>
                Num(res.CoupledFractionAbove[i] ?? double.NaN, 6)),
            CoupledCount = ByCriterion(res.Hops.Count(h => h.CoupledPaper), i => res.Hops.Count(h => h.CoupledAbove[i])),
            Summary = summary,
            ChanceFraction = chance is null ? null : ByCriterion(Num(chance[0] ?? double.NaN, 6), i => Num(chance[i + 1] ?? double.NaN, 6)),
            Png = drawn,
            Hops = res.Hops.Select((h, k) => new HopsReport.HopEntry
            {
                Hop = k, Atom = h.Atom, Element = h.Element, StartFrame = off + h.StartFrame, EndFrame = off + h.EndFrame,
                StartPs = Num(Abs(run, h.StartFrame)), EndPs = Num(Abs(run, h.EndFrame)), WindowFrames = h.WindowFrames,
                FromSite = h.FromSite, ToSite = h.ToSite,
                NearGroups = h.NearGroups.Select(g => new HopsReport.NearGroupEntry(g.CenterAtom, res.Groups[g.Group].Formula,
                    Num(g.MinDistance, 4), Num(g.ThetaMaxDeg, 4), Num(g.AverageThetaMaxDeg, 4), g.AboveAverage)).ToList(),
                MaxThetaDeg = Num(h.MaxThetaDeg, 4),
                Coupled = s.Coupled(h),
                CoupledBy = ByCriterion(h.CoupledPaper, i => h.CoupledAbove[i]),
            }).ToList(),
        }, "hops");
    }

    /// <summary>"N hops …; fraction rotation-coupled: paper …, >30° …".</summary>
    private static string SummaryLine(HopResult r)
    {
        if (r.Hops.Count == 0)
        {
            return $"0 hops in {r.Frames} frames";
        }
        var parts = new List<string> { string.Create(Inv, $"paper {r.CoupledFractionPaper:0.###}") };
        for (int i = 0; i < r.ThresholdsDeg.Count; i++)
        {
            parts.Add(string.Create(Inv, $">{r.ThresholdsDeg[i]:0}° {r.CoupledFractionAbove[i]:0.###}"));
        }
        int ions = r.Hops.Select(h => h.Atom).Distinct().Count();
        return $"{r.Hops.Count} hops by {ions} ions in {r.Frames} frames; fraction rotation-coupled: {string.Join(", ", parts)}";
    }
}
