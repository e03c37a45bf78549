using System.Globalization;
using System.IO.Compression;
using System.Text;
using GpuBv.Crystal;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory;
using Xunit;

namespace GpuBv.Tests.Trajectory;

public sealed class TrajectoryReaderTests
{
    private static string Traj(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "trajectories", name);
    private static string Edge(string name) => Traj(Path.Combine("format_edge_cases", name));
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // ---------- helpers ----------

    private static List<Frame> ReadAll(ITrajectoryReader r)
    {
        var frames = new List<Frame>();
        while (r.TryRead(out var f))
        {
            Assert.Equal(frames.Count, f.Index);
            Assert.Equal(r.Header.AtomCount, f.AtomCount);
            frames.Add(f);
        }
        Assert.Equal(frames.Count, r.FramesRead);
        Assert.False(r.TryRead(out _)); // stays at the end
        return frames;
    }

    private static Dictionary<string, int> Counts(TrajectoryHeader h)
        => h.Elements.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());

    private static void Close(Vec3 expected, Vec3 actual, double tol = 1e-9)
        => Assert.True(Math.Abs(expected.X - actual.X) < tol && Math.Abs(expected.Y - actual.Y) < tol
            && Math.Abs(expected.Z - actual.Z) < tol,
            $"expected {expected}, got {actual}");

    private static string[] Lines(string path)
    {
        using Stream s = path.EndsWith(".gz") ? new GZipStream(File.OpenRead(path), CompressionMode.Decompress) : File.OpenRead(path);
        using var r = new StreamReader(s);
        return r.ReadToEnd().Split('\n');
    }

    private static double[] Nums(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x =>
        double.Parse(x, Inv)).ToArray();

    private static string Temp(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "gpubv-traj-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Reads until the error; checks it is one line naming the file, frame and line, after <paramref
    /// name="goodFrames"/> frames.</summary>
    private static InputException ReadUntilError(string path, int goodFrames, int frame, int line, TrajectoryOptions? options = null,
        TrajectoryFormat format = TrajectoryFormat.Auto)
    {
        int read = 0;
        var e = Assert.Throws<InputException>(() =>
        {
            using var r = TrajectoryFile.Open(path, options, format);
            while (r.TryRead(out _))
                read++;
        });
        Assert.Equal(goodFrames, read);
        Assert.Contains(path, e.Message);
        Assert.Contains($"frame {frame}, line {line}:", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        return e;
    }

    // ---------- real trajectories ----------

    [Fact]
    public void Na3PS4Xdatcar()
    {
        string path = Traj("Na3PS4_cubic_800K_pmgdiff_pda_XDATCAR.gz");
        var lines = Lines(path);
        int expectedFrames = lines.Count(l => l.StartsWith("Direct configuration="));
        Assert.Equal(100, expectedFrames);
        Assert.Equal(TrajectoryFormat.Xdatcar, TrajectoryFile.DetectFormat(path));

        using var r = TrajectoryFile.Open(path);
        Assert.IsType<XdatcarReader>(r);
        Assert.Equal(128, r.Header.AtomCount);
        Assert.Equal(new Dictionary<string, int> { ["Na"] = 48, ["P"] = 16, ["S"] = 64 }, Counts(r.Header));
        Assert.Equal("Na48 P16 S64", r.Header.Title);
        var frames = ReadAll(r);
        Assert.Equal(expectedFrames, frames.Count);

        var a = Nums(lines[2]);
        var c = Nums(lines[4]);
        Close(new Vec3(a[0], a[1], a[2]), frames[0].Lattice.A);
        Close(new Vec3(14.0597, 0, -0.7393), frames[0].Lattice.A, 1e-4);
        Close(new Vec3(c[0], c[1], c[2]), frames[0].Lattice.C);
        Assert.Same(frames[0].Lattice, frames[^1].Lattice); // constant cell
        Assert.InRange(frames[0].Lattice.Beta, 92.9, 93.0);

        // first and last positions against the text
        Close(new Vec3(0.21717845, 0.25044341, 0.97916368), frames[0].Position(0));
        int lastConfig = Array.FindLastIndex(lines, l => l.StartsWith("Direct configuration="));
        var last = Nums(lines[lastConfig + 128]);
        Close(new Vec3(last[0], last[1], last[2]), frames[^1].Position(127));
    }

    [Fact]
    public void Li6PS5IXdatcar()
    {
        string path = Traj("Li6PS5I_0p_run1_500K_XDATCAR.gz");
        var lines = Lines(path);
        int expectedFrames = lines.Count(l => l.StartsWith("Direct configuration="));
        Assert.Equal(140, expectedFrames);
        using var r = TrajectoryFile.Open(path);
        Assert.Equal(416, r.Header.AtomCount);
        Assert.Equal(new Dictionary<string, int> { ["Li"] = 192, ["I"] = 32, ["S"] = 160, ["P"] = 32 }, Counts(r.Header));
        Assert.Equal(["Li", "I", "S", "P"], r.Header.Elements.Distinct());
        var frames = ReadAll(r);
        Assert.Equal(expectedFrames, frames.Count);
        Close(new Vec3(20.433, 0, 0), frames[0].Lattice.A);
        Close(new Vec3(0, 0, 20.433), frames[^1].Lattice.C);
    }

    [Fact]
    public void LiBF4ExtXyzUnwrapped()
    {
        string path = Traj("LiBF4comp_Li3B3F12_QE_MD_300K.extxyz.gz");
        var lines = Lines(path);
        int expectedFrames = lines.Count(l => l.Contains("Lattice="));
        Assert.Equal(1746, expectedFrames);
        Assert.Equal(TrajectoryFormat.ExtXyz, TrajectoryFile.DetectFormat(path));

        using var r = TrajectoryFile.Open(path);
        Assert.IsType<ExtXyzTrajectoryReader>(r);
        Assert.Equal(18, r.Header.AtomCount);
        Assert.Equal(new Dictionary<string, int> { ["Li"] = 3, ["B"] = 3, ["F"] = 12 }, Counts(r.Header));
        var frames = ReadAll(r);
        Assert.Equal(expectedFrames, frames.Count);
        var lat = frames[0].Lattice;
        Close(new Vec3(4.73333213, 0, 0), lat.A);
        Close(new Vec3(2.36666607, 4.10115034, 0), lat.B);
        Close(new Vec3(0, 0, 10.83966193), lat.C);
        Assert.InRange(lat.Gamma, 59.9, 60.1);
        Assert.Same(lat, frames[^1].Lattice);

        // Li1 of frame 1: by hand, fb = y/by, fa = (x − fb·bx)/ax; negative fa stays negative (no wrapping).
        double fb = 2.0310100646 / 4.10115034;
        double fa = (-0.0030984350 - fb * 2.36666607) / 4.73333213;
        Close(new Vec3(fa, fb, 6.9412183484 / 10.83966193), frames[0].Position(0), 1e-12);
        Assert.True(fa < 0);

        // every atom of the last frame maps back onto the Cartesian text
        int start = lines.Length - 1 - 18; // last line is empty after the final newline
        if (lines[^1].Length > 0)
            start = lines.Length - 18;
        for (int i = 0; i < 18; i++)
        {
            var t = lines[start + i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var cart = new Vec3(double.Parse(t[1], Inv), double.Parse(t[2], Inv), double.Parse(t[3], Inv));
            Close(cart, lat.ToCartesian(frames[^1].Position(i)), 1e-9);
        }
    }

    // ---------- XDATCAR edge cases ----------

    [Fact]
    public void VariableCellXdatcar()
    {
        string path = Edge("pymatgen_XDATCAR_6_variable_cell_FeOTi");
        Assert.Equal(TrajectoryFormat.Xdatcar, TrajectoryFile.DetectFormat(path));
        using var r = TrajectoryFile.Open(path);
        Assert.Equal(new Dictionary<string, int> { ["Fe"] = 2, ["O"] = 4, ["Ti"] = 1 }, Counts(r.Header));
        var frames = ReadAll(r);
        Assert.Equal(4, frames.Count);
        Close(new Vec3(0, 2.095, 2.095), frames[0].Lattice.A);
        Close(new Vec3(-4.19, 2.095, -2.095), frames[0].Lattice.C);
        Close(new Vec3(0, 2.724582, 2.724582), frames[1].Lattice.A);
        Close(new Vec3(2.317030, 2.290629, -4.636600), frames[2].Lattice.B);
        Close(new Vec3(-4.574709, 2.284910, -2.284910), frames[3].Lattice.C);
        for (int i = 1; i < 4; i++)
            Assert.NotEqual(frames[i - 1].Lattice.Volume, frames[i].Lattice.Volume);
        Close(new Vec3(0.56250000, 0.12500000, 0.81250000), frames[0].Position(6));
        Close(new Vec3(0.60458205, 0.20916409, 0.81078057), frames[3].Position(6));
    }

    [Fact]
    public void BlankLineSeparatedXdatcar()
    {
        using var r = TrajectoryFile.Open(Edge("pymatgen_XDATCAR_4_blankline_separated_Li2O"));
        Assert.Equal(["Li", "Li", "O"], r.Header.Elements);
        var frames = ReadAll(r);
        Assert.Equal(4, frames.Count);
        Close(new Vec3(-2.305, -2.305, 0), frames[0].Lattice.A);
        Close(new Vec3(0.75, 0.75, 0.75), frames[3].Position(1));
        Close(Vec3.Zero, frames[3].Position(2));
    }

    [Fact]
    public void XdatcarNumberedFromZero()
    {
        string path = Edge("IonDiff_LLZO_2frames_config0_XDATCAR");
        using var r = TrajectoryFile.Open(path);
        Assert.Equal(new Dictionary<string, int> { ["Li"] = 110, ["La"] = 48, ["Zr"] = 32, ["O"] = 192 }, Counts(r.Header));
        var frames = ReadAll(r);
        Assert.Equal(2, frames.Count);
        Close(new Vec3(0, 0, 25.3), frames[0].Lattice.C);
        Close(new Vec3(0.5, 0, 0.875), frames[0].Position(0));
        Close(new Vec3(0.14757696, 0.27470628, 0.91521662), frames[1].Position(381));
    }

    [Fact]
    public void XdatcarNegativeScaleIsVolume()
    {
        const string text = "t\n-1000\n2 0 0\n0 2 0\n0 0 2\nLi\n1\nDirect configuration= 1\n0.1 0.2 0.3\n";
        using var r = new XdatcarReader(new StringReader(text), "x");
        Assert.True(r.TryRead(out var f));
        Assert.Equal(1000, f.Lattice.Volume, 9);
        Close(new Vec3(10, 0, 0), f.Lattice.A);
    }

    [Fact]
    public void XdatcarCartesianFrames()
    {
        const string text = "t\n2.0\n2 0 0\n0 2 0\n0 0 3\nLi\n1\nCartesian configuration= 1\n1.0 1.0 3.0\n";
        using var r = new XdatcarReader(new StringReader(text), "x");
        Assert.True(r.TryRead(out var f));
        Close(new Vec3(0.5, 0.5, 1.0), f.Position(0)); // scaled by 2, not wrapped
    }

    // ---------- LAMMPS data ----------

    [Fact]
    public void LammpsDataTriclinicWithImages()
    {
        string path = Edge("GEMDAT_Li3InCl6_triclinic_lammps_data.txt");
        Assert.Equal(TrajectoryFormat.LammpsData, TrajectoryFile.DetectFormat(path));
        var lines = File.ReadAllLines(path);
        var xb = Nums(string.Join(' ', lines[5].Split(' ').Take(2)));
        var yb = Nums(string.Join(' ', lines[6].Split(' ').Take(2)));
        var zb = Nums(string.Join(' ', lines[7].Split(' ').Take(2)));
        var tilt = Nums(string.Join(' ', lines[8].Split(' ').Take(3)));
        Assert.Equal(-4.276094133434506, tilt[1]);

        using var r = TrajectoryFile.Open(path);
        var data = Assert.IsType<LammpsDataReader>(r);
        Assert.Equal(80, r.Header.AtomCount);
        // elements from the masses 6.941, 114.818, 35.453
        var atomLines = lines.SkipWhile(l => !l.StartsWith("Atoms")).Skip(2).TakeWhile(l => l.Length > 0).ToArray();
        Assert.Equal(80, atomLines.Length);
        int Type(int t) => atomLines.Count(l => l.Split(' ')[1] == t.ToString(Inv));
        Assert.Equal(new Dictionary<string, int> { ["Li"] = Type(1), ["In"] = Type(2), ["Cl"] = Type(3) }, Counts(r.Header));
        Assert.Equal(24, Type(1));

        var frames = ReadAll(r);
        Assert.Single(frames);
        var lat = frames[0].Lattice;
        Close(new Vec3(xb[1] - xb[0], 0, 0), lat.A, 1e-12);
        Close(new Vec3(tilt[0], yb[1] - yb[0], 0), lat.B, 1e-12);
        Close(new Vec3(tilt[1], tilt[2], zb[1] - zb[0]), lat.C, 1e-12);
        Close(new Vec3(xb[0], yb[0], zb[0]), data.Origin, 1e-15);

        // sorted ids; image flags and unwrapped fractional coordinates per atom line
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), data.AtomIds);
        Assert.NotNull(data.ImageFlags);
        Assert.Equal(240, data.ImageFlags!.Length);
        foreach (var l in atomLines)
        {
            var t = l.Split(' ');
            int id = int.Parse(t[0], Inv), k = id - 1;
            var cart = new Vec3(double.Parse(t[2], Inv), double.Parse(t[3], Inv), double.Parse(t[4], Inv));
            int[] img = [int.Parse(t[5], Inv), int.Parse(t[6], Inv), int.Parse(t[7], Inv)];
            Assert.Equal(img, data.ImageFlags.AsSpan(3 * k, 3).ToArray());
            Assert.Equal(new[] { "Li", "In", "Cl" }[int.Parse(t[1], Inv) - 1], r.Header.Elements[k]);
            var box = lat.ToFractional(cart - data.Origin);
            Close(box + new Vec3(img[0], img[1], img[2]), frames[0].Position(k), 1e-12);
            Close(cart, lat.ToCartesian(frames[0].Position(k) - new Vec3(img[0], img[1], img[2])) + data.Origin, 1e-9);
        }
        Assert.Equal([-1, 0, 0], data.ImageFlags.AsSpan(3 * 5, 3).ToArray());    // id 6
        Assert.Equal([-1, -1, -1], data.ImageFlags.AsSpan(3 * 72, 3).ToArray()); // id 73
    }

    [Fact]
    public void LammpsDataTypeMapOverridesMasses()
    {
        string path = Edge("GEMDAT_Li3InCl6_triclinic_lammps_data.txt");
        var map = new Dictionary<int, string> { [1] = "Na", [2] = "In", [3] = "Br" };
        using var r = TrajectoryFile.Open(path, new TrajectoryOptions(map));
        Assert.Equal(new Dictionary<string, int> { ["Na"] = 24, ["In"] = 8, ["Br"] = 48 }, Counts(r.Header));
    }

    [Fact]
    public void LammpsDataStyles()
    {
        const string full = """
            test

            2 atoms
            1 atom types
            0 10 xlo xhi
            0 10 ylo yhi
            0 10 zlo zhi

            Atoms # full

            2 1 1 -0.5 5 5 5 1 0 0
            1 1 1 0.5 1 2 3 0 0 -2

            Masses

            1 15.9994
            """;
        using var r = new LammpsDataReader(new StringReader(full), "t.data");
        Assert.Equal(["O", "O"], r.Header.Elements);
        Assert.Equal("full", r.AtomStyle);
        Assert.True(r.TryRead(out var f));
        Close(new Vec3(0.1, 0.2, -1.7), f.Position(0));
        Close(new Vec3(1.5, 0.5, 0.5), f.Position(1));

        const string charge = "t\n\n1 atoms\n0 4 xlo xhi\n0 4 ylo yhi\n0 4 zlo zhi\n\nMasses\n\n1 22.99\n\nAtoms\n\n1 1 1.0 1 2 3\n";
        using var r2 = new LammpsDataReader(new StringReader(charge), "t.data");
        Assert.Equal("charge", r2.AtomStyle);
        Assert.Null(r2.ImageFlags);
        Assert.Equal(["Na"], r2.Header.Elements);
        Assert.True(r2.TryRead(out var f2));
        Close(new Vec3(0.25, 0.5, 0.75), f2.Position(0));
        Assert.Equal("Cl", LammpsDataReader.ElementByMass(35.453, out _));
        Assert.Null(LammpsDataReader.ElementByMass(2.014, out _)); // deuterium: no element within 0.1 u
    }

    // ---------- plain XYZ (LAMMPS dump xyz) ----------

    [Fact]
    public void DumpXyzNeedsCell()
    {
        string path = Edge("GEMDAT_Li3InCl6_lammps_dump_xyz.xyz");
        Assert.Equal(TrajectoryFormat.PlainXyz, TrajectoryFile.DetectFormat(path));
        var e = Assert.Throws<InputException>(() => TrajectoryFile.Open(path));
        Assert.Contains(InputException.Ref(InputParameter.Cell), e.Problem);
        Assert.Contains(path, e.Message);

        var cell = Lattice.FromVectors(new Vec3(12.7, 0, 0), new Vec3(0, 11.0, 0), new Vec3(-4.3, 0, 11.9));
        using var r = TrajectoryFile.Open(path, new TrajectoryOptions(Cell: cell));
        Assert.IsType<PlainXyzReader>(r);
        Assert.Equal(80, r.Header.AtomCount);
        Assert.Equal(new Dictionary<string, int> { ["Li"] = 24, ["In"] = 8, ["Cl"] = 48 }, Counts(r.Header));
        var frames = ReadAll(r);
        Assert.Equal(4, frames.Count);
        Close(new Vec3(2.06725, 3.79839, 3.08418), cell.ToCartesian(frames[0].Position(0)), 1e-9);
        Assert.Same(cell, frames[3].Lattice);
    }

    [Fact]
    public void PlainXyzNumericTypes()
    {
        const string text = "2\nAtoms. Timestep: 0\n1 1 2 3\n2 5 5 5\n2\nAtoms. Timestep: 1\n1 1 2 3.5\n2 5 5 5\n";
        var cell = Lattice.FromParameters(10, 10, 10, 90, 90, 90);
        var map = new Dictionary<int, string> { [1] = "Li", [2] = "Cl" };
        using var r = new PlainXyzReader(new StringReader(text), "d.xyz", new TrajectoryOptions(map, cell));
        Assert.Equal(["Li", "Cl"], r.Header.Elements);
        var frames = ReadAll(r);
        Assert.Equal(2, frames.Count);
        Close(new Vec3(0.1, 0.2, 0.35), frames[1].Position(0));
    }

    // ---------- synthetic LAMMPS dumps ----------

    private sealed record Box(double Xlo, double Xhi, double Ylo, double Yhi, double Zlo, double Zhi, double Xy, double Xz, double Yz)
    {
        public Lattice Lattice => Lattice.FromVectors(new Vec3(Xhi - Xlo, 0, 0), new Vec3(Xy, Yhi - Ylo, 0), new Vec3(Xz, Yz, Zhi - Zlo));
        public Vec3 Origin => new(Xlo, Ylo, Zlo);
        public bool Triclinic => Xy != 0 || Xz != 0 || Yz != 0;

        public string Bounds()
        {
            if (!Triclinic)
                return FormattableString.Invariant($"ITEM: BOX BOUNDS pp pp pp\n{Xlo:R} {Xhi:R}\n{Ylo:R} {Yhi:R}\n{Zlo:R} {Zhi:R}\n");
            double xlob = Xlo + Math.Min(Math.Min(0, Xy), Math.Min(Xz, Xy + Xz));
            double xhib = Xhi + Math.Max(Math.Max(0, Xy), Math.Max(Xz, Xy + Xz));
            double ylob = Ylo + Math.Min(0, Yz), yhib = Yhi + Math.Max(0, Yz);
            return FormattableString.Invariant($"ITEM: BOX BOUNDS xy xz yz pp pp pp\n{xlob:R} {xhib:R} {Xy:R}\n")
                + FormattableString.Invariant($"{ylob:R} {yhib:R} {Xz:R}\n{Zlo:R} {Zhi:R} {Yz:R}\n");
        }
    }

    private static readonly string[] DumpElements = ["Li", "Li", "In", "Cl", "Cl", "Cl"];

    /// <summary>Writes frames of 6 atoms with known (unwrapped) fractional coordinates in shuffled id order.</summary>
    private static string WriteDump(Box box, string columns, int frames, out double[][] expected, bool elementColumn = false)
    {
        var rnd = new Random(7);
        var sb = new StringBuilder();
        var lat = box.Lattice;
        expected = new double[frames][];
        for (int f = 0; f < frames; f++)
        {
            int n = DumpElements.Length;
            var wrapped = new Vec3[n];
            var image = new int[n, 3];
            expected[f] = new double[3 * n];
            for (int i = 0; i < n; i++)
            {
                wrapped[i] = new Vec3(rnd.NextDouble(), rnd.NextDouble(), rnd.NextDouble());
                for (int k = 0; k < 3; k++)
                    image[i, k] = rnd.Next(-2, 3);
            }
            sb.Append(Inv, $"ITEM: TIMESTEP\n{100 * f}\nITEM: NUMBER OF ATOMS\n{n}\n").Append(box.Bounds());
            sb.Append($"ITEM: ATOMS id {(elementColumn ? "element" : "type")} {columns}\n");
            var order = Enumerable.Range(0, n).OrderBy(_ => rnd.Next()).ToArray();
            foreach (int i in order)
            {
                var w = wrapped[i];
                var u = new Vec3(w.X + image[i, 0], w.Y + image[i, 1], w.Z + image[i, 2]);
                bool unwrappedOut = columns.StartsWith("xu") || columns.StartsWith("xsu") || columns.Contains("ix");
                var want = unwrappedOut ? u : w;
                expected[f][3 * i] = want.X;
                expected[f][3 * i + 1] = want.Y;
                expected[f][3 * i + 2] = want.Z;
                Vec3 written = columns switch
                {
                    _ when columns.StartsWith("xsu") => u,
                    _ when columns.StartsWith("xs") => w,
                    _ when columns.StartsWith("xu") => lat.ToCartesian(u) + box.Origin,
                    _ => lat.ToCartesian(w) + box.Origin,
                };
                string type = elementColumn ? DumpElements[i] : (Array.IndexOf(new[] { "Li", "In", "Cl" },
                    DumpElements[i]) + 1).ToString(Inv);
                sb.Append(Inv, $"{i + 1} {type} {written.X:R} {written.Y:R} {written.Z:R}");
                if (columns.Contains("ix"))
                    sb.Append(Inv, $" {image[i, 0]} {image[i, 1]} {image[i, 2]}");
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    private static readonly Dictionary<int, string> LiInCl = new() { [1] = "Li", [2] = "In", [3] = "Cl" };

    [Theory]
    [InlineData(false, "x y z")]
    [InlineData(false, "xs ys zs")]
    [InlineData(false, "xu yu zu")]
    [InlineData(false, "xsu ysu zsu")]
    [InlineData(false, "x y z ix iy iz")]
    [InlineData(true, "x y z")]
    [InlineData(true, "xs ys zs")]
    [InlineData(true, "xu yu zu")]
    [InlineData(true, "xsu ysu zsu")]
    [InlineData(true, "x y z ix iy iz")]
    public void SyntheticLammpsDump(bool triclinic, string columns)
    {
        var box = triclinic ? new Box(1, 11, 2, 10, -1, 8, 1.5, -2, 0.7) : new Box(-3, 7, 0.5, 9.5, 1, 13, 0, 0, 0);
        string text = WriteDump(box, columns, 3, out var expected);
        string path = Temp("synthetic.lammpstrj", text);
        using var r = TrajectoryFile.Open(path, new TrajectoryOptions(LiInCl));
        var dump = Assert.IsType<LammpsDumpReader>(r);
        Assert.Equal(DumpElements, r.Header.Elements);
        var frames = ReadAll(r);
        Assert.Equal(3, frames.Count);
        Assert.Equal(200, dump.Timestep);
        Assert.Equal([1L, 2, 3, 4, 5, 6], dump.AtomIds!);
        var lat = box.Lattice;
        for (int f = 0; f < 3; f++)
        {
            Close(lat.A, frames[f].Lattice.A, 1e-12);
            Close(lat.B, frames[f].Lattice.B, 1e-12);
            Close(lat.C, frames[f].Lattice.C, 1e-12);
            for (int i = 0; i < 18; i++)
                Assert.Equal(expected[f][i], frames[f].Fractional[i], 1e-9);
        }
        Assert.Same(frames[0].Lattice, frames[2].Lattice);
    }

    [Fact]
    public void SyntheticLammpsDumpWithElementColumn()
    {
        var box = new Box(0, 10, 0, 10, 0, 10, 2, 0, 0);
        string path = Temp("dump.elements", WriteDump(box, "xu yu zu", 2, out var expected, elementColumn: true));
        using var r = TrajectoryFile.Open(path); // no type map needed
        Assert.Equal(DumpElements, r.Header.Elements);
        var frames = ReadAll(r);
        for (int i = 0; i < 18; i++)
            Assert.Equal(expected[1][i], frames[1].Fractional[i], 1e-9);
    }

    // ---------- bad input ----------

    private static string XdatcarText(int frames, int atoms, Func<int, int, string>? line = null)
    {
        var sb = new StringBuilder($"test\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi O\n{atoms - 1} 1\n");
        for (int f = 0; f < frames; f++)
        {
            sb.Append(Inv, $"Direct configuration= {f + 1}\n");
            for (int a = 0; a < atoms; a++)
                sb.Append(line?.Invoke(f, a) ?? FormattableString.Invariant($"0.{a} 0.{f} 0.5")).Append('\n');
        }
        return sb.ToString();
    }

    [Fact]
    public void TruncatedLastFrame()
    {
        string text = XdatcarText(3, 8);
        text = string.Join('\n', text.Split('\n').Take(7 + 2 * 9 + 1 + 5)); // frame 3: config line + 5 atoms
        string path = Temp("XDATCAR", text);
        var e = ReadUntilError(path, 2, 3, 7 + 18 + 1 + 5);
        Assert.Contains("after 5 of 8 atom positions", e.Message);

        // LAMMPS data file cut inside the Atoms section (30 of 80 atom lines, lines 19-48)
        var data = File.ReadAllLines(Edge("GEMDAT_Li3InCl6_triclinic_lammps_data.txt")).Take(48);
        path = Temp("cut_lammps_data.txt", string.Join('\n', data));
        e = ReadUntilError(path, 0, 1, 48);
        Assert.Contains("after 30 of 80 atom lines", e.Message);

        string dump = WriteDump(new Box(0, 5, 0, 5, 0, 5, 0, 0, 0), "x y z", 2, out _);
        dump = string.Join('\n', dump.Split('\n').Take(2 * 15 - 2)); // drop 2 atom lines of frame 2
        path = Temp("t.lammpstrj", dump);
        e = ReadUntilError(path, 1, 2, 28, new TrajectoryOptions(LiInCl));
        Assert.Contains("after 4 of 6 atom lines", e.Message);
    }

    [Fact]
    public void AtomCountMismatch()
    {
        // XDATCAR: frame 2 has an extra position line (seen where frame 3 should start)
        var xl = XdatcarText(3, 4).Split('\n').ToList();
        xl.Insert(7 + 5 + 5, "0.1 0.1 0.1");
        string path = Temp("XDATCAR", string.Join('\n', xl));
        var e = ReadUntilError(path, 2, 3, 18);
        Assert.Contains("atom-count mismatch", e.Message);

        // extended XYZ: frame 3 has 2 atoms instead of 3
        const string lat = "Lattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3";
        string ext = $"3\n{lat}\nLi 0 0 0\nLi 1 1 1\nO 2 2 2\n3\n{lat}\nLi 0 0 0\nLi 1 1 1\nO 2 2 2\n2\n{lat}\nLi 0 0 0\nO 2 2 2\n";
        path = Temp("t.extxyz", ext);
        e = ReadUntilError(path, 2, 3, 11);
        Assert.Contains("2 atoms but frame 1 has 3", e.Message);

        // LAMMPS dump: frame 2 says 5 atoms
        string dump = WriteDump(new Box(0, 5, 0, 5, 0, 5, 0, 0, 0), "x y z", 2, out _);
        var dl = dump.Split('\n');
        Assert.Equal("6", dl[18]);
        dl[18] = "5";
        path = Temp("t.dump", string.Join('\n', dl));
        e = ReadUntilError(path, 1, 2, 19, new TrajectoryOptions(LiInCl));
        Assert.Contains("atom-count mismatch", e.Message);

        // variable-cell XDATCAR: frame 2 header with other counts
        var vl = File.ReadAllLines(Edge("pymatgen_XDATCAR_6_variable_cell_FeOTi")).ToList();
        vl[15 + 6] = "   2   3   1";
        vl.RemoveAt(15 + 8);
        path = Temp("XDATCAR_var", string.Join('\n', vl));
        e = ReadUntilError(path, 1, 2, 22);
        Assert.Contains("6 atoms but frame 1 has 7", e.Message);

        // blank-line separated XDATCAR: frame 3 has 2 of 3 positions
        var bl = File.ReadAllLines(Edge("pymatgen_XDATCAR_4_blankline_separated_Li2O")).ToList();
        bl.RemoveAt(18);
        path = Temp("XDATCAR_blank", string.Join('\n', bl));
        e = ReadUntilError(path, 2, 3, 19);
        Assert.Contains("after 2 of 3 atom positions", e.Message);
    }

    [Fact]
    public void NonNumericCoordinate()
    {
        string path = Temp("XDATCAR", XdatcarText(3, 4, (f, a) => f == 1 && a == 2 ? "0.1 abc 0.3" : "0.1 0.2 0.3"));
        var e = ReadUntilError(path, 1, 2, 7 + 5 + 1 + 3);
        Assert.Contains("'abc'", e.Message);

        const string lat = "Lattice=\"4 0 0 0 4 0 0 0 4\"";
        path = Temp("t.extxyz", $"1\n{lat}\nLi 0 0 0\n1\n{lat}\nLi 0 0 1,5\n");
        e = ReadUntilError(path, 1, 2, 6);
        Assert.Contains("'1,5'", e.Message);

        string dump = WriteDump(new Box(0, 5, 0, 5, 0, 5, 0, 0, 0), "x y z", 3, out _);
        var dl = dump.Split('\n');
        dl[2 * 15 + 9 + 2] = "3 3 1.0 nan 2.0";
        path = Temp("t.lammpstrj", string.Join('\n', dl));
        e = ReadUntilError(path, 2, 3, 2 * 15 + 9 + 3, new TrajectoryOptions(LiInCl));
        Assert.Contains("'nan'", e.Message);
    }

    [Fact]
    public void WrongSpeciesOrTypeMap()
    {
        // type 3 missing from the map: found in frame 1
        string dump = WriteDump(new Box(0, 5, 0, 5, 0, 5, 0, 0, 0), "x y z", 2, out _);
        string path = Temp("t.lammpstrj", dump);
        var e = Assert.Throws<InputException>(() => TrajectoryFile.Open(path, new TrajectoryOptions(new Dictionary<int,
            string>
        { [1] = "Li", [2] = "In" })));
        Assert.Contains("atom type 3", e.Message);
        Assert.Contains("frame 1, line", e.Message);

        // no map at all
        e = Assert.Throws<InputException>(() => TrajectoryFile.Open(path));
        Assert.Contains(InputException.Ref(InputParameter.Types), e.Problem);

        // a new type appears in frame 2 only: frame 1 is read first
        var dl = dump.Split('\n');
        int row = Array.FindIndex(dl, 15, l => l.StartsWith("1 "));
        dl[row] = "1 4 " + string.Join(' ', dl[row].Split(' ').Skip(2));
        path = Temp("t.lammpstrj", string.Join('\n', dl));
        e = ReadUntilError(path, 1, 2, row + 1, new TrajectoryOptions(LiInCl));
        Assert.Contains("atom type 4", e.Message);

        // element changes between frames / unknown element in extended XYZ
        const string lat = "Lattice=\"4 0 0 0 4 0 0 0 4\"";
        path = Temp("t.extxyz", $"1\n{lat}\nLi 0 0 0\n1\n{lat}\nXx 0 0 0\n");
        e = ReadUntilError(path, 1, 2, 6);
        Assert.Contains("unknown element 'Xx'", e.Message);
        path = Temp("t.extxyz", $"1\n{lat}\nLi 0 0 0\n1\n{lat}\nNa 0 0 0\n");
        e = ReadUntilError(path, 1, 2, 6);
        Assert.Contains("Na here but Li in frame 1", e.Message);

        // the data file with an incomplete type map
        string data = Edge("GEMDAT_Li3InCl6_triclinic_lammps_data.txt");
        e = Assert.Throws<InputException>(() => TrajectoryFile.Open(data, new TrajectoryOptions(new Dictionary<int,
            string>
        { [1] = "Li", [3] = "Cl" })));
        Assert.Contains("atom type 2", e.Message);
        Assert.Contains("frame 1, line 24:", e.Message); // first atom of type 2 (id 73)

        // unknown element in an XDATCAR header
        path = Temp("XDATCAR", "t\n1\n1 0 0\n0 1 0\n0 0 1\nQq\n1\nDirect\n0 0 0\n");
        e = Assert.Throws<InputException>(() => TrajectoryFile.Open(path));
        Assert.Contains("frame 1, line 6:", e.Message);
        Assert.Contains("'Qq'", e.Message);
    }

    [Fact]
    public void UnreadableInputIsInputException()
    {
        var e = Assert.Throws<InputException>(() => TrajectoryFile.Open("/nonexistent/XDATCAR"));
        Assert.Contains("no such file", e.Message);
        string path = Temp("XDATCAR.gz", "this is not gzip data at all, but long enough to be read as a block of something");
        Assert.Throws<InputException>(() =>
        {
            using var r = TrajectoryFile.Open(path);
            while (r.TryRead(out _))
            { }
        });
        path = Temp("mystery.txt", "hello\nworld\n");
        e = Assert.Throws<InputException>(() => TrajectoryFile.Open(path));
        Assert.Contains("format", e.Message);
        path = Temp("empty.extxyz", "");
        Assert.Throws<InputException>(() => TrajectoryFile.Open(path));
    }

    [Fact]
    public void SniffsFormatWithoutTellingName()
    {
        string dump = WriteDump(new Box(0, 5, 0, 5, 0, 5, 0, 0, 0), "x y z", 1, out _);
        Assert.Equal(TrajectoryFormat.LammpsDump, TrajectoryFile.DetectFormat(Temp("a.txt", dump)));
        Assert.Equal(TrajectoryFormat.Xdatcar, TrajectoryFile.DetectFormat(Temp("a.txt", XdatcarText(1, 2))));
        Assert.Equal(TrajectoryFormat.LammpsData, TrajectoryFile.DetectFormat(Temp("a.txt",
            File.ReadAllText(Edge("GEMDAT_Li3InCl6_triclinic_lammps_data.txt")))));
        Assert.Equal(TrajectoryFormat.ExtXyz, TrajectoryFile.DetectFormat(Temp("a.xyz", "1\nLattice=\"4 0 0 0 4 0 0 0 4\"\nLi 0 0 0\n")));
        // explicit override
        using var r = TrajectoryFile.Open(Temp("weird.name", XdatcarText(2, 2)), format: TrajectoryFormat.Xdatcar);
        Assert.Equal(2, ReadAll(r).Count);
    }

    // ---------- streaming ----------

    /// <summary>An XDATCAR generated line by line on demand: nothing of it is ever held as a whole.</summary>
    private sealed class GeneratedXdatcar(int frames, int atoms) : TextReader
    {
        private int _line = -1;
        private readonly int _perFrame = atoms + 1;

        public override string? ReadLine()
        {
            _line++;
            if (_line < 7)
                return _line switch
                {
                    0 => "generated",
                    1 => "1.0",
                    2 => "10.0 0.0 0.0",
                    3 => "0.0 10.0 0.0",
                    4 => "0.0 0.0 10.0",
                    5 => "Li O",
                    _ => FormattableString.Invariant($"{atoms - 2} 2"),
                };
            int k = _line - 7, f = k / _perFrame, a = k % _perFrame;
            if (f >= frames)
                return null;
            if (a == 0)
                return FormattableString.Invariant($"Direct configuration= {f + 1}");
            return FormattableString.Invariant($"  0.{(f * 7 + a) % 1000:D3}00000  0.{a:D3}00000  0.{f % 1000:D3}00000");
        }

        public override int Peek() => throw new NotSupportedException();
        public override int Read() => throw new NotSupportedException();
    }

    [Fact]
    public void StreamsHundredThousandFramesInBoundedMemory()
    {
        const int frames = 100_000, atoms = 8;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var r = new XdatcarReader(new GeneratedXdatcar(frames, atoms), "generated");
        int count = 0;
        double sum = 0;
        // One frame in 10,000 (never the last) through a weak reference: once read, it must be collectable. (A process-wide
        // heap measurement was flaky: other tests allocate in parallel.)
        var seen = new List<WeakReference<GpuBv.Trajectory.Frame>>();
        while (r.TryRead(out var f))
        {
            count++;
            sum += f.Fractional[3 * 7 + 2];
            if (count % 10_000 == 5_000)
            {
                seen.Add(new WeakReference<GpuBv.Trajectory.Frame>(f));
            }
        }
        sw.Stop();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.KeepAlive(r);
        Assert.Equal(frames, count);
        Assert.Equal(frames, r.FramesRead);
        Assert.True(sum > 0);
        Assert.Equal(10, seen.Count);
        Assert.All(seen, w => Assert.False(w.TryGetTarget(out _), "a read frame is still held"));
        Assert.True(sw.Elapsed.TotalSeconds < 10, $"took {sw.Elapsed.TotalSeconds:F1} s");

        // the reader holds no per-frame collection
        foreach (var field in typeof(XdatcarReader).GetFields(System.Reflection.BindingFlags.Instance |
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public))
            Assert.False(typeof(System.Collections.IEnumerable).IsAssignableFrom(field.FieldType) && field.FieldType != typeof(string)
                && !field.FieldType.IsArray, $"field {field.Name} is a collection");
    }

    [Fact]
    public void StreamingFileReadersKeepNoFrames()
    {
        // a 20 000-frame LAMMPS dump and extended XYZ written to disk, read through TrajectoryFile
        string dump = Temp("big.lammpstrj", WriteDump(new Box(0, 5, 0, 5, 0, 5, 1, 0, 0), "xu yu zu", 20_000, out _));
        var sb = new StringBuilder();
        for (int f = 0; f < 20_000; f++)
            sb.Append(Inv, $"2\nLattice=\"4 0 0 1 4 0 0 0 4\" Properties=species:S:1:pos:R:3\nLi {f * 0.001:R} 0 0\nO 2 2 2\n");
        string ext = Temp("big.extxyz", sb.ToString());
        foreach (var path in new[] { dump, ext })
        {
            using var r = TrajectoryFile.Open(path, new TrajectoryOptions(LiInCl));
            int n = 0;
            Lattice? first = null;
            // One frame in 1000 (never the last) through a weak reference: once read, it must be collectable (the reader keeps none).
            // (A process-wide heap measurement here was flaky: other tests allocate in parallel.)
            var seen = new List<WeakReference<GpuBv.Trajectory.Frame>>();
            while (r.TryRead(out var f))
            {
                n++;
                first ??= f.Lattice;
                Assert.Same(first, f.Lattice);
                if (n % 1000 == 500)
                {
                    seen.Add(new WeakReference<GpuBv.Trajectory.Frame>(f));
                }
            }
            Assert.Equal(20_000, n);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.Equal(20, seen.Count);
            Assert.All(seen, w => Assert.False(w.TryGetTarget(out _), "a read frame is still held"));
            GC.KeepAlive(r);
        }
    }
}
