using GpuBv.Crystal;
using GpuBv.Trajectory;
using static GpuBv.IO.Trajectories.ReaderText;

namespace GpuBv.IO.Trajectories;

/// <summary>
/// Streams a plain multi-frame XYZ file such as LAMMPS <c>dump xyz</c> writes: per frame an atom-count line, a comment
/// line (ignored), then <c>type x y z</c> lines where type is an element symbol or a LAMMPS type number (mapped with
/// <see cref="TrajectoryOptions.TypeMap"/>). The file has no cell, so <see cref="TrajectoryOptions.Cell"/> is required;
/// positions are Cartesian Å relative to the cell origin and are converted to fractional without wrapping.
/// Every frame must list the same elements in the same order.
/// </summary>
public sealed class PlainXyzReader : FrameReaderBase
{
    private readonly Lattice _cell;
    private readonly IReadOnlyDictionary<int, string>? _typeMap;
    private readonly int _atoms;
    private string[] _elements = [];
    private string _title = "";
    private readonly Range[] _tok = new Range[4];

    /// <summary>Opens a plain XYZ trajectory from <paramref name="reader"/> (which the reader disposes) and reads its
    /// first frame.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">The file name for messages and <see cref="TrajectoryHeader.Source"/>.</param>
    /// <param name="options">Must hold <see cref="TrajectoryOptions.Cell"/>; <see cref="TrajectoryOptions.TypeMap"/>
    /// when types are numbers.</param>
    /// <exception cref="InputException">No cell was given, or the first frame is not valid.</exception>
    public PlainXyzReader(TextReader reader, string fileName, TrajectoryOptions? options)
        : base(reader, fileName)
    {
        _cell = options?.Cell ?? throw new InputException(fileName, "frame 1, line 2",
            "a plain XYZ file (such as LAMMPS dump xyz) holds no cell: pass the cell with "
            + InputException.Ref(InputParameter.Cell));
        _typeMap = options.TypeMap;
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
        const string missingComment = "the file ends before the comment line";
        if (XyzText.ReadFrameHead(Source, first, FramesRead, _atoms, missingComment) is not (int n, string comment))
        {
            return null;
        }
        if (first)
            _title = comment.Trim();

        var frac = new double[3 * n];
        var elements = first ? new string[n] : null;
        string? lastToken = null, lastElement = null;
        for (int i = 0; i < n; i++)
        {
            string l = Source.NextAtomLine(i, n);
            var s = l.AsSpan();
            int count = Split(s, _tok);
            if (count < 4)
            {
                if (count == 0)
                    throw Source.Error($"a blank line after {i} of {n} atom lines");
                throw Source.Error($"atom {i + 1} of {n}: expected 'type x y z', found '{Shorten(l.Trim())}'");
            }
            var typeTok = s[_tok[0]];
            string el;
            if (lastToken is not null && typeTok.SequenceEqual(lastToken))
                el = lastElement!;
            else
            {
                lastToken = typeTok.ToString();
                el = lastElement = ElementOf(lastToken);
            }
            if (first)
                elements![i] = el;
            else if (el != _elements[i])
                throw Source.Error($"atom {i + 1} is {el} here but {_elements[i]} in frame 1");

            var f = _cell.ToFractional(XyzText.ReadPosition(Source, s, _tok, 1, i, n, "coordinate"));
            frac[3 * i] = f.X;
            frac[3 * i + 1] = f.Y;
            frac[3 * i + 2] = f.Z;
        }
        if (first)
            _elements = elements!;
        return new Frame(index, _cell, frac);
    }

    private string ElementOf(string token)
    {
        if (TryInt(token, out int type))
        {
            if (_typeMap is null)
                throw Source.Error($"atom type {type} is a number and no type map was given: {TypeMapHint}");
            if (!_typeMap.TryGetValue(type, out string? sym))
                throw Source.Error($"atom type {type} is not in the type map");
            if (!TryElement(sym, out string el))
                throw Source.Error($"the type map gives type {type} the unknown element '{Shorten(sym)}'");
            return el;
        }
        if (!TryElement(token, out string e))
            throw Source.Error($"unknown element '{Shorten(token)}'");
        return e;
    }
}
