using System.Text;
using GpuBv.Crystal;
using GpuBv.Trajectory;
using static GpuBv.IO.Trajectories.ReaderText;

namespace GpuBv.IO.Trajectories;

/// <summary>
/// Streams a multi-frame extended XYZ file (ASE and others): per frame an atom-count line, a comment line with
/// <c>Lattice="ax ay az bx by bz cx cy cz"</c> and <c>Properties=species:S:1:pos:R:3...</c> (species or atomic numbers
/// <c>Z:I:1</c>; default layout <c>species:S:1:pos:R:3</c>), then one line per atom. Positions are Cartesian Å and are
/// converted to fractional with that frame's cell <em>without wrapping</em>, so unwrapped input stays unwrapped.
/// A frame without <c>Lattice=</c> uses <see cref="TrajectoryOptions.Cell"/> if given. Every frame must list the same
/// elements in the same order. Consecutive frames with the same <c>Lattice</c> text share one <see cref="Lattice"/>.
/// </summary>
public sealed class ExtXyzTrajectoryReader : FrameReaderBase
{
    private readonly Lattice? _fallbackCell;
    private readonly int _atoms;
    private string[] _elements = [];
    private string _title = "";
    private string[] _rawSpecies = [];   // the species token of each atom in frame 1 (fast comparison of later frames)
    private string? _latticeText;
    private Lattice? _lattice;
    private string? _propsText;
    private int _width, _posStart, _speciesStart = -1, _zStart = -1;
    private Range[] _tok = new Range[8];

    /// <summary>Opens an extended XYZ trajectory from <paramref name="reader"/> (which the reader disposes) and reads
    /// its first frame.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">The file name for messages and <see cref="TrajectoryHeader.Source"/>.</param>
    /// <param name="options">Optional: <see cref="TrajectoryOptions.Cell"/> for frames without <c>Lattice=</c>.</param>
    /// <exception cref="InputException">The first frame is not valid extended XYZ.</exception>
    public ExtXyzTrajectoryReader(TextReader reader, string fileName, TrajectoryOptions? options = null)
        : base(reader, fileName)
    {
        _fallbackCell = options?.Cell;
        ReadFirstFrame();
        _atoms = _elements.Length;
        Header = new TrajectoryHeader(_elements, fileName, _title);
    }

    /// <inheritdoc/>
    public override TrajectoryHeader Header { get; }

    /// <inheritdoc/>
    protected override Frame? ReadFrame(bool first)
    {
        int index = first ? 0 : FramesRead;
        const string missingComment = "the file ends before the comment line with Lattice=\"...\"";
        if (XyzText.ReadFrameHead(Source, first, FramesRead, _atoms, missingComment) is not (int n, string comment))
        {
            return null;
        }
        Dictionary<string, string> info;
        try
        {
            info = ExtXyzComment.ParseKeyValues(comment);
        }
        catch (FormatException e)
        {
            throw Source.Error(e.Message);
        }
        if (first)
            _title = ExtXyzComment.TryGetValue(info, "comment", out string ct) ? ct : comment.Trim();

        // Cell.
        Lattice lattice;
        if (ExtXyzComment.TryGetValue(info, "Lattice", out string latticeText))
        {
            if (latticeText != _latticeText || _lattice is null)
            {
                _lattice = ParseLattice(latticeText);
                _latticeText = latticeText;
            }
            lattice = _lattice;
        }
        else
        {
            lattice = _fallbackCell ?? throw
                Source.Error("no Lattice=\"ax ay az bx by bz cx cy cz\" in the comment line; a periodic cell is required (or pass "
                    + $"{InputException.Ref(InputParameter.Cell)})");
        }

        // Columns.
        string props = ExtXyzComment.TryGetValue(info, "Properties", out string p) ? p : "species:S:1:pos:R:3";
        if (props != _propsText)
            SetColumns(props);

        var frac = new double[3 * n];
        var species = first ? new string[n] : null;
        var raw = first ? new string[n] : null;
        for (int i = 0; i < n; i++)
        {
            var s = Source.NextAtomLine(i, n).AsSpan();
            int count = Split(s, _tok);
            if (count < _width)
            {
                if (count == 0)
                    throw Source.Error($"a blank line after {i} of {n} atom lines");
                throw Source.Error($"atom {i + 1} of {n}: expected {_width} columns as Properties says, found {count}");
            }

            if (_speciesStart >= 0)
            {
                var tok = s[_tok[_speciesStart]];
                if (first)
                {
                    raw![i] = tok.ToString();
                    if (!TryElement(raw[i], out species![i]))
                        throw Source.Error($"unknown element '{Shorten(tok)}'");
                }
                else if (!tok.SequenceEqual(_rawSpecies[i]))
                {
                    string token = tok.ToString();
                    if (!TryElement(token, out string el))
                        throw Source.Error($"unknown element '{Shorten(tok)}'");
                    if (el != _elements[i])
                        throw Source.Error($"atom {i + 1} is {el} here but {_elements[i]} in frame 1");
                }
            }
            else
            {
                var tok = s[_tok[_zStart]];
                if (!TryInt(tok, out int z))
                    throw Source.Error($"atomic number '{Shorten(tok)}' is not a whole number");
                if (!TryElementByZ(z, out string el))
                    throw Source.Error($"no element has atomic number {z}");
                if (first)
                {
                    species![i] = el;
                    raw![i] = "";
                }
                else if (el != _elements[i])
                    throw Source.Error($"atom {i + 1} is {el} here but {_elements[i]} in frame 1");
            }

            var f = lattice.ToFractional(XyzText.ReadPosition(Source, s, _tok, _posStart, i, n, "position value"));
            frac[3 * i] = f.X;
            frac[3 * i + 1] = f.Y;
            frac[3 * i + 2] = f.Z;
        }
        if (first)
        {
            _elements = species!;
            _rawSpecies = raw!;
        }
        return new Frame(index, lattice, frac);
    }

