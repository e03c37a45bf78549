using GpuBv.Crystal;
using GpuBv.Trajectory;
using static GpuBv.IO.Trajectories.ReaderText;

namespace GpuBv.IO.Trajectories;

/// <summary>
/// Streams a LAMMPS <c>dump custom</c> / <c>dump atom</c> text file. Each frame: <c>ITEM: TIMESTEP</c>,
/// <c>ITEM: NUMBER OF ATOMS</c>, <c>ITEM: BOX BOUNDS</c> (orthogonal <c>pp pp pp</c>; restricted triclinic
/// <c>xy xz yz pp pp pp</c>, whose bounding-box bounds are turned back into xlo/xhi/ylo/yhi as the LAMMPS
/// documentation describes; general triclinic <c>abc origin</c>), then <c>ITEM: ATOMS</c> with its column names.
/// The cell is a = (xhi−xlo, 0, 0), b = (xy, yhi−ylo, 0), c = (xz, yz, zhi−zlo) with origin (xlo, ylo, zlo).
/// Coordinates are taken from, in this order of preference, <c>xu yu zu</c> (unwrapped Cartesian), <c>xsu ysu zsu</c>
/// (unwrapped scaled), <c>x y z</c> (Cartesian), <c>xs ys zs</c> (scaled = fractional); with wrapped coordinates the image
/// flags <c>ix iy iz</c>, when present, are added, so the frames come out unwrapped. Nothing is wrapped.
/// Atoms are sorted by <c>id</c> (when there is an id column) in every frame. Elements come from an <c>element</c>
/// column or from the <c>type</c> column through <see cref="TrajectoryOptions.TypeMap"/>.
/// </summary>
public sealed class LammpsDumpReader : FrameReaderBase
{
    private enum Coords { Cartesian, Scaled }

    private readonly IReadOnlyDictionary<int, string>? _typeMap;
    private int _atoms = -1;
    private string[] _elements = [];
    private long _step;               // TIMESTEP of the frame last read
    private long[]? _ids;             // sorted ids of frame 1

    // Column layout, cached by the text of the ATOMS line.
    private string? _atomsLine;
    private int _colCount, _idCol = -1, _typeCol = -1, _elementCol = -1, _xCol = -1, _imgCol = -1;
    private Coords _coords;
    private Range[] _tok = new Range[8];

    // Box, cached by the text of the three bounds lines.
    private string? _boxKey;
    private Lattice? _lattice;
    private Vec3 _origin;

    // Per-frame work buffers (reused).
    private long[] _rowIds = [];
    private int[] _rowElement = [];
    private double[] _rowPos = [];
    private int[] _order = [];
    private long[] _sortKeys = [];
    private int[] _img = [];
    private readonly List<string> _elementNames = [];
    private readonly Dictionary<string, int> _elementIndex = [];
    private readonly Dictionary<int, int> _typeElement = [];

    /// <summary>Opens a LAMMPS dump from <paramref name="reader"/> (which the reader disposes) and reads its first frame.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">The file name for messages and <see cref="TrajectoryHeader.Source"/>.</param>
    /// <param name="options"><see cref="TrajectoryOptions.TypeMap"/> is needed unless the dump has an <c>element</c> column.</param>
    /// <exception cref="InputException">The first frame is not a valid dump frame.</exception>
    public LammpsDumpReader(TextReader reader, string fileName, TrajectoryOptions? options = null)
        : base(reader, fileName)
    {
        _typeMap = options?.TypeMap;
        ReadFirstFrame();
        Header = new TrajectoryHeader(_elements, fileName, "LAMMPS dump");
    }

    /// <inheritdoc/>
    public override TrajectoryHeader Header { get; }

    /// <summary>The <c>TIMESTEP</c> of the frame last handed out by <see cref="FrameReaderBase.TryRead"/>.</summary>
    public long Timestep { get; private set; }

    /// <inheritdoc/>
    protected override void OnFrameHandedOut() => Timestep = _step;

    /// <summary>The sorted atom ids of the first frame (null when the dump has no id column).</summary>
    public IReadOnlyList<long>? AtomIds => _ids;

    private static bool IsItem(string line, out string item)
    {
        var t = line.AsSpan().Trim();
        if (t.StartsWith("ITEM:", StringComparison.Ordinal))
        {
            item = t[5..].Trim().ToString();
            return true;
        }
        item = "";
        return false;
    }

