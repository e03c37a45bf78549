using System.Globalization;
using GpuBv.Chemistry;
using GpuBv.Crystal;

namespace GpuBv.Trajectory.Readers;

/// <summary>
/// VASP XDATCAR (VASP 5 header with species names): constant cell (one header, then <c>Direct configuration=</c>
/// blocks, numbered from 0 or 1); variable cell (the whole header repeated before each frame); frames separated by
/// blank lines instead of configuration lines. Streams; <c>.gz</c> is handled by <see cref="TrajectoryFile"/>.
/// </summary>
public sealed class XdatcarReader : ITrajectoryReader
{
    private readonly TextReader _reader;
    private readonly string _file;
    private int _line;
    private Lattice _lattice;
    private readonly int _atoms;
    private string? _pending; // a line read ahead

    /// <summary>Opens an XDATCAR from <paramref name="reader"/>; reads and checks the header.</summary>
    public XdatcarReader(TextReader reader, string fileName)
    {
        _reader = reader; _file = fileName;
        var (title, lattice, elements) = ReadHeader(firstLine: null);
        _lattice = lattice;
        _atoms = elements.Count;
        Header = new TrajectoryHeader(elements, fileName, title);
    }

    /// <inheritdoc/>
    public TrajectoryHeader Header { get; }

    /// <inheritdoc/>
    public int FramesRead { get; private set; }

    private string? NextLine()
    {
        if (_pending is not null) { var p = _pending; _pending = null; return p; }
        var l = _reader.ReadLine();
        if (l is not null) _line++;
        return l;
    }

    private InputException Error(string problem) => new(_file, $"frame {FramesRead + 1}, line {_line}", problem);

    private (string title, Lattice lattice, List<string> elements) ReadHeader(string? firstLine)
    {
        string title = firstLine ?? NextLine() ?? throw new InputException(_file, "line 1", "the file is empty");
        var scaleLine = NextLine() ?? throw Error("the file ends inside the header (scale factor)");
        if (!double.TryParse(scaleLine.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double scale))
            throw Error($"the scale factor '{scaleLine.Trim()}' is not a number");
        var v = new Vec3[3];
        for (int i = 0; i < 3; i++)
        {
            var l = NextLine() ?? throw Error("the file ends inside the lattice vectors");
            var f = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 3 || !TryNum(f[0], out var x) || !TryNum(f[1], out var y) || !TryNum(f[2], out var z))
                throw Error($"expected three numbers for lattice vector {"abc"[i]}");
            v[i] = new Vec3(x, y, z);
        }
        if (scale < 0)
        {
            double vol = Math.Abs(Vec3.Dot(v[0], Vec3.Cross(v[1], v[2])));
            scale = Math.Cbrt(-scale / vol);
        }
        Lattice lattice;
        try { lattice = Lattice.FromVectors(v[0] * scale, v[1] * scale, v[2] * scale); }
        catch (ArgumentException e) { throw Error(e.Message); }
        var speciesLine = NextLine() ?? throw Error("the file ends before the species line");
        var names = speciesLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0 || names.All(n => int.TryParse(n, out _)))
            throw Error("the species-name line is missing (VASP 4 XDATCAR); GpuBv needs the VASP 5 layout with element names");
        var countLine = NextLine() ?? throw Error("the file ends before the counts line");
        var counts = countLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (counts.Length != names.Length) throw Error($"species line has {names.Length} names but counts line has {counts.Length} numbers");
        var elements = new List<string>();
        for (int s = 0; s < names.Length; s++)
        {
            var name = names[s].Split('_', '/')[0];
            if (!Element.TryGet(name, out var el)) throw Error($"unknown element '{names[s]}'");
            if (!int.TryParse(counts[s], out int n) || n < 0) throw Error($"atom count '{counts[s]}' is not a whole number");
            for (int k = 0; k < n; k++) elements.Add(el.Symbol);
        }
        if (elements.Count == 0) throw Error("no atoms");
        return (title, lattice, elements);
    }

    /// <inheritdoc/>
    public bool TryRead(out Frame frame)
    {
        frame = null!;
        // Skip to the start of the next frame: a configuration line, a blank separator, or a repeated header.
        string? line;
        while (true)
        {
            line = NextLine();
            if (line is null) return false;
            var t = line.Trim();
            if (t.Length == 0) { if (PeekCoordinates()) break; continue; }
            if (t.StartsWith("Direct", StringComparison.OrdinalIgnoreCase) || t.StartsWith("Cartesian", StringComparison.OrdinalIgnoreCase))
            {
                if (t.StartsWith("Cartesian", StringComparison.OrdinalIgnoreCase)) throw Error("Cartesian XDATCAR frames are not supported; VASP writes Direct");
                break;
            }
            if (LooksLikeCoordinates(t)) { _pending = line; _line--; break; }
            // A repeated header (variable cell): title line, then scale, lattice, species, counts.
            var (_, lattice, elements) = ReadHeader(firstLine: line);
            if (elements.Count != _atoms) throw Error($"frame has {elements.Count} atoms, the first frame {_atoms}");
            _lattice = lattice;
        }
        var frac = new double[3 * _atoms];
        for (int a = 0; a < _atoms; a++)
        {
            var l = NextLine();
            if (l is null) throw Error($"the file ends after {a} of {_atoms} atom positions (truncated frame)");
            if (_pending is null && l.Trim().Length == 0) throw Error($"blank line after {a} of {_atoms} atom positions (atom-count mismatch)");
            var span = l.AsSpan();
            for (int c = 0; c < 3; c++)
            {
                span = span.TrimStart();
                int end = span.IndexOfAny(' ', '\t');
                var tok = end < 0 ? span : span[..end];
                if (tok.IsEmpty) throw Error($"expected three coordinates for atom {a + 1}, found {c}");
                if (!double.TryParse(tok, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                    throw Error($"coordinate '{tok.ToString()}' of atom {a + 1} is not a number");
                frac[3 * a + c] = x;
                span = end < 0 ? ReadOnlySpan<char>.Empty : span[end..];
            }
        }
        frame = new Frame(FramesRead, _lattice, frac);
        FramesRead++;
        return true;
    }

    private bool PeekCoordinates()
    {
        var next = _reader.ReadLine();
        if (next is null) return false;
        _line++;
        _pending = next;
        _line--;
        return LooksLikeCoordinates(next.Trim());
    }

    private static bool LooksLikeCoordinates(string t)
    {
        var f = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return f.Length >= 3 && TryNum(f[0], out _) && TryNum(f[1], out _) && TryNum(f[2], out _) && f[0].Contains('.');
    }

    private static bool TryNum(string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}
