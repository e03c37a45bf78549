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
    public readonly Option<double> DtFs = new("--dt-fs")
    {
        Description = "Time between stored frames in fs (MD time step × output interval), "
            + "e.g. 100 for a 2 fs step written every 50th step.",
        Required = true,
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
    public readonly Option<double> TIni = new("--t-ini")
    {
        Description = "t_ini in ps: analyse from the frame nearest t_ini·1000/dt_fs (0-based; time 0 of the outputs is that frame).",
        DefaultValueFactory = _ => 0.0,
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
        foreach (var o in new Option[] { DtFs, Format, Types, Cell, TIni, TWindow, Json, Csv }.Concat(extra))
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
    /// flags' names).
    /// </summary>
    public int Execute(ParseResult p, TextWriter stderr, Action<TrajectoryRun> body)
    {
        string path = p.GetValue(File)!;
        double dt = p.GetValue(DtFs);
        if (!(dt > 0) || !double.IsFinite(dt))
        {
            throw new InputException(InputParameter.TimeStep, dt.ToString(Inv), "must be a positive number of fs");
        }
        double tIni = p.GetValue(TIni);
        if (!(tIni >= 0) || !double.IsFinite(tIni))
        {
            throw new InputException(InputParameter.StartTime, tIni.ToString(Inv), "must be a number of ps ≥ 0");
        }
        double? tWin = p.GetValue(TWindow);
        if (tWin is double w && (!(w >= 0) || !double.IsFinite(w)))
        {
            throw new InputException(InputParameter.TimeWindow, w.ToString(Inv), "must be a number of ps ≥ 0");
        }
        int start = PsToFrames(tIni, dt, InputParameter.StartTime);
        int? count = tWin is double ww ? PsToFrames(ww, dt, InputParameter.TimeWindow) + 1 : null;
        var options = new ReadOptions(ParseTypes(p.GetValue(Types)), ParseCell(p.GetValue(Cell)));
        var reader = TrajectoryFile.Open(path, options, ParseFormat(p.GetValue(Format)!));
        using var slice = new TrajectorySlice(reader, start, count, ConsoleProgress.For(stderr));
        var run = new TrajectoryRun(path, dt, slice, p.GetValue(Json), p.GetValue(Csv), tIni, tWin);
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