    /// <inheritdoc/>
    protected override Frame? ReadFrame(bool first)
    {
        _step = 0;
        int index = first ? 0 : FramesRead;
        Source.Frame = index + 1;
        string? line = Source.Next();
        while (line is not null && IsBlank(line))
            line = Source.Next();
        if (line is null)
            return null;

        int n = -1;
        bool haveBox = false;
        while (true)
        {
            if (!IsItem(line, out string item))
            {
                if (!first && _colCount > 0 && Split(line, _tok) == _colCount)
                    throw Source.Error($"an atom line where frame {index + 1} should start: frame {index} has more atom lines than "
                        + $"its NUMBER OF ATOMS ({_atoms})");
                throw Source.Error($"expected an 'ITEM:' line of a LAMMPS dump, found '{Shorten(line.Trim())}'");
            }
            if (item.StartsWith("TIMESTEP", StringComparison.Ordinal))
            {
                string v = NextValueLine("TIMESTEP");
                if (!TryLong(v.Trim(), out _step))
                    throw Source.Error($"the timestep '{Shorten(v.Trim())}' is not a whole number");
            }
            else if (item.StartsWith("NUMBER OF ATOMS", StringComparison.Ordinal))
            {
                string v = NextValueLine("NUMBER OF ATOMS");
                if (!TryInt(v.Trim(), out n) || n <= 0 || n > 100_000_000)
                    throw Source.Error($"the number of atoms '{Shorten(v.Trim())}' is not a whole number between 1 and 100 million");
                if (!first && n != _atoms)
                    throw Source.Error($"frame {index + 1} has {n} atoms but frame 1 has {_atoms} (atom-count mismatch)");
            }
            else if (item.StartsWith("BOX BOUNDS", StringComparison.Ordinal))
            {
                ReadBox(item);
                haveBox = true;
            }
            else if (item.StartsWith("ATOMS", StringComparison.Ordinal))
            {
                if (n < 0)
                    throw Source.Error("ITEM: ATOMS comes before ITEM: NUMBER OF ATOMS");
                if (!haveBox)
                    throw Source.Error("ITEM: ATOMS comes before ITEM: BOX BOUNDS (the dump needs a cell)");
                if (item != _atomsLine)
                    SetColumns(item);
                break;
            }
            else if (item.StartsWith("TIME", StringComparison.Ordinal) || item.StartsWith("UNITS", StringComparison.Ordinal))
            {
                NextValueLine(item);
            }
            else
                throw Source.Error($"unknown dump section 'ITEM: {Shorten(item)}'");
            line = Source.Next() ?? throw Source.Error($"the file ends inside the header of frame {index + 1}, before ITEM: ATOMS");
        }
        return ReadAtoms(first, index, n);
    }

    private string NextValueLine(string item)
    {
        string v = Source.Next() ?? throw Source.Error($"the file ends after ITEM: {item}");
        if (IsBlank(v))
            throw Source.Error($"a blank line after ITEM: {item}");
        return v;
    }

    private void ReadBox(string item)
    {
        var flags = Tokens(item);   // BOX BOUNDS [xy xz yz | abc origin] pp pp pp
        bool tilt = flags.Contains("xy");
        bool general = flags.Contains("abc");
        int firstLine = Source.Line + 1;
        var lines = new string[3];
        for (int i = 0; i < 3; i++)
            lines[i] = Source.Next() ?? throw Source.Error("the file ends inside ITEM: BOX BOUNDS");
        string key = string.Concat(item, "\n", lines[0], "\n", lines[1], "\n", lines[2]);
        if (key == _boxKey && _lattice is not null)
            return;

        int need = tilt || general ? 3 : 2;
        if (general)
            need = 4;
        var v = new double[3, 4];
        for (int i = 0; i < 3; i++)
        {
            var t = Tokens(lines[i]);
            if (t.Length < need)
                throw Source.ErrorAt(firstLine + i,
                    $"ITEM: BOX BOUNDS needs {need} numbers on each line, found '{Shorten(lines[i].Trim())}'");
            for (int k = 0; k < need; k++)
                if (!TryNumber(t[k], out v[i, k]))
                    throw Source.ErrorAt(firstLine + i, $"box value '{Shorten(t[k])}' is not a number");
        }
        Vec3 a, b, c;
        if (general)
        {
            a = new Vec3(v[0, 0], v[0, 1], v[0, 2]);
            b = new Vec3(v[1, 0], v[1, 1], v[1, 2]);
            c = new Vec3(v[2, 0], v[2, 1], v[2, 2]);
            _origin = new Vec3(v[0, 3], v[1, 3], v[2, 3]);
        }
        else
        {
            double xlo = v[0, 0], xhi = v[0, 1], ylo = v[1, 0], yhi = v[1, 1], zlo = v[2, 0], zhi = v[2, 1];
            double xy = 0, xz = 0, yz = 0;
            if (tilt)
            {
                xy = v[0, 2];
                xz = v[1, 2];
                yz = v[2, 2];
                // The dump gives the bounding box of the tilted cell; undo that (LAMMPS Howto triclinic).
                xlo -= Math.Min(Math.Min(0.0, xy), Math.Min(xz, xy + xz));
                xhi -= Math.Max(Math.Max(0.0, xy), Math.Max(xz, xy + xz));
                ylo -= Math.Min(0.0, yz);
                yhi -= Math.Max(0.0, yz);
            }
            a = new Vec3(xhi - xlo, 0, 0);
            b = new Vec3(xy, yhi - ylo, 0);
            c = new Vec3(xz, yz, zhi - zlo);
            _origin = new Vec3(xlo, ylo, zlo);
        }
        try
        {
            _lattice = Lattice.FromVectors(a, b, c);
        }
        catch (ArgumentException e)
        {
            throw Source.ErrorAt(firstLine, "the box " + e.Message["the cell ".Length..]);
        }
        if (!(_lattice.Volume > 0))
            throw Source.ErrorAt(firstLine, "the box has negative extent (hi < lo)");
        _boxKey = key;
    }

