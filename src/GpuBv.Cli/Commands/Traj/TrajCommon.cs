using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GpuBv.IO.Trajectories;
using GpuBv.Crystal;
using GpuBv.Trajectory;

namespace GpuBv.Cli.Commands.Traj;

/// <summary>The options every <c>gpubv traj</c> subcommand takes, and how they are read.</summary>
internal sealed class TrajOptions
{
    public readonly Argument<string> File = new("file")
    {
        Description = "Trajectory: VASP XDATCAR, extended XYZ, LAMMPS dump or data file, or plain XYZ (needs --cell); .gz is read on the fly.",
    };
    public readonly Option<double> DtFs = new("--dt-fs")
    {
        Description = "Time between stored frames in fs (MD time step × output interval), e.g. 100 for a 2 fs step written every 50th step.",
        Required = true,
    };
    public readonly Option<string> Format = new("--format")
    {
        Description = "Trajectory format; auto picks it from the name, else the first lines.",
        DefaultValueFactory = _ => "auto",
    };
    public readonly Option<string?> Types = new("--types")
    {
        Description = "LAMMPS atom type → element, e.g. 1=Li,2=In,3=Cl (LAMMPS dump/data and plain XYZ with type numbers).",
    };
    public readonly Option<string?> Cell = new("--cell")
    {
        Description = "The cell in Å for formats without one (plain XYZ): \"ax ay az bx by bz cx cy cz\" (lattice vectors), or \"a b c\" for an orthorhombic cell.",
    };
    public readonly Option<double> TIni = new("--t-ini")
    {
        Description = "t_ini in ps: analyse from the frame nearest t_ini·1000/dt_fs (0-based; time 0 of the outputs is that frame).",
        DefaultValueFactory = _ => 0.0,
    };
    public readonly Option<double?> TWindow = new("--t-window")
    {
        Description = "Length of the analysed stretch in ps: frames t_ini … t_ini + t_window (round(t_window·1000/dt_fs) + 1 frames; default: to the end).",
    };
    public readonly Option<bool> Json = new("--json") { Description = "Print one JSON object instead of a summary." };
    public readonly Option<string?> Csv = new("--csv") { Description = "Write the main table as CSV to FILE." };

    public TrajOptions()
    {
        Format.AcceptOnlyFromAmong("auto", "xdatcar", "extxyz", "lammps-dump", "lammps-data", "xyz");
    }

    /// <summary>Adds the file argument and the common options to <paramref name="cmd"/>.</summary>
    public void AddTo(Command cmd)
    {
        cmd.Arguments.Add(File);
        foreach (var o in new Option[] { DtFs, Format, Types, Cell, TIni, TWindow, Json, Csv }) cmd.Options.Add(o);
    }

