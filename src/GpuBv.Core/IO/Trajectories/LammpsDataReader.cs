using System.Globalization;
using GpuBv.Crystal;
using GpuBv.Parameters;
using GpuBv.Trajectory;
using static GpuBv.IO.Trajectories.ReaderText;

namespace GpuBv.IO.Trajectories;

/// <summary>
/// Reads a LAMMPS data file (as <c>write_data</c> writes it) as a one-frame trajectory. Header: <c>N atoms</c>,
/// <c>N atom types</c>, <c>xlo xhi</c>, <c>ylo yhi</c>, <c>zlo zhi</c> and the optional <c>xy xz yz</c> tilt line
/// (also the general-triclinic <c>avec</c>/<c>bvec</c>/<c>cvec</c>/<c>abc origin</c> lines); the cell is
/// a = (xhi−xlo, 0, 0), b = (xy, yhi−ylo, 0), c = (xz, yz, zhi−zlo) with origin (xlo, ylo, zlo).
/// Sections: <c>Atoms # style</c> (styles atomic, charge, full, molecular/bond/angle; without a style comment it
/// is guessed from the column count), each line optionally ending with three image flags nx ny nz;
/// <c>Masses</c> and <c>Atom Type Labels</c>; other sections are skipped. Elements come from
/// <see cref="TrajectoryOptions.TypeMap"/>, else from type labels that are element symbols, else from the masses
/// (the nearest standard atomic weight within 0.1 u). Atoms are sorted by id. The frame's fractional coordinates
/// include the image flags (unwrapped: position in the box + image).
/// </summary>
public sealed class LammpsDataReader : FrameReaderBase
{
    private const double MassTolerance = 0.1;
    private static (string Symbol, double Mass)[]? _masses;

    private readonly IReadOnlyDictionary<int, string>? _typeMap;
    private Frame? _frame;

    /// <summary>Reads the data file from <paramref name="reader"/> (which the reader disposes).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">The file name for messages and <see cref="TrajectoryHeader.Source"/>.</param>
    /// <param name="options">Optional <see cref="TrajectoryOptions.TypeMap"/> (type → element).</param>
    /// <exception cref="InputException">The file is not a valid LAMMPS data file or an element cannot be found.</exception>
    public LammpsDataReader(TextReader reader, string fileName, TrajectoryOptions? options = null)
        : base(reader, fileName)
    {
        _typeMap = options?.TypeMap;
        Parse(out string title, out string[] elements);
        Header = new TrajectoryHeader(elements, fileName, title);
    }

    /// <inheritdoc/>
    public override TrajectoryHeader Header { get; }

    /// <summary>Image flags nx ny nz of every atom (3 per atom, in id order); null when the Atoms lines carry none.</summary>
    public int[]? ImageFlags { get; private set; }

    /// <summary>Fractional coordinates inside the box as stored (3 per atom, in id order), before the image flags are added.</summary>
    public double[] BoxFractional { get; private set; } = [];

    /// <summary>Atom ids in the order of the frame (sorted).</summary>
    public IReadOnlyList<long> AtomIds { get; private set; } = [];

    /// <summary>Atom type of every atom, in id order.</summary>
    public IReadOnlyList<int> AtomTypes { get; private set; } = [];

    /// <summary>The box origin (xlo, ylo, zlo) in Å.</summary>
    public Vec3 Origin { get; private set; }

    /// <summary>The atom style used to read the Atoms section (atomic, charge, full, molecular).</summary>
    public string AtomStyle { get; private set; } = "";

    /// <inheritdoc/>
    protected override Frame? ReadFrame(bool first)
    {
        var frame = _frame;
        _frame = null;
        return frame;
    }

    private static string StripComment(string line, out string comment)
    {
        int h = line.IndexOf('#');
        if (h < 0)
        {
            comment = "";
            return line.Trim();
        }
        comment = line[(h + 1)..].Trim();
        return line[..h].Trim();
    }

    private static bool IsSectionLine(string content) => content.Length > 0 && char.IsLetter(content[0]);

    private double Num(string token, string what)
        => TryNumber(token, out double v) ? v : throw Source.Error($"{what} '{Shorten(token)}' is not a number");