    private Lattice ParseLattice(string text)
    {
        var lv = ExtXyzComment.SplitList(text);
        if (lv.Length != 9)
            throw Source.Error($"Lattice must hold 9 numbers (three cell vectors), found {lv.Length}");
        var m = new double[9];
        for (int i = 0; i < 9; i++)
            if (!TryNumber(lv[i], out m[i]))
                throw Source.Error($"Lattice value '{Shorten(lv[i])}' is not a number");
        try
        {
            return Lattice.FromVectors(new Vec3(m[0], m[1], m[2]), new Vec3(m[3], m[4], m[5]), new Vec3(m[6], m[7], m[8]));
        }
        catch (ArgumentException e)
        {
            throw Source.Error(e.Message);
        }
    }

    private void SetColumns(string props)
    {
        List<ExtXyzComment.Column> columns;
        try
        {
            columns = ExtXyzComment.ParseProperties(props);
        }
        catch (FormatException e)
        {
            throw Source.Error(e.Message);
        }
        var pos = columns.FirstOrDefault(c => c.Name.Equals("pos", StringComparison.OrdinalIgnoreCase))
            ?? throw Source.Error("Properties has no pos column (pos:R:3)");
        if (pos.Type != 'R'
            || pos.Count != 3)
            throw Source.Error($"Properties column pos must be pos:R:3, found pos:{pos.Type}:{pos.Count}");
        var sp = columns.FirstOrDefault(c => c.Name.Equals("species", StringComparison.OrdinalIgnoreCase));
        var z = columns.FirstOrDefault(c => c.Name == "Z");
        if (sp is null && z is null)
            throw Source.Error("Properties has no species column (species:S:1) nor atomic numbers (Z:I:1)");
        if (sp is not null && sp.Count != 1)
            throw Source.Error($"Properties column species must have 1 column, found {sp.Count}");
        if (sp is null && z!.Count != 1)
            throw Source.Error($"Properties column Z must have 1 column, found {z.Count}");
        if (_propsText is not null && (sp is null) != (_speciesStart < 0))
            throw Source.Error("Properties switches between species and Z columns from one frame to the next");
        _width = columns.Sum(c => c.Count);
        _posStart = pos.Start;
        _speciesStart = sp?.Start ?? -1;
        _zStart = sp is null ? z!.Start : -1;
        if (_tok.Length < _width)
            _tok = new Range[_width];
        _propsText = props;
    }
}