    /// <summary>Parses <c>--types</c>: "1=Li,2=In".</summary>
    public static Dictionary<int, string>? ParseTypes(string? text)
    {
        if (text is null) return null;
        var map = new Dictionary<int, string>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !int.TryParse(kv[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int type) ||
                !GpuBv.Chemistry.Element.TryGet(kv[1], out var el))
                throw new InputException("--types", text, $"expected TYPE=ELEMENT pairs separated by commas, e.g. 1=Li,2=In,3=Cl; '{part}' is not one");
            if (!map.TryAdd(type, el.Symbol)) throw new InputException("--types", text, $"type {type} is given twice");
        }
        if (map.Count == 0) throw new InputException("--types", text, "expected TYPE=ELEMENT pairs, e.g. 1=Li,2=In,3=Cl");
        return map;
    }

    /// <summary>Parses <c>--cell</c>: nine numbers (the lattice vectors a, b, c in Å) or three (a b c, orthorhombic).</summary>
    public static Lattice? ParseCell(string? text)
    {
        if (text is null) return null;
        var t = text.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var v = new double[t.Length];
        for (int i = 0; i < t.Length; i++)
            if (!double.TryParse(t[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                throw new InputException("--cell", text, $"'{t[i]}' is not a number");
        Lattice lat;
        if (v.Length == 9) lat = Lattice.FromVectors(new Vec3(v[0], v[1], v[2]), new Vec3(v[3], v[4], v[5]), new Vec3(v[6], v[7], v[8]));
        else if (v.Length == 3) lat = Lattice.FromVectors(new Vec3(v[0], 0, 0), new Vec3(0, v[1], 0), new Vec3(0, 0, v[2]));
        else throw new InputException("--cell", text, "expected nine numbers \"ax ay az bx by bz cx cy cz\" (Å) or three \"a b c\"");
        if (!(Math.Abs(lat.Volume) > 1e-9)) throw new InputException("--cell", text, "the cell vectors are degenerate (zero volume)");
        return lat;
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
    /// error follows) or the input is bad.
    /// </summary>
    public int Execute(ParseResult p, TextWriter stderr, Action<TrajContext> body)
    {
        var inv = CultureInfo.InvariantCulture;
        string path = p.GetValue(File)!;
        double dt = p.GetValue(DtFs);
        if (!(dt > 0) || !double.IsFinite(dt)) throw new InputException("--dt-fs", dt.ToString(inv), "must be a positive number of fs");
        double tIni = p.GetValue(TIni);
        if (!(tIni >= 0) || !double.IsFinite(tIni)) throw new InputException("--t-ini", tIni.ToString(inv), "must be a number of ps ≥ 0");
        double? tWin = p.GetValue(TWindow);
        if (tWin is double w && (!(w >= 0) || !double.IsFinite(w))) throw new InputException("--t-window", w.ToString(inv), "must be a number of ps ≥ 0");
        int start = PsToFrames(tIni, dt, "--t-ini");
        int? count = tWin is double ww ? PsToFrames(ww, dt, "--t-window") + 1 : null;
        var options = new TrajectoryOptions(ParseTypes(p.GetValue(Types)), ParseCell(p.GetValue(Cell)));
        var reader = TrajectoryFile.Open(path, options, ParseFormat(p.GetValue(Format)!));
        using var stream = new TrajectoryStream(reader, stderr, start, count);
        var ctx = new TrajContext(path, dt, stream, p.GetValue(Json), p.GetValue(Csv), tIni, tWin);
        try
        {
            body(ctx);
        }
        catch (Exception e) when (stream.Error is not null && e is not (OutOfMemoryException or OperationCanceledException))
        {
            // The analysis could not complete on the frames before the bad one (e.g. too few): the reader's error is the cause.
            stderr.WriteLine($"gpubv: error: {stream.Error.Message} (stopped after {stream.FramesScanned} good frames; too few for this analysis, no outputs)");
            return Program.InputError;
        }
        catch (Exception e) when (stream.FramesRead == 0 && start > 0 && e is ArgumentException or InputException)
        {
            throw new InputException("--t-ini", tIni.ToString(inv), $"is frame {start}, but {path} has only {stream.FramesScanned} frames");
        }
        catch (ArgumentException e)
        {
            // The analyses check their arguments against the trajectory (species, atom indices, frame counts).
            throw new InputException(path, "", Plain(e));
        }
        if (stream.Error is not null)
        {
            stderr.WriteLine($"gpubv: error: {stream.Error.Message} (the outputs cover the {stream.FramesRead} frames before it)");
            return Program.InputError;
        }
        return 0;
    }

    private static int PsToFrames(double ps, double dtFs, string option)
    {
        double f = Math.Round(ps * 1000 / dtFs);
        if (f > int.MaxValue - 1) throw new InputException(option, ps.ToString(CultureInfo.InvariantCulture), "is too long for the trajectory");
        return (int)f;
    }

    /// <summary>An argument exception's message without the "(Parameter 'x')" and "Actual value was" tails.</summary>
    public static string Plain(ArgumentException e)
    {
        var m = e.Message;
        int i = m.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (i >= 0) m = m[..i];
        i = m.IndexOf("\nActual value", StringComparison.Ordinal);
        if (i >= 0) m = m[..i];
        return m.ReplaceLineEndings(" ").Trim();
    }
}

/// <summary>What a subcommand's body works with: the settings and the trajectory stream.</summary>
internal sealed record TrajContext(string Path, double DtFs, TrajectoryStream Stream, bool Json, string? Csv, double TIniPs, double? TWindowPs)
{
    public TrajectoryHeader Header => Stream.Header;

    /// <summary>The element symbol for <paramref name="name"/> (any case), checked to be in the trajectory.</summary>
    public string Species(string name, string option = "--species")
    {
        string el = GpuBv.Chemistry.Element.TryGet(name, out var e) ? e.Symbol : name;
        if (!Header.Elements.Contains(el))
            throw new InputException(option, name, $"{Path} has no {el} atoms (it has {string.Join(", ", Header.Elements.Distinct())})");
        return el;
    }

    /// <summary>Time (ps since t_ini) of slice frame <paramref name="frame"/>.</summary>
    public double Ps(int frame) => frame * DtFs / 1000;

    /// <summary>The fields every subcommand's JSON starts with.</summary>
    public JsonObject JsonHead(string analysis) => new()
    {
        ["file"] = Path,
        ["analysis"] = analysis,
        ["atoms"] = Header.AtomCount,
        ["frames"] = Stream.FramesRead,
        ["dt_fs"] = DtFs,
        ["t_ini_ps"] = TIniPs,
        ["t_ini_frame"] = Stream.StartFrame,
        ["t_window_ps"] = TWindowPs,
        ["input_error"] = Stream.Error?.Message,
    };

    public void WriteJson(TextWriter stdout, JsonObject obj) => stdout.WriteLine(obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>Writes the main table if <c>--csv</c> was given.</summary>
    public void WriteCsv(IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        if (Csv is not string path) return;
        TrajOutput.Write(path, () =>
        {
            using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
            w.WriteLine(string.Join(',', header.Select(TrajOutput.CsvField)));
            foreach (var row in rows) w.WriteLine(string.Join(',', row.Select(TrajOutput.CsvField)));
        });
    }
}

/// <summary>Number formatting and file writing shared by the trajectory subcommands.</summary>
internal static class TrajOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A number for CSV: round-trip precision, "" for NaN.</summary>
    public static string F(double v) => double.IsNaN(v) ? "" : v.ToString("R", Inv);

    /// <summary>A number for text output.</summary>
    public static string G(double v, string format = "0.####") => v.ToString(format, Inv);

    public static string I(long v) => v.ToString(Inv);

    public static string CsvField(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>A JSON number rounded to <paramref name="digits"/> significant-ish decimals; null for NaN/∞.</summary>
    public static JsonNode? Num(double v, int digits = 10) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, digits)) : null;

    /// <summary>A JSON number at full precision; null for NaN/∞.</summary>
    public static JsonNode? Exact(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    public static JsonArray Array(IEnumerable<double> xs, int digits = 10) => new(xs.Select(x => Num(x, digits)).ToArray());

    public static JsonArray Ints(IEnumerable<int> xs) => new(xs.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());

    /// <summary>Runs a write; I/O failures become an <see cref="InputException"/> naming the file.</summary>
    public static void Write(string path, Action write)
    {
        try { write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, "", $"cannot write: {e.Message}");
        }
    }
}