    private void SetColumns(string item)
    {
        var names = Tokens(item).Skip(1).ToArray(); // drop "ATOMS"
        int Find(string name) => Array.IndexOf(names, name);
        _colCount = names.Length;
        _idCol = Find("id");
        _typeCol = Find("type");
        _elementCol = Find("element");
        _imgCol = -1;
        string[][] sets = [["xu", "yu", "zu"], ["xsu", "ysu", "zsu"], ["x", "y", "z"], ["xs", "ys", "zs"]];
        int chosen = -1;
        for (int s = 0; s < sets.Length && chosen < 0; s++)
            if (sets[s].All(c => Find(c) >= 0))
                chosen = s;
        if (chosen < 0)
            throw Source.Error("ITEM: ATOMS has no coordinate columns (x y z, xs ys zs, xu yu zu or xsu ysu zsu)");
        int xc = Find(sets[chosen][0]), yc = Find(sets[chosen][1]), zc = Find(sets[chosen][2]);
        if (yc != xc + 1 || zc != xc + 2)
            throw Source.Error($"the coordinate columns {string.Join(" ", sets[chosen])} must stand next to each other in that order");
        _xCol = xc;
        _coords = chosen is 1 or 3 ? Coords.Scaled : Coords.Cartesian;
        if (chosen >= 2)
        {
            int ix = Find("ix");
            if (ix >= 0 && Find("iy") == ix + 1 && Find("iz") == ix + 2)
                _imgCol = ix;
        }
        if (_elementCol < 0 && _typeCol < 0)
            throw Source.Error("ITEM: ATOMS has neither an element nor a type column");
        if (_elementCol < 0 && _typeMap is null)
            throw Source.Error($"the dump has atom types but no element column: {TypeMapHint}");
        if (_atomsLine is not null && ((_idCol < 0) != (_ids is null)))
            throw Source.Error("the id column appears or disappears from one frame to the next");
        if (_tok.Length < _colCount)
            _tok = new Range[_colCount];
        _atomsLine = item;
    }