    private void Parse(out string title, out string[] elements)
    {
        string first = Source.Next() ?? throw Source.Error("the file is empty");
        title = first.Trim();
        long nAtoms = -1;
        int nTypes = -1;
        double? xlo = null, xhi = null, ylo = null, yhi = null, zlo = null, zhi = null;
        double xy = 0, xz = 0, yz = 0;
        Vec3? avec = null, bvec = null, cvec = null, origin = null;

        // Header: "numbers keyword" lines up to the first section name.
        string? line;
        string content = "", comment = "";
        while ((line = Source.Next()) is not null)
        {
            content = StripComment(line, out comment);
            if (content.Length == 0)
                continue;
            if (IsSectionLine(content))
                break;
            var t = Tokens(content);
            string key = string.Join(' ', t.Where(x => x.Length > 0 && char.IsLetter(x[0])));
            var nums = t.Where(x => !(x.Length > 0 && char.IsLetter(x[0]))).ToArray();
            switch (key)
            {
                case "atoms":
                    if (nums.Length != 1 || !TryLong(nums[0], out nAtoms) || nAtoms <= 0 || nAtoms > 100_000_000)
                        throw Source.Error($"the atom count '{Shorten(content)}' is not a whole number between 1 and 100 million");
                    break;
                case "atom types":
                    if (nums.Length != 1 || !TryInt(nums[0], out nTypes) || nTypes <= 0)
                        throw Source.Error($"the number of atom types '{Shorten(content)}' is not a positive whole number");
                    break;
                case "xlo xhi":
                    Need(nums, 2, key);
                    xlo = Num(nums[0], "xlo");
                    xhi = Num(nums[1], "xhi");
                    break;
                case "ylo yhi":
                    Need(nums, 2, key);
                    ylo = Num(nums[0], "ylo");
                    yhi = Num(nums[1], "yhi");
                    break;
                case "zlo zhi":
                    Need(nums, 2, key);
                    zlo = Num(nums[0], "zlo");
                    zhi = Num(nums[1], "zhi");
                    break;
                case "xy xz yz":
                    Need(nums, 3, key);
                    xy = Num(nums[0], "xy");
                    xz = Num(nums[1], "xz");
                    yz = Num(nums[2], "yz");
                    break;
                case "avec":
                    Need(nums, 3, key);
                    avec = new Vec3(Num(nums[0], "avec"), Num(nums[1], "avec"), Num(nums[2], "avec"));
                    break;
                case "bvec":
                    Need(nums, 3, key);
                    bvec = new Vec3(Num(nums[0], "bvec"), Num(nums[1], "bvec"), Num(nums[2], "bvec"));
                    break;
                case "cvec":
                    Need(nums, 3, key);
                    cvec = new Vec3(Num(nums[0], "cvec"), Num(nums[1], "cvec"), Num(nums[2], "cvec"));
                    break;
                case "abc origin":
                    Need(nums, 3, key);
                    origin = new Vec3(Num(nums[0], "origin"), Num(nums[1], "origin"), Num(nums[2], "origin"));
                    break;
                default:
                    break; // bonds, angles, bond types, extra ... per atom, ellipsoids, ...
            }
        }
        int headerEnd = Math.Max(Source.Line, 1);
        if (nAtoms < 0)
            throw Source.ErrorAt(headerEnd, "the header has no 'N atoms' line");

        // The cell.
        Lattice lattice;
        Vec3 org;
        try
        {
            if (avec is not null || bvec is not null || cvec is not null)
            {
                if (avec is null || bvec is null || cvec is null)
                    throw Source.ErrorAt(headerEnd, "the header gives only some of the avec, bvec, cvec lines");
                lattice = Lattice.FromVectors(avec.Value, bvec.Value, cvec.Value);
                org = origin ?? Vec3.Zero;
            }
            else
            {
                if (xlo is null || ylo is null || zlo is null)
                    throw Source.ErrorAt(headerEnd,
                        $"the header lacks the '{(xlo is null ? "xlo xhi" : ylo is null ? "ylo yhi" : "zlo zhi")}' box line");
                if (!(xhi > xlo) || !(yhi > ylo) || !(zhi > zlo))
                    throw Source.ErrorAt(headerEnd, "the box has a hi bound not above its lo bound");
                lattice = Lattice.FromVectors(new Vec3(xhi!.Value - xlo.Value, 0, 0), new Vec3(xy, yhi!.Value - ylo.Value, 0),
                    new Vec3(xz, yz, zhi!.Value - zlo.Value));
                org = new Vec3(xlo.Value, ylo.Value, zlo.Value);
            }
        }
        catch (ArgumentException e)
        {
            throw Source.ErrorAt(headerEnd, "the box " + e.Message["the cell ".Length..]);
        }
        Origin = org;

        // Sections.
        int n = (int)nAtoms;
        var ids = new long[n];
        var types = new int[n];
        var pos = new double[3 * n];
        int[]? img = null;
        var lineOf = new int[n];
        bool haveAtoms = false;
        var masses = new Dictionary<int, (double Mass, int Line)>();
        var labels = new Dictionary<int, string>();
        var tok = new Range[16];

        while (line is not null)
        {
            string section = content;
            string sectionComment = comment;
            if (section == "Atoms" && haveAtoms)
                throw Source.Error("a second Atoms section");
            int count = 0;
            // style for Atoms
            int typeCol = 1, xCol = 2, baseCols = 5;
            bool styleKnown = false;
            if (section == "Atoms")
            {
                string style = Tokens(sectionComment).FirstOrDefault() ?? "";
                if (style.Length > 0)
                {
                    (typeCol, xCol, baseCols) = StyleColumns(style);
                    if (typeCol < 0)
                        throw
                        Source.Error($"atom style '{Shorten(style)}' is not supported; use atomic, charge, full or molecular");
                    AtomStyle = style;
                    styleKnown = true;
                }
            }

            while ((line = Source.Next()) is not null)
            {
                content = StripComment(line, out comment);
                if (content.Length == 0)
                    continue;
                if (IsSectionLine(content))
                    break;
                switch (section)
                {
                    case "Masses":
                    {
                        var t = Tokens(content);
                        if (t.Length < 2 || !TryInt(t[0],
                            out int type))
                            throw Source.Error($"expected 'type mass' in the Masses section, found '{Shorten(content)}'");
                        masses[type] = (Num(t[1], "mass"), Source.Line);
                        break;
                    }
                    case "Atom Type Labels":
                    {
                        var t = Tokens(content);
                        if (t.Length < 2 || !TryInt(t[0],
                            out int type))
                            throw
                                Source.Error($"expected 'type label' in the Atom Type Labels section, found '{Shorten(content)}'");
                        labels[type] = t[1];
                        break;
                    }
                    case "Atoms":
                    {
                        var s = content.AsSpan();
                        int cols = Split(s, tok);
                        if (!styleKnown)
                        {
                            string style = cols switch { 5 or 8 => "atomic", 6 or 9 => "charge", 7 or 10 => "full", _ => "" };
                            if (style.Length == 0)
                                throw Source.Error($"cannot tell the atom style from {cols} values per line; name it after 'Atoms "
                                    + $"#' (atomic, charge, full or molecular)");
                            (typeCol, xCol, baseCols) = StyleColumns(style);
                            AtomStyle = style;
                            styleKnown = true;
                        }
                        if (count >= n)
                            throw Source.Error($"the Atoms section has more lines than the {n} atoms of the header");
                        if (cols != baseCols && cols != baseCols + 3)
                            throw Source.Error($"expected {baseCols} values (or {baseCols + 3} with image flags) for atom style "
                                + $"{AtomStyle}, found {cols}");
                        if (!TryLong(s[tok[0]],
                            out ids[count]))
                            throw Source.Error($"atom id '{Shorten(s[tok[0]])}' is not a whole number");
                        if (!TryInt(s[tok[typeCol]], out types[count]) || types[count] <= 0)
                            throw Source.Error($"atom type '{Shorten(s[tok[typeCol]])}' is not a positive whole number");
                        if (nTypes > 0 && types[count] > nTypes)
                            throw Source.Error($"atom type {types[count]} is above the {nTypes} atom types of the header");
                        for (int k = 0; k < 3; k++)
                            if (!TryNumber(s[tok[xCol + k]], out pos[3 * count + k]))
                                throw Source.Error($"coordinate '{Shorten(s[tok[xCol + k]])}' of atom {Str(ids[count])} is not a number");
                        if (cols == baseCols + 3)
                        {
                            img ??= new int[3 * n];
                            for (int k = 0; k < 3; k++)
                                if (!TryInt(s[tok[baseCols + k]], out img[3 * count + k]))
                                    throw Source.Error($"image flag '{Shorten(s[tok[baseCols + k]])}' of atom {Str(ids[count])} is "
                                        + $"not a whole number");
                        }
                        lineOf[count] = Source.Line;
                        count++;
                        break;
                    }
                    default:
                        break; // Velocities, Bonds, coefficients, ...: not needed
                }
            }
            if (section == "Atoms")
            {
                if (count < n)
                    throw line is null
                        ? Source.Error($"the file ends after {count} of {n} atom lines of the Atoms section (truncated)")
                        : Source.Error($"the Atoms section ends after {count} of the header's {n} atoms");
                haveAtoms = true;
            }
        }
        if (!haveAtoms)
            throw Source.Error("the file has no Atoms section");

        // Elements of the types.
        var elementOfType = new Dictionary<int, string>();
        for (int i = 0; i < n; i++)
        {
            int type = types[i];
            if (elementOfType.ContainsKey(type))
                continue;
            elementOfType[type] = ElementOfType(type, lineOf[i], masses, labels);
        }

        // Sort by id and build the frame.
        var order = Enumerable.Range(0, n).ToArray();
        var keys = (long[])ids.Clone();
        Array.Sort(keys, order);
        for (int i = 1; i < n; i++)
            if (keys[i] == keys[i - 1])
                throw Source.ErrorAt(lineOf[Math.Max(order[i], order[i - 1])],
                    $"atom id {Str(keys[i])} appears twice in the Atoms section");
        elements = new string[n];
        var frac = new double[3 * n];
        var box = new double[3 * n];
        int[]? flags = img is null ? null : new int[3 * n];
        var sortedTypes = new int[n];
        for (int k = 0; k < n; k++)
        {
            int row = order[k];
            elements[k] = elementOfType[types[row]];
            sortedTypes[k] = types[row];
            var f = lattice.ToFractional(new Vec3(pos[3 * row] - org.X, pos[3 * row + 1] - org.Y, pos[3 * row + 2] - org.Z));
            box[3 * k] = f.X;
            box[3 * k + 1] = f.Y;
            box[3 * k + 2] = f.Z;
            for (int c = 0; c < 3; c++)
            {
                int image = img is null ? 0 : img[3 * row + c];
                if (flags is not null)
                    flags[3 * k + c] = image;
                frac[3 * k + c] = box[3 * k + c] + image;
            }
        }
        ImageFlags = flags;
        BoxFractional = box;
        AtomIds = keys;
        AtomTypes = sortedTypes;
        _frame = new Frame(0, lattice, frac);
    }

