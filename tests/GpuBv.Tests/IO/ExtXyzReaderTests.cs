using GpuBv.Crystal;
using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.IO;

public sealed class ExtXyzReaderTests
{
    private const string Name = "test.extxyz";

    private static Structure Read(string text) => ExtXyzReader.Read(new StringReader(text), Name);

    private static void AssertClose(Vec3 expected, Vec3 actual, double tol = 1e-10)
    {
        Assert.True(Math.Abs(expected.X - actual.X) < tol && Math.Abs(expected.Y - actual.Y) < tol
            && Math.Abs(expected.Z - actual.Z) < tol, $"expected {expected}, got {actual}");
    }

    private const string Simple = """
        3
        Lattice="4.0 0.0 0.0 0.0 5.0 0.0 0.0 0.0 6.0" Properties=species:S:1:pos:R:3 pbc="T T T"
        Li 0.0 0.0 0.0
        Li 2.0 2.5 3.0
        O  1.0 2.5 4.5
        """;

    [Fact]
    public void ReadsFirstFrameOfLiBF4Trajectory()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", "trajectories", "LiBF4comp_first_frame.extxyz");
        var s = StructureReader.ReadFile(path, StructureFormat.ExtXyz);

        Assert.Equal(18, s.Sites.Length);
        var comp = s.Composition();
        Assert.Equal(3, comp.Count);
        Assert.Equal(3.0, comp["Li"], 12);
        Assert.Equal(3.0, comp["B"], 12);
        Assert.Equal(12.0, comp["F"], 12);
        Assert.Equal(path, s.Source);
        Assert.Equal("P 1", s.SpaceGroup);
        Assert.Empty(s.Warnings);

        // Near-hexagonal cell as written in the file: gamma = acos(bx / |b|), about 60 degrees.
        AssertClose(new Vec3(4.73333213, 0, 0), s.Lattice.A);
        AssertClose(new Vec3(2.36666607, 4.10115034, 0), s.Lattice.B);
        AssertClose(new Vec3(0, 0, 10.83966193), s.Lattice.C);
        double lengthB = Math.Sqrt(2.36666607 * 2.36666607 + 4.10115034 * 4.10115034);
        Assert.Equal(Math.Acos(2.36666607 / lengthB) * 180 / Math.PI, s.Lattice.Gamma, 10);
        Assert.InRange(s.Lattice.Gamma, 59.9, 60.1);
        Assert.Equal(4.73333213 * 4.10115034 * 10.83966193, s.Lattice.Volume, 8);