    private int ElementIndexOfType(int type)
    {
        if (_typeElement.TryGetValue(type, out int idx))
            return idx;
        if (!_typeMap!.TryGetValue(type, out string? sym))
            throw Source.Error($"atom type {type} is not in the type map "
                + $"({string.Join(",", _typeMap.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"))})");
        if (!TryElement(sym, out string el))
            throw Source.Error($"the type map gives type {type} the unknown element '{Shorten(sym)}'");
        idx = ElementIndexOf(el);
        _typeElement[type] = idx;
        return idx;
    }

    private int ElementIndexOf(string element)
    {
        if (_elementIndex.TryGetValue(element, out int idx))
            return idx;
        idx = _elementNames.Count;
        _elementNames.Add(element);
        _elementIndex[element] = idx;
        return idx;
    }

    private Frame ReadAtoms(bool first, int index, int n)
    {
        if (_rowIds.Length < n)
        {
            _rowIds = new long[n];
            _rowElement = new int[n];
            _rowPos = new double[3 * n];
            _order = new int[n];
            _sortKeys = new long[n];
            _img = new int[3 * n];
        }
        int firstAtomLine = Source.Line + 1;
        string? lastElementToken = null;
        int lastElement = -1;
        for (int i = 0; i < n; i++)
        {
            string l = Source.NextAtomLine(i, n);
            var s = l.AsSpan();
            int count = Split(s, _tok);
            if (count != _colCount)
            {
                if (count == 0)
                {
                    throw Source.Error($"a blank line after {i} of {n} atom lines");
                }
                if (IsItem(l, out _))
                {
                    throw Source.Error($"'{Shorten(l.Trim())}' after {i} of {n} atom lines: "
                        + "the frame has fewer atoms than its NUMBER OF ATOMS");
                }
                throw Source.Error($"atom line {i + 1} of {n} has {count} values but ITEM: ATOMS names {_colCount} columns");
            }
            if (_idCol >= 0)
            {
                if (!TryLong(s[_tok[_idCol]],
                    out _rowIds[i]))
                    throw Source.Error($"atom id '{Shorten(s[_tok[_idCol]])}' is not a whole number");
            }
            else
                _rowIds[i] = i;

            if (_elementCol >= 0)
            {
                var tok = s[_tok[_elementCol]];
                if (lastElementToken is null || !tok.SequenceEqual(lastElementToken))
                {
                    lastElementToken = tok.ToString();
                    if (!TryElement(lastElementToken, out string el))
                        throw Source.Error($"unknown element '{Shorten(tok)}'");
                    lastElement = ElementIndexOf(el);
                }
                _rowElement[i] = lastElement;
            }
            else
            {
                if (!TryInt(s[_tok[_typeCol]],
                    out int type))
                    throw Source.Error($"atom type '{Shorten(s[_tok[_typeCol]])}' is not a whole number");
                _rowElement[i] = ElementIndexOfType(type);
            }

            for (int k = 0; k < 3; k++)
            {
                var tok = s[_tok[_xCol + k]];
                if (!TryNumber(tok,
                    out _rowPos[3 * i + k]))
                    throw Source.Error($"coordinate '{Shorten(tok)}' of atom line {i + 1} is not a number");
            }
            if (_imgCol >= 0)
                for (int k = 0; k < 3; k++)
                {
                    var tok = s[_tok[_imgCol + k]];
                    if (!TryInt(tok,
                        out _img[3 * i + k]))
                        throw Source.Error($"image flag '{Shorten(tok)}' of atom line {i + 1} is not a whole number");
                }
        }

        // Order by id.
        for (int i = 0; i < n; i++)
            _order[i] = i;
        if (_idCol >= 0)
        {
            Array.Copy(_rowIds, _sortKeys, n);
            Array.Sort(_sortKeys, _order, 0, n);
            for (int i = 1; i < n; i++)
                if (_sortKeys[i] == _sortKeys[i - 1])
                    throw Source.ErrorAt(firstAtomLine + Math.Max(_order[i], _order[i - 1]),
                        $"atom id {_sortKeys[i]} appears twice in the frame");
            if (first)
                _ids = _sortKeys[..n];
            else
                for (int i = 0; i < n; i++)
                    if (_sortKeys[i] != _ids![i])
                    {
                        long missing = _ids[i];
                        throw Source.ErrorAt(firstAtomLine + _order[i],
                            $"atom id {_sortKeys[i]} is not in frame 1 (or id {missing} is missing)");
                    }
        }

        var lattice = _lattice!;
        var frac = new double[3 * n];
        string[]? elements = first ? new string[n] : null;
        for (int k = 0; k < n; k++)
        {
            int row = _order[k];
            string el = _elementNames[_rowElement[row]];
            if (first)
                elements![k] = el;
            else if (!ReferenceEquals(el, _elements[k]) && el != _elements[k])
                throw Source.ErrorAt(firstAtomLine + row,
                    $"atom {(_idCol >= 0 ? "id " + Str(_rowIds[row]) : Str(row + 1))} is {el} here but {_elements[k]} in frame 1");
            double x = _rowPos[3 * row], y = _rowPos[3 * row + 1], z = _rowPos[3 * row + 2];
            if (_coords == Coords.Cartesian)
            {
                var f = lattice.ToFractional(new Vec3(x - _origin.X, y - _origin.Y, z - _origin.Z));
                x = f.X;
                y = f.Y;
                z = f.Z;
            }
            if (_imgCol >= 0)
            {
                x += _img[3 * row];
                y += _img[3 * row + 1];
                z += _img[3 * row + 2];
            }
            frac[3 * k] = x;
            frac[3 * k + 1] = y;
            frac[3 * k + 2] = z;
        }
        if (first)
        {
            _elements = elements!;
            _atoms = n;
        }
        return new Frame(index, lattice, frac);
    }
}
