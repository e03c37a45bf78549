using GpuBv.Crystal;
using GpuBv.Trajectory;
using static GpuBv.IO.Trajectories.ReaderText;

namespace GpuBv.IO.Trajectories;

/// <summary>
/// Streams a VASP 5 XDATCAR (header with element names). Handles a constant cell (one header, then
/// <c>Direct configuration=</c> blocks numbered from 0 or 1), a variable cell (the whole header repeated before each
/// frame, as VASP writes for ISIF ≥ 3), frames separated by blank lines instead of configuration lines, a negative scale
/// factor (the cell volume), three scale factors, and <c>Cartesian configuration=</c> blocks (converted to fractional).
/// Only the header and the current frame are held. <c>.gz</c> is handled by <see cref="TrajectoryFile"/>.
/// </summary>
public sealed class XdatcarReader : FrameReaderBase
{
    private readonly string[] _elements;
    private readonly int _atoms;
    private Lattice _lattice;
    private Vec3 _scale;       // per-axis factor that Cartesian positions are multiplied by
    private bool _afterHeader; // the last thing read was a (first or repeated) header, not a frame's positions
    private readonly Range[] _tok = new Range[4];

    /// <summary>Opens an XDATCAR from <paramref name="reader"/> (which the reader disposes); reads and checks the header.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">The file name for messages and <see cref="TrajectoryHeader.Source"/>.</param>
    /// <exception cref="InputException">The header is not a valid VASP 5 XDATCAR header.</exception>
    public XdatcarReader(TextReader reader, string fileName)
        : base(reader, fileName)
    {
        string title = Source.Next() ?? throw Source.Error("the file is empty");
        (_lattice, _elements, _scale) = ReadHeader(title);
        _atoms = _elements.Length;
        _afterHeader = true;
        Header = new TrajectoryHeader(_elements, fileName, title.Trim());
    }

    /// <inheritdoc/>
    public override TrajectoryHeader Header { get; }

    /// <summary>Reads the header block starting at <paramref name="title"/> (already read): scale, cell, species, counts.</summary>
    private (Lattice, string[], Vec3) ReadHeader(string title)
    {
        _ = title; // the system name: free text
        string scaleLine = Source.Next() ?? throw Source.Error("the file ends inside the header, before the scale factor");
        var st = Tokens(scaleLine);
        var scales = new double[st.Length];
        for (int i = 0; i < st.Length; i++)
            if (!TryNumber(st[i], out scales[i]))
            {
                scales = [];
                break;
            }
        if (scales.Length is not (1 or 3))
            throw Source.Error($"expected the scale factor (one number, or three), found '{Shorten(scaleLine.Trim())}'");
        if (scales.Length == 1 && scales[0] == 0)
            throw Source.Error("the scale factor is zero");
        if (scales.Length == 3 && scales.Any(s => !(s > 0)))
            throw Source.Error("three scale factors must all be positive");

        var v = new Vec3[3];
        for (int i = 0; i < 3; i++)
        {
            string l = Source.Next() ?? throw Source.Error($"the file ends inside the header, before lattice vector {"abc"[i]}");
            var t = Tokens(l);
            if (t.Length < 3 || !TryNumber(t[0], out double x) || !TryNumber(t[1], out double y) || !TryNumber(t[2], out double z))
                throw Source.Error($"expected three numbers for lattice vector {"abc"[i]}, found '{Shorten(l.Trim())}'");
            v[i] = new Vec3(x, y, z);
        }
        double vol = Math.Abs(Vec3.Dot(v[0], Vec3.Cross(v[1], v[2])));
        if (scales.Length == 1 && scales[0] < 0
            && !(vol > 1e-12))
            throw Source.Error("the lattice vectors are degenerate (zero cell volume)");
        var scale = GpuBv.IO.VaspScale.Resolve(scales[0], scales.Length == 3 ? new Vec3(scales[0], scales[1], scales[2]) : null, vol);
        Lattice lattice;
        try
        {
            lattice = Lattice.FromVectors(GpuBv.IO.VaspScale.Apply(v[0], scale), GpuBv.IO.VaspScale.Apply(v[1], scale),
                GpuBv.IO.VaspScale.Apply(v[2], scale));
        }
        catch (ArgumentException e)
        {
            throw Source.Error(e.Message);
        }

        string speciesLine = Source.Next() ?? throw Source.Error("the file ends inside the header, before the element names");
        var names = Tokens(speciesLine);
        if (names.Length == 0)
            throw Source.Error("expected the element names (VASP 5 header), found a blank line");
        if (names.All(n => TryInt(n, out _)))
            throw Source.Error("the element-name line is missing (VASP 4 layout); GpuBv needs the VASP 5 XDATCAR header with "
                + "element names");
        var symbols = new string[names.Length];
        for (int s = 0; s < names.Length; s++)
            if (!TryElement(names[s], out symbols[s]))
                throw Source.Error($"unknown element '{Shorten(names[s])}' in the element-name line");

        string countLine = Source.Next() ?? throw Source.Error("the file ends inside the header, before the atom counts");
        var counts = Tokens(countLine);
        if (counts.Length != names.Length)
            throw Source.Error($"the element-name line has {names.Length} names but the counts line {counts.Length} numbers");
        var elements = new List<string>();
        for (int s = 0; s < names.Length; s++)
        {
            if (!TryInt(counts[s], out int n) || n < 0)
                throw Source.Error($"atom count '{Shorten(counts[s])}' is not a whole number");
            if (elements.Count + (long)n > 100_000_000)
                throw Source.Error("more than 100 million atoms");
            for (int k = 0; k < n; k++)
                elements.Add(symbols[s]);
        }
        if (elements.Count == 0)
            throw Source.Error("the header gives no atoms");
        return (lattice, elements.ToArray(), scale);
    }