    private void Need(string[] nums, int count, string key)
    {
        if (nums.Length < count)
            throw Source.Error($"the '{key}' line needs {count} numbers");
    }

    /// <summary>Columns of the type, the first coordinate, and the count without image flags, by atom style.</summary>
    private static (int TypeCol, int XCol, int BaseCols) StyleColumns(string style) => style switch
    {
        "atomic" => (1, 2, 5),
        "charge" => (1, 3, 6),
        "full" => (2, 4, 7),
        "molecular" or "bond" or "angle" => (2, 3, 6),
        _ => (-1, -1, -1),
    };

    private string ElementOfType(int type, int atomLine, Dictionary<int, (double Mass, int Line)> masses, Dictionary<int, string> labels)
    {
        if (_typeMap is not null)
        {
            if (!_typeMap.TryGetValue(type, out string? sym))
                throw Source.ErrorAt(atomLine,
                    $"atom type {type} is not in the type map "
                        + $"({string.Join(",", _typeMap.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"))})");
            if (!TryElement(sym, out string el))
                throw Source.ErrorAt(atomLine,
                $"the type map gives type {type} the unknown element '{Shorten(sym)}'");
            return el;
        }
        if (labels.TryGetValue(type, out string? label) && TryElement(label, out string le))
            return le;
        if (!masses.TryGetValue(type, out var m))
            throw Source.ErrorAt(atomLine, $"atom type {type} has no mass in a Masses section, so its element is unknown: {TypeMapHint}");
        string? best = ElementByMass(m.Mass, out _);
        if (best is null)
            throw Source.ErrorAt(m.Line, string.Create(CultureInfo.InvariantCulture,
                $"the mass {m.Mass} of atom type {type} is not within {MassTolerance} u of any element's standard atomic weight: "
                    + $"{TypeMapHint}"));
        return best;
    }

    /// <summary>The element whose standard atomic weight is nearest to <paramref name="mass"/>, if within 0.1 u.</summary>
    public static string? ElementByMass(double mass, out double difference)
    {
        _masses ??= EmbeddedData.Rows("atomic_masses.csv", ',')
            .Select(r => (r[1], double.Parse(r[2], CultureInfo.InvariantCulture))).ToArray();
        string? best = null;
        difference = double.PositiveInfinity;
        foreach (var (sym, m) in _masses)
        {
            double d = Math.Abs(m - mass);
            if (d < difference)
            {
                difference = d;
                best = sym;
            }
        }
        return difference <= MassTolerance ? best : null;
    }
}
