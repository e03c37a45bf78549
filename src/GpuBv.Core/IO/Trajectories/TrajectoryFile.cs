using GpuBv.Trajectory;

namespace GpuBv.IO.Trajectories;

/// <summary>Opens trajectory files of any supported format, streaming (and decompressing <c>.gz</c>).</summary>
public static class TrajectoryFile
{
    private const int SniffLines = 40;

    /// <summary>
    /// Opens <paramref name="path"/> for streaming. With <see cref="TrajectoryFormat.Auto"/> the format comes from the
    /// name (a trailing <c>.gz</c> aside): names containing <c>XDATCAR</c> or ending <c>.xdatcar</c> → XDATCAR;
    /// <c>*.extxyz</c>, and <c>*.xyz</c> whose second line holds <c>Lattice=</c> → extended XYZ; other <c>*.xyz</c> → plain
    /// XYZ (needs <see cref="TrajectoryOptions.Cell"/>); <c>*.lammpstrj</c>, <c>*.dump</c>, <c>dump.*</c> → LAMMPS dump;
    /// <c>*.data</c>, <c>data.*</c>, names containing <c>lammps_data</c> → LAMMPS data file; otherwise from the first lines.
    /// <c>.gz</c> files are decompressed on the fly.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Type map and cell for the formats that need them.</param>
    /// <param name="format">An explicit format, or <see cref="TrajectoryFormat.Auto"/>.</param>
    /// <exception cref="InputException">The file cannot be opened, its format is unknown, or its first frame is bad.</exception>
    public static ITrajectoryReader Open(string path, TrajectoryOptions? options = null, TrajectoryFormat format = TrajectoryFormat.Auto)
    {
        options ??= new TrajectoryOptions();
        if (format == TrajectoryFormat.Auto)
            format = DetectFormat(path);
        TextReader reader = OpenText(path);
        try
        {
            return Open(reader, path, format, options);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Creates the reader for <paramref name="format"/> over <paramref name="reader"/> (which the reader then owns).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">The name for messages.</param>
    /// <param name="format">The format (not <see cref="TrajectoryFormat.Auto"/>).</param>
    /// <param name="options">Type map and cell.</param>
    public static ITrajectoryReader Open(TextReader reader, string fileName, TrajectoryFormat format,
        TrajectoryOptions? options = null) => format switch
        {
            TrajectoryFormat.Xdatcar => new XdatcarReader(reader, fileName),
            TrajectoryFormat.ExtXyz => new ExtXyzTrajectoryReader(reader, fileName, options),
            TrajectoryFormat.LammpsDump => new LammpsDumpReader(reader, fileName, options),
            TrajectoryFormat.LammpsData => new LammpsDataReader(reader, fileName, options),
            TrajectoryFormat.PlainXyz => new PlainXyzReader(reader, fileName, options),
            _ => throw new ArgumentOutOfRangeException(nameof(format), "give a concrete format"),
        };

    /// <summary>The format of <paramref name="path"/>, from its name or else its first lines.</summary>
    /// <exception cref="InputException">The file cannot be read or its format cannot be told.</exception>
    public static TrajectoryFormat DetectFormat(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            name = name[..^3];
        bool Ends(string ext) => name.EndsWith(ext, StringComparison.OrdinalIgnoreCase);
        bool Starts(string p) => name.StartsWith(p, StringComparison.OrdinalIgnoreCase);
        bool Has(string p) => name.Contains(p, StringComparison.OrdinalIgnoreCase);

        if (Has("XDATCAR") || Ends(".xdatcar"))
            return TrajectoryFormat.Xdatcar;
        if (Ends(".extxyz"))
            return TrajectoryFormat.ExtXyz;
        if (Ends(".lammpstrj") || Ends(".dump") || Starts("dump."))
            return TrajectoryFormat.LammpsDump;
        if (Ends(".data") || Starts("data.") || Has("lammps_data"))
            return TrajectoryFormat.LammpsData;
        var head = ReadHead(path);
        if (Ends(".xyz"))
            return head.Count > 1 && head[1].Contains("Lattice=",
                StringComparison.OrdinalIgnoreCase) ? TrajectoryFormat.ExtXyz : TrajectoryFormat.PlainXyz;
        return Sniff(head) ?? throw new InputException(path, "",
            "cannot tell the trajectory format from the name or the first lines; name the format explicitly (XDATCAR, extxyz, "
                + "LAMMPS dump, LAMMPS data, plain xyz)");
    }

    /// <summary>Guesses the format from the first lines of a file; null when nothing fits.</summary>
    public static TrajectoryFormat? Sniff(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
            return null;
        static string[] T(string s) => s.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        static bool Num(string s) => double.TryParse(s, System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out _);
        if (lines[0].TrimStart().StartsWith("ITEM:", StringComparison.Ordinal))
            return TrajectoryFormat.LammpsDump;
        var first = T(lines[0]);
        if (first.Length == 1 && int.TryParse(first[0], out _) && lines.Count > 1)
            return lines[1].Contains("Lattice=", StringComparison.OrdinalIgnoreCase) ? TrajectoryFormat.ExtXyz : TrajectoryFormat.PlainXyz;
        bool atoms = false, box = false;
        foreach (var l in lines)
        {
            var t = T(l.Split('#')[0]);
            if (t.Length == 2 && t[1] == "atoms" && long.TryParse(t[0], out _))
                atoms = true;
            if (t.Length == 4 && t[2] == "xlo" && t[3] == "xhi")
                box = true;
        }
        if (atoms && box)
            return TrajectoryFormat.LammpsData;
        if (lines.Count >= 7)
        {
            bool cell = Enumerable.Range(2, 3).All(i => T(lines[i]) is { Length: >= 3 } v && v.Take(3).All(Num));
            var scale = T(lines[1]);
            var counts = T(lines[6]);
            if (cell && scale.Length is 1 or 3 && scale.All(Num) && counts.Length > 0 && counts.All(c => int.TryParse(c, out _)))
                return TrajectoryFormat.Xdatcar;
        }
        return null;
    }

    private static List<string> ReadHead(string path)
    {
        using var reader = OpenText(path);
        var head = new List<string>();
        try
        {
            string? l;
            while (head.Count < SniffLines && (l = reader.ReadLine()) is not null)
                head.Add(l);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new InputException(path, "", $"the file cannot be read ({e.Message})", e);
        }
        return head;
    }

    /// <summary>Opens a text file for reading, decompressing <c>.gz</c>; failures become <see cref="InputException"/>.</summary>
    public static TextReader OpenText(string path)
    {
        Stream? s = null;
        try
        {
            s = SafeText.OpenRead(path);
            return SafeText.Reader(s);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            s?.Dispose();
            throw new InputException(path, "", "no such file", e);
        }
        catch (UnauthorizedAccessException e)
        {
            s?.Dispose();
            throw new InputException(path, "", "permission denied (or it is a directory)", e);
        }
        catch (InvalidDataException e)
        {
            s?.Dispose();
            throw new InputException(path, "", e.Message, e);
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            s?.Dispose();
            throw new InputException(path, "", $"cannot open the file ({e.Message})", e);
        }
    }
}
