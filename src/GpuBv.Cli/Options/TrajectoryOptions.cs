using System.CommandLine;
using System.Globalization;
using GpuBv.Chemistry;
using GpuBv.Cli.Commands.Traj;
using GpuBv.Crystal;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory;
using ReadOptions = GpuBv.IO.Trajectories.TrajectoryOptions;

namespace GpuBv.Cli.Options;

/// <summary>The options every <c>gpubv traj</c> subcommand takes, defined once, and how a run is set up from them.</summary>
internal sealed class TrajectoryOptions
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The trajectory file.</summary>
    public readonly Argument<string> File = new("file")
    {
        Description = "Trajectory: VASP XDATCAR, extended XYZ, LAMMPS dump or data file, or plain XYZ (needs --cell); "
            + ".gz is read on the fly.",
    };

    /// <summary>Time between stored frames (fs).</summary>
    public readonly Option<double?> DtFs = new("--dt-fs")
    {
        Description = "Time between stored frames in fs (MD time step × output interval), "
            + "e.g. 100 for a 2 fs step written every 50th step; needed where times are reported or given in ps.",
    };

    /// <summary>The file format.</summary>
    public readonly Option<string> Format = new("--format")
    {
        Description = "Trajectory format; auto picks it from the name, else the first lines.",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>LAMMPS type → element map.</summary>
    public readonly Option<string?> Types = new("--types")
    {
        Description = "LAMMPS atom type → element, e.g. 1=Li,2=In,3=Cl (LAMMPS dump/data and plain XYZ with type numbers).",
    };

    /// <summary>The cell for formats without one.</summary>
    public readonly Option<string?> Cell = new("--cell")
    {
        Description = "The cell in Å for formats without one (plain XYZ): \"ax ay az bx by bz cx cy cz\" (lattice vectors), "
            + "or \"a b c\" for an orthorhombic cell.",
    };

    /// <summary>Start of the analysed stretch (ps).</summary>
    public readonly Option<double?> TIni = new("--t-ini")
    {
        Description = "t_ini in ps: analyse from the frame nearest t_ini·1000/dt_fs (0-based; time 0 of the outputs is that frame; "
            + "default 0).",
    };

    /// <summary>First analysed frame, for runs without a time step.</summary>
    public readonly Option<int?> FrameIni = new("--frame-ini")
    {
        Description = "First analysed frame (0-based), instead of --t-ini (no --dt-fs needed).",
    };

    /// <summary>Number of analysed frames, for runs without a time step.</summary>
    public readonly Option<int?> Frames = new("--frames")
    {
        Description = "Number of analysed frames, instead of --t-window (no --dt-fs needed; default: to the end).",
    };

    /// <summary>Length of the analysed stretch (ps).</summary>
    public readonly Option<double?> TWindow = new("--t-window")
    {
        Description = "Length of the analysed stretch in ps: frames t_ini … t_ini + t_window "
            + "(round(t_window·1000/dt_fs) + 1 frames; default: to the end).",
    };

    /// <summary>JSON instead of the text summary.</summary>
    public readonly Option<bool> Json = new("--json") { Description = "Print one JSON object instead of a summary." };

    /// <summary>The main table as CSV.</summary>
    public readonly Option<string?> Csv = new("--csv") { Description = "Write the main table as CSV to FILE." };

    /// <summary>Creates the option set.</summary>
    public TrajectoryOptions()
    {
        Format.AcceptOnlyFromAmong("auto", "xdatcar", "extxyz", "lammps-dump", "lammps-data", "xyz");
    }

    /// <summary>A subcommand with the file argument, the common options and <paramref name="extra"/>.</summary>
    public Command Command(string name, string description, params Option[] extra)
    {
        var cmd = new Command(name, description);
        cmd.Arguments.Add(File);
        foreach (var o in new Option[] { DtFs, Format, Types, Cell, TIni, TWindow, FrameIni, Frames, Json, Csv }.Concat(extra))
        {
            cmd.Options.Add(o);
        }
        return cmd;
    }

    /// <summary>Parses <c>--types</c>: "1=Li,2=In".</summary>
    public static Dictionary<int, string>? ParseTypes(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var map = new Dictionary<int, string>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !int.TryParse(kv[0], NumberStyles.Integer, Inv, out int type) || !Element.TryGet(kv[1], out var el))
            {
                throw new InputException(InputParameter.Types, text,
                    $"expected TYPE=ELEMENT pairs separated by commas, e.g. 1=Li,2=In,3=Cl; '{part}' is not one");
            }
            if (!map.TryAdd(type, el.Symbol))
            {
                throw new InputException(InputParameter.Types, text, $"type {type} is given twice");
            }
        }
        if (map.Count == 0)
        {
            throw new InputException(InputParameter.Types, text, "expected TYPE=ELEMENT pairs, e.g. 1=Li,2=In,3=Cl");
        }
        return map;
    }

    /// <summary>Parses <c>--cell</c>: nine numbers (the lattice vectors a, b, c in Å) or three (a b c, orthorhombic).</summary>
    public static Lattice? ParseCell(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var t = text.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var v = new double[t.Length];
        for (int i = 0; i < t.Length; i++)
        {
            if (!double.TryParse(t[i], NumberStyles.Float, Inv, out v[i]) || !double.IsFinite(v[i]))
            {
                throw new InputException(InputParameter.Cell, text, $"'{t[i]}' is not a number");
            }
        }
        var (a, b, c) = v.Length switch
        {
            9 => (new Vec3(v[0], v[1], v[2]), new Vec3(v[3], v[4], v[5]), new Vec3(v[6], v[7], v[8])),
            3 => (new Vec3(v[0], 0, 0), new Vec3(0, v[1], 0), new Vec3(0, 0, v[2])),
            _ => throw new InputException(InputParameter.Cell, text,
                "expected nine numbers \"ax ay az bx by bz cx cy cz\" (Å) or three \"a b c\""),
        };
        if (!(Math.Abs(Vec3.Dot(a, Vec3.Cross(b, c))) > 1e-9))
        {
            throw new InputException(InputParameter.Cell, text, "the cell vectors are degenerate (zero volume)");
        }
        return Lattice.FromVectors(a, b, c);
    }

    private static TrajectoryFormat ParseFormat(string f) => f switch
    {
        "xdatcar" => TrajectoryFormat.Xdatcar,
        "extxyz" => TrajectoryFormat.ExtXyz,
        "lammps-dump" => TrajectoryFormat.LammpsDump,
        "lammps-data" => TrajectoryFormat.LammpsData,
        "xyz" => TrajectoryFormat.PlainXyz,
        _ => TrajectoryFormat.Auto,
    };

    /// <summary>
    /// Reads the common options, opens the trajectory and runs <paramref name="body"/> on it. The exit code: 0; or 2 when
    /// the reader stopped at a bad frame (the body has written its outputs for the frames before it, then the one-line
    /// error follows) or the input is bad (an <see cref="InputException"/>, which <see cref="Program"/> prints with the
    /// flags' names). <paramref name="needsTime"/>: the analysis reports times, so <c>--dt-fs</c> is required; otherwise
    /// it is needed only to turn <c>--t-ini</c>/<c>--t-window</c> into frames (<c>--frame-ini</c>/<c>--frames</c> need none).
    /// </summary>
    public int Execute(ParseResult p, TextWriter stderr, Action<TrajectoryRun> body, bool needsTime = true)
    {
        string path = p.GetValue(File)!;
        double? dt = p.GetValue(DtFs);
        if (dt is double d && (!(d > 0) || !double.IsFinite(d)))
        {
            throw new InputException(InputParameter.TimeStep, d.ToString(Inv), "must be a positive number of fs");
        }
        if (dt is null && needsTime)
        {
            throw new InputException(InputParameter.TimeStep, "", "required here: this analysis reports times; give the time between "
                + "stored frames in fs (MD time step × output interval)");
        }
        double? tIni = p.GetValue(TIni);
        double? tWin = p.GetValue(TWindow);
        int? frameIni = p.GetValue(FrameIni);
        int? frames = p.GetValue(Frames);
        if (tIni is not null && frameIni is not null)
        {
            throw new InputException(InputParameter.FrameStart, frameIni.Value.ToString(Inv),
                $"give either {InputException.Ref(InputParameter.StartTime)} (ps) or {InputException.Ref(InputParameter.FrameStart)} "
                + "(frames), not both");
        }
        if (tWin is not null && frames is not null)
        {
            throw new InputException(InputParameter.FrameCount, frames.Value.ToString(Inv),
                $"give either {InputException.Ref(InputParameter.TimeWindow)} (ps) or {InputException.Ref(InputParameter.FrameCount)} "
                + "(frames), not both");
        }
        if (dt is null && (tIni is not null || tWin is not null))
        {
            throw new InputException(InputParameter.TimeStep, "",
                $"is needed to turn {InputException.Ref(tIni is not null ? InputParameter.StartTime : InputParameter.TimeWindow)} (ps) "
                + $"into frames; without a time step give {InputException.Ref(InputParameter.FrameStart)} and "
                + $"{InputException.Ref(InputParameter.FrameCount)}");
        }
        if (tIni is double ti && (!(ti >= 0) || !double.IsFinite(ti)))
        {
            throw new InputException(InputParameter.StartTime, ti.ToString(Inv), "must be a number of ps ≥ 0");
        }
        if (tWin is double w && (!(w >= 0) || !double.IsFinite(w)))
        {
            throw new InputException(InputParameter.TimeWindow, w.ToString(Inv), "must be a number of ps ≥ 0");
        }
        if (frameIni is < 0)
        {
            throw new InputException(InputParameter.FrameStart, frameIni.Value.ToString(Inv), "must be a frame number ≥ 0");
        }
        if (frames is < 1)
        {
            throw new InputException(InputParameter.FrameCount, frames.Value.ToString(Inv), "must be at least 1");
        }
        int start = frameIni ?? (tIni is double t0 ? PsToFrames(t0, dt!.Value, InputParameter.StartTime) : 0);
        int? count = frames ?? (tWin is double ww ? PsToFrames(ww, dt!.Value, InputParameter.TimeWindow) + 1 : null);
        var options = new ReadOptions(ParseTypes(p.GetValue(Types)), ParseCell(p.GetValue(Cell)));
        var reader = TrajectoryFile.Open(path, options, ParseFormat(p.GetValue(Format)!));
        using var slice = new TrajectorySlice(reader, start, count, ConsoleProgress.For(stderr));
        // Times of the slice in ps when a time step is known (from the frames when they were given in frames).
        double? tIniPs = tIni ?? (dt is double d1 ? start * d1 / 1000 : null);
        double? tWinPs = tWin ?? (dt is double d2 && count is int c ? (c - 1) * d2 / 1000 : null);
        var run = new TrajectoryRun(path, dt, slice, p.GetValue(Json), p.GetValue(Csv), tIniPs, tWinPs);
        return run.Execute(stderr, body);
    }

    private static int PsToFrames(double ps, double dtFs, InputParameter parameter)
    {
        double f = Math.Round(ps * 1000 / dtFs);
        if (f > int.MaxValue - 1)
        {
            throw new InputException(parameter, ps.ToString(Inv), "is too long for the trajectory");
        }
        return (int)f;
    }
}