        // Li1 at Cartesian (-0.0030984350, 2.0310100646, 6.9412183484): by hand, fb = y/by, fa = (x - fb·bx)/ax.
        double fb = 2.0310100646 / 4.10115034;
        double fa = (-0.0030984350 - fb * 2.36666607) / 4.73333213;
        double fc = 6.9412183484 / 10.83966193;
        AssertClose(new Vec3(fa - Math.Floor(fa), fb, fc), s.Sites[0].Fractional, 1e-12);
        Assert.Equal("Li1", s.Sites[0].Label);
        Assert.Equal("B1", s.Sites[3].Label);
        Assert.Equal("F12", s.Sites[17].Label);
        Assert.All(s.Sites, site => Assert.True(site.IsOrdered));
    }

    [Fact]
    public void ReadsSimpleFrame()
    {
        var s = Read(Simple);
        Assert.Equal(new[] { "Li1", "Li2", "O1" }, s.Sites.Select(x => x.Label));
        AssertClose(new Vec3(0.5, 0.5, 0.5), s.Sites[1].Fractional);
        AssertClose(new Vec3(0.25, 0.5, 0.75), s.Sites[2].Fractional);
        Assert.Equal(120.0, s.Lattice.Volume, 10);
    }

    [Fact]
    public void OnlyTheFirstFrameIsRead()
    {
        var s = Read(Simple + "\n2\nLattice=\"1 0 0 0 1 0 0 0 1\"\nXx 0 0 0\n");
        Assert.Equal(3, s.Sites.Length);
    }

    [Fact]
    public void PropertiesLocateColumnsInAnyOrder()
    {
        var s = Read("""
            2
            energy=-12.5 Properties=id:I:1:pos:R:3:forces:R:3:species:S:1 Lattice="2 0 0 0 2 0 1 0 2" comment="a b c" is_relaxed
            1 1.0 0.5 0.2 0.1 0.1 0.1 Na
            2 2.0 1.0 1.0 -0.1 0 0 Cl
            """);
        Assert.Equal(new[] { "Na", "Cl" }, s.Sites.Select(x => x.Species[0].Element));
        // Na: r = (1.0, 0.5, 0.2) = fa·(2,0,0) + fb·(0,2,0) + fc·(1,0,2) → fc = 0.1, fb = 0.25, fa = 0.45.
        AssertClose(new Vec3(0.45, 0.25, 0.1), s.Sites[0].Fractional);
        AssertClose(new Vec3(0.75, 0.5, 0.5), s.Sites[1].Fractional);
        Assert.Equal("a b c", s.Title);
    }

    [Fact]
    public void DefaultPropertiesAndAtomicNumbers()
    {
        var noProps = Read("""
            1
            Lattice="3 0 0 0 3 0 0 0 3"
            Mg 1.5 1.5 1.5
            """);
        Assert.Equal("Mg", noProps.Sites[0].Species[0].Element);
        AssertClose(new Vec3(0.5, 0.5, 0.5), noProps.Sites[0].Fractional);

        var byZ = Read("""
            1
            Lattice="3 0 0 0 3 0 0 0 3" Properties=Z:I:1:pos:R:3
            12 1.5 0.0 0.0
            """);
        Assert.Equal("Mg", byZ.Sites[0].Species[0].Element);
    }

    [Fact]
    public void BracketedLatticeAndNonPeriodicWarning()
    {
        var s = Read("""
            1
            Lattice=[[3, 0, 0], [0, 3, 0], [0, 0, 3]] pbc="T T F"
            Mg 1.5 1.5 1.5
            """);
        Assert.Equal(27.0, s.Lattice.Volume, 10);
        Assert.Single(s.Warnings);
    }

    public static TheoryData<string, int, string> BadInputs() => new()
    {
        { "", 1, "empty" },
        { "three\n", 1, "expected the number of atoms, found 'three'" },
        { "-2\n", 1, "must be positive" },
        { "3\n", 2, "file ends" },
        { Simple.Replace("Lattice=\"4.0 0.0 0.0 0.0 5.0 0.0 0.0 0.0 6.0\" ", ""), 2, "no Lattice" },
        { Simple.Replace("Lattice=\"4.0 0.0 0.0 0.0 5.0 0.0 0.0 0.0 6.0\" ", ""), 2, "periodic cell is required" },
        { Simple.Replace("4.0 0.0 0.0 0.0 5.0", "4.0 0.0 0.0 5.0"), 2, "9 numbers" },
        { Simple.Replace("0.0 0.0 6.0\"", "0.0 0.0 q\""), 2, "'q' is not a number" },
        { Simple.Replace("0.0 0.0 6.0\"", "4.0 0.0 0.0\""), 2, "zero cell volume" },
        { Simple.Replace("Lattice=\"4.0", "Lattice=\"4.0 0"), 2, "9 numbers" },
        { Simple.Replace("pbc=\"T T T\"", "pbc=\"T T T"), 2, "unterminated quote" },
        { Simple.Replace("species:S:1:pos:R:3", "species:S:1:forces:R:3"), 2, "no pos column" },
        { Simple.Replace("species:S:1:pos:R:3", "species:S:1:pos:R"), 2, "name:type:columns" },
        { Simple.Replace("species:S:1:pos:R:3", "species:S:1:pos:R:x"), 2, "column count 'x'" },
        { Simple.Replace("species:S:1:pos:R:3", "species:S:1:pos:R:2"), 2, "pos:R:3" },
        { Simple.Replace("species:S:1:pos:R:3", "pos:R:3"), 2, "no species column" },
        { Simple.Replace("O  1.0", "Xx 1.0"), 5, "unknown element 'Xx'" },
        { Simple.Replace("Li 2.0 2.5 3.0", "Li 2.0 abc 3.0"), 4, "'abc' is not a number" },
        { Simple.Replace("Li 2.0 2.5 3.0", "Li 2.0 2.5"), 4, "expected 4 columns" },
        { Simple.Replace("\nO  1.0 2.5 4.5", ""), 5, "file ends after 2 of 3 atom lines" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputGivesInputExceptionWithFileAndLine(string text, int line, string problem)
    {
        var e = Assert.Throws<InputException>(() => Read(text));
        Assert.Contains(Name, e.Message);
        Assert.Contains($"line {line}:", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Equal($"line {line}", e.Place);
    }

    [Fact]
    public void EveryTruncationOrCorruptionGivesOnlyInputException()
    {
        string text = """
            2
            Lattice="3 0 0 1 3 0 0 0 3" Properties=species:S:1:pos:R:3:Z:I:1 a="x y" b=[1, 2] pbc="T T T"
            Mg 1.5 1.5 1.5 12
            O 0.0 0.0 0.0 8
            """;
        for (int len = 0; len <= text.Length; len++)
        {
            try
            {
                Read(text[..len]);
            }
            catch (InputException) { }
        }
        for (int i = 0; i < text.Length; i++)
            foreach (char ch in "x-\n.9 =\":[")
            {
                try
                {
                    Read(text[..i] + ch + text[(i + 1)..]);
                }
                catch (InputException) { }
            }
    }

    [Fact]
    public void MissingFileGivesInputException()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "no-such-dir", "x.extxyz");
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path, StructureFormat.ExtXyz));
        Assert.Contains(path, e.Message);
    }
}