    /// <summary>A <c>Direct configuration=</c> / <c>Cartesian configuration=</c> line (also bare <c>Direct</c>, old
    /// <c>Konfig=</c>).</summary>
    private static bool IsConfigLine(string line, out bool cartesian)
    {
        var t = line.AsSpan().TrimStart();
        cartesian = t.StartsWith("Cartesian", StringComparison.OrdinalIgnoreCase);
        return cartesian || t.StartsWith("Direct", StringComparison.OrdinalIgnoreCase) || t.StartsWith("Konfig",
            StringComparison.OrdinalIgnoreCase);
    }

    private bool LooksLikePosition(string line)
    {
        var s = line.AsSpan();
        return Split(s, _tok) >= 3 && TryNumber(s[_tok[0]], out _) && TryNumber(s[_tok[1]], out _) && TryNumber(s[_tok[2]], out _);
    }

    /// <inheritdoc/>
    protected override Frame? ReadFrame(bool first)
    {
        int n = FramesRead + 1;
        Source.Frame = n;

        string? line = Source.Next();
        bool blank = false;
        while (line is not null && IsBlank(line))
        {
            blank = true;
            line = Source.Next();
        }
        if (line is null)
            return null; // end of file (trailing blank lines are fine)

        bool cartesian;
        if (IsConfigLine(line, out cartesian))
        {
            // positions follow
        }
        else if (LooksLikePosition(line))
        {
            if (!blank && !_afterHeader)
                throw Source.Error($"an atom position where frame {n} should start: frame {n - 1} has more than the {_atoms} atoms "
                    + $"of the header (atom-count mismatch)");
            Source.PushBack(line);
        }
        else
        {
            // The header repeated (variable cell): title, scale, cell, names, counts; then the configuration line.
            int headerLine = Source.Line;
            var (lattice, elements, scale) = ReadHeader(line);
            if (elements.Length != _atoms)
                throw Source.ErrorAt(headerLine + 6,
                    $"frame {n} has {elements.Length} atoms but frame 1 has {_atoms} (atom-count mismatch)");
            if (!elements.AsSpan().SequenceEqual(_elements))
                throw Source.ErrorAt(headerLine + 5,
                    $"the elements of frame {n} differ from those of frame 1 ({string.Join(" ", _elements.Distinct())})");
            _lattice = lattice;
            _scale = scale;
            line = Source.Next();
            while (line is not null && IsBlank(line))
                line = Source.Next();
            if (line is null)
                throw Source.Error($"the file ends after the header of frame {n}, before its {_atoms} atom positions");
            if (!IsConfigLine(line, out cartesian))
            {
                if (!LooksLikePosition(line))
                    throw Source.Error($"expected 'Direct configuration=' after the header, found '{Shorten(line.Trim())}'");
                Source.PushBack(line);
            }
        }

        var frac = new double[3 * _atoms];
        for (int a = 0; a < _atoms; a++)
        {
            string? l = Source.Next();
            if (l is null)
                throw Source.Error($"the file ends after {a} of {_atoms} atom positions (truncated frame)");
            var s = l.AsSpan();
            int count = Split(s, _tok);
            if (count < 3)
            {
                if (count ==
                    0)
                    throw Source.Error($"a blank line after {a} of {_atoms} atom positions (the frame has fewer atoms than the "
                        + $"header; atom-count mismatch)");
                if (IsConfigLine(l,
                    out _))
                    throw
                        Source.Error($"a new configuration line after {a} of {_atoms} atom positions (the frame has fewer atoms "
                            + $"than the header; atom-count mismatch)");
                throw Source.Error($"expected three coordinates for atom {a + 1} of {_atoms}, found '{Shorten(l.Trim())}'");
            }
            for (int c = 0; c < 3; c++)
            {
                var tok = s[_tok[c]];
                if (!TryNumber(tok, out frac[3 * a + c]))
                {
                    if (IsConfigLine(l,
                        out _))
                        throw
                            Source.Error($"a new configuration line after {a} of {_atoms} atom positions (the frame has fewer atoms "
                                + $"than the header; atom-count mismatch)");
                    throw Source.Error(c == 0 && !TryNumber(s[_tok[1]], out _)
                        ? $"expected the position of atom {a + 1} of {_atoms}, found '{Shorten(l.Trim())}' (a bad line, or the "
                            + $"frame has fewer atoms than the header; atom-count mismatch)"
                        : $"coordinate '{Shorten(tok)}' of atom {a + 1} is not a number");
                }
            }
            if (cartesian)
            {
                var f = _lattice.ToFractional(new Vec3(frac[3 * a] * _scale.X, frac[3 * a + 1] * _scale.Y, frac[3 * a + 2] * _scale.Z));
                frac[3 * a] = f.X;
                frac[3 * a + 1] = f.Y;
                frac[3 * a + 2] = f.Z;
            }
        }
        _afterHeader = false;
        return new Frame(FramesRead, _lattice, frac);
    }
}
