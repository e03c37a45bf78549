using System.Globalization;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.IO;

public sealed class PoscarReaderTests
{
    private const string Name = "test.POSCAR";

    private static Structure Read(string text) => PoscarReader.Read(new StringReader(text), Name);

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void AssertClose(Vec3 expected, Vec3 actual, double tol = 1e-10)
    {
        Assert.True(Math.Abs(expected.X - actual.X) < tol && Math.Abs(expected.Y - actual.Y) < tol
            && Math.Abs(expected.Z - actual.Z) < tol, $"expected {expected}, got {actual}");
    }

    private const string Simple = """
        LiO test
        1.0
        4.0 0.0 0.0
        0.0 5.0 0.0
        0.0 0.0 6.0
        Li O
        2 1
        Direct
        0.0 0.0 0.0
        0.5 0.5 0.5
        0.25 0.5 0.75
        """;

    [Fact]
    public void ReadsLi3PO4File()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", "paper", "Li3PO4_gamma_mp-2878.vasp");
        var s = StructureReader.ReadFile(path, StructureFormat.Poscar);

        Assert.Equal(32, s.Sites.Length);
        Assert.Equal(32.0, s.AtomCount, 12);
        var comp = s.Composition();
        Assert.Equal(3, comp.Count);
        Assert.Equal(12.0, comp["Li"], 12);
        Assert.Equal(4.0, comp["P"], 12);
        Assert.Equal(16.0, comp["O"], 12);
        Assert.Equal(["Li", "P", "O"], s.Elements);

        AssertClose(new Vec3(4.8926448000000002, 0, 0), s.Lattice.A);
        AssertClose(new Vec3(0, 6.0707956100000002, 0), s.Lattice.B);
        AssertClose(new Vec3(0, 0, 10.4162966299999997), s.Lattice.C);
        Assert.Equal(4.8926448 * 6.07079561 * 10.41629663, s.Lattice.Volume, 6);

        Assert.Equal("P 1", s.SpaceGroup);
        Assert.Equal(path, s.Source);
        Assert.Equal("Li P  O", s.Title);
        Assert.Equal("Li1", s.Sites[0].Label);
        Assert.Equal("Li12", s.Sites[11].Label);
        Assert.Equal("P1", s.Sites[12].Label);
        Assert.Equal("O16", s.Sites[31].Label);
        AssertClose(new Vec3(0.69534509, 0.49846062, 0.16431139), s.Sites[0].Fractional);
        // 0.7499999999999999 stays (no wrap to 0); 0.8752658900 is the last O.
        AssertClose(new Vec3(0.87526589, 0.25, 0.08918165), s.Sites[31].Fractional);
        Assert.All(s.Sites, site =>
        {
            Assert.True(site.IsOrdered);
            Assert.Null(site.Species[0].OxidationState);
        });
    }

    [Fact]
    public void ReadsSimpleDirectFile()
    {
        var s = Read(Simple);
        Assert.Equal("LiO test", s.Title);
        Assert.Equal(Name, s.Source);
        Assert.Equal(["Li1", "Li2", "O1"], s.Sites.Select(x => x.Label));
        Assert.Equal(["Li", "Li", "O"], s.Sites.Select(x => x.Species[0].Element));
        AssertClose(new Vec3(0.25, 0.5, 0.75), s.Sites[2].Fractional);
        Assert.Equal(120.0, s.Lattice.Volume, 10);
    }

    [Fact]
    public void DirectAndCartesianGiveSameFractionalCoordinates()
    {
        // Non-orthogonal raw cell with a scale factor of 1.5: Cartesian coordinates are scaled too.
        double scale = 1.5;
        var a = new Vec3(3.0, 0.2, 0.1);
        var b = new Vec3(0.7, 4.0, -0.3);
        var c = new Vec3(-0.4, 0.5, 5.0);
        Vec3[] fracs = [new(0.1, 0.2, 0.3), new(0.9, 0.05, 0.45), new(0.33, 0.66, 0.99)];
        string header = $"""
            triclinic
            {F(scale)}
            {F(a.X)} {F(a.Y)} {F(a.Z)}
            {F(b.X)} {F(b.Y)} {F(b.Z)}
            {F(c.X)} {F(c.Y)} {F(c.Z)}
            Na Cl
            1 2

            """;
        string direct = header + "Direct\n" + string.Join("\n", fracs.Select(f => $"{F(f.X)} {F(f.Y)} {F(f.Z)}"));
        // Raw (unscaled) Cartesian: r = f·M with M the unscaled lattice.
        string cart = header + "Cartesian\n" + string.Join("\n", fracs.Select(f =>
        {
            var r = f.X * a + f.Y * b + f.Z * c;
            return $"{F(r.X)} {F(r.Y)} {F(r.Z)}";
        }));

        var sd = Read(direct);
        var sc = Read(cart);
        for (int i = 0; i < 3; i++)
        {
            AssertClose(fracs[i], sd.Sites[i].Fractional, 1e-12);
            AssertClose(fracs[i], sc.Sites[i].Fractional, 1e-10);
        }
        AssertClose(scale * a, sd.Lattice.A, 1e-12);
        Assert.Equal(scale * scale * scale * Vec3.Dot(a, Vec3.Cross(b, c)), sd.Lattice.Volume, 9);
    }

    [Fact]
    public void NegativeScaleIsTargetVolume()
    {
        // Raw volume 1*2*3 = 6, asked 162 → factor 3.
        var s = Read("""
            vol
            -162.0
            1 0 0
            0 2 0
            0 0 3
            Li
            1
            Cartesian
            0.5 1.0 1.5
            """);
        Assert.Equal(162.0, s.Lattice.Volume, 9);
        Assert.Equal(3.0, s.Lattice.LengthA, 12);
        Assert.Equal(6.0, s.Lattice.LengthB, 12);
        Assert.Equal(9.0, s.Lattice.LengthC, 12);
        // The Cartesian point is scaled by the same factor: it sits at the cell centre.
        AssertClose(new Vec3(0.5, 0.5, 0.5), s.Sites[0].Fractional);
    }

    [Fact]
    public void NegativeScaleWithSkewCellKeepsShape()
    {
        var s = Read("""
            vol
            -100
            2.0 0.0 0.0
            1.0 3.0 0.0
            0.5 0.5 4.0
            Si
            1
            Direct
            0 0 0
            """);
        Assert.Equal(100.0, s.Lattice.Volume, 9);
        double f = Math.Cbrt(100.0 / 24.0);
        AssertClose(new Vec3(f, 3 * f, 0), s.Lattice.B, 1e-12);
    }

    [Fact]
    public void ThreeScaleFactorsScaleCartesianAxes()
    {
        var s = Read("""
            per-axis
            2.0 3.0 4.0
            1 0 0
            0 1 0
            0.5 0 1
            O
            1
            Cartesian
            0.75 0.5 0.5
            """);
        AssertClose(new Vec3(2, 0, 0), s.Lattice.A);
        AssertClose(new Vec3(0, 3, 0), s.Lattice.B);
        AssertClose(new Vec3(1, 0, 4), s.Lattice.C);
        Assert.Equal(24.0, s.Lattice.Volume, 10);
        // Scaled point (1.5, 1.5, 2.0) = 0.5 a + 0.5 b + 0.5 c.
        AssertClose(new Vec3(0.5, 0.5, 0.5), s.Sites[0].Fractional);
    }

    [Fact]
    public void SelectiveDynamicsLineAndFlagsAreSkipped()
    {
        var s = Read("""
            sd
            1.0
            4 0 0
            0 4 0
            0 0 4
            Li O
            1 2
            Selective dynamics
            Direct
            0.1 0.2 0.3 T T F
            0.4 0.5 0.6 F F F ! comment
            0.7 0.8 0.9 T F T O3
            """);
        Assert.Equal(3, s.Sites.Length);
        AssertClose(new Vec3(0.1, 0.2, 0.3), s.Sites[0].Fractional);
        AssertClose(new Vec3(0.4, 0.5, 0.6), s.Sites[1].Fractional);
        AssertClose(new Vec3(0.7, 0.8, 0.9), s.Sites[2].Fractional);

        var lower = Read(Simple.Replace("Direct", "selective\ndirect"));
        AssertClose(new Vec3(0.25, 0.5, 0.75), lower.Sites[2].Fractional);
    }

    [Fact]
    public void Vasp4UsesCommentLineNames()
    {
        var s = Read("""
            Li O
            1.0
            4 0 0
            0 4 0
            0 0 4
            2 1
            Direct
            0 0 0
            0.5 0.5 0.5
            0.5 0 0
            """);
        Assert.Equal(["Li1", "Li2", "O1"], s.Sites.Select(x => x.Label));
        AssertClose(new Vec3(0.5, 0, 0), s.Sites[2].Fractional);
    }

    [Fact]
    public void PotcarSuffixesAreStripped()
    {
        var s = Read(Simple.Replace("Li O\n", "Li_sv O/\n"));
        Assert.Equal(["Li", "O"], s.Elements);
        var s2 = Read(Simple.Replace("Li O\n", "Li_sv/1a2b3c O_h/4d5e\n"));
        Assert.Equal(["Li", "O"], s2.Elements);
    }

    [Fact]
    public void RepeatedSpeciesContinueNumbering()
    {
        var s = Read(Simple.Replace("Li O\n2 1", "Li O Li\n1 1 1"));
        Assert.Equal(["Li1", "O1", "Li2"], s.Sites.Select(x => x.Label));
    }

    [Fact]
    public void StopsAfterPositionsIgnoringVelocities()
    {
        var s = Read(Simple + "\n\n  0.1 0.2 0.3\n  garbage that is never read\n");
        Assert.Equal(3, s.Sites.Length);
    }

    [Fact]
    public void CoordinatesAreWrappedAndFortranExponentsAccepted()
    {
        var s = Read(Simple.Replace("0.25 0.5 0.75", "-0.75 1.5D+00 0.75"));
        AssertClose(new Vec3(0.25, 0.5, 0.75), s.Sites[2].Fractional);
    }

    [Fact]
    public void Vasp4WithoutNamesIsAnError()
    {
        var e = Assert.Throws<InputException>(() => Read(Simple.Replace("Li O\n", "").Replace("LiO test", "made by hand")));
        Assert.Contains("species names are missing", e.Message);
        Assert.Contains("line 6", e.Message);
        Assert.StartsWith(Name + ": ", e.Message);
    }

    private static string DataFile(string name)
        => Path.Combine(AppContext.BaseDirectory, "Data", "structures", "poscar", name);

    [Fact]
    public void Vasp4TakesSpeciesFromSymbolsAfterCoordinatesAsPymatgenWritesThem()
    {
        string path = DataFile("Li2O_vasp4_pymatgen_symbols.POSCAR");
        var s = StructureReader.ReadFile(path, StructureFormat.Poscar);
        Assert.Equal(12, s.Sites.Length);
        Assert.Equal(["Li", "O"], s.Elements);
        Assert.Equal(8.0, s.Composition()["Li"], 12);
        Assert.Equal("Li8", s.Sites[7].Label);
        Assert.Equal("O1", s.Sites[8].Label);
        var w = Assert.Single(s.Warnings);
        Assert.StartsWith("line 6: no species line", w);
        Assert.Contains("element symbols after each atom position", w);
    }

    [Fact]
    public void Vasp4TakesSpeciesFromSymbolsAfterSelectiveDynamicsFlags()
    {
        var s = StructureReader.ReadFile(DataFile("Li2O_vasp4_selective_symbols.POSCAR"), StructureFormat.Poscar);
        Assert.Equal(["Li", "O"], s.Elements);
        Assert.Equal(4.0, s.Composition()["O"], 12);
        AssertClose(new Vec3(0.5, 0.5, 0), s.Sites[11].Fractional);
        Assert.Contains("element symbols after each atom position", Assert.Single(s.Warnings));
    }

    [Fact]
    public void Vasp4SymbolsOnEveryPositionOverrideTheCommentAndMayVaryWithinABlock()
    {
        // pymatgen reads the symbol of each line; the comment "Na Cl" is not used when every position has one.
        var s = Read("Na Cl\n1.0\n4 0 0\n0 4 0\n0 0 4\n2 1\nDirect\n0 0 0 Li\n0.5 0.5 0.5 O\n0.5 0 0 Li\n");
        Assert.Equal(["Li1", "O1", "Li2"], s.Sites.Select(x => x.Label));
    }

    [Fact]
    public void Vasp4TakesSpeciesFromAFormulaCommentProportionalToTheCounts()
    {
        var s = StructureReader.ReadFile(DataFile("LiFePO4_vasp4_formula_comment.POSCAR"), StructureFormat.Poscar);
        Assert.Equal(28, s.Sites.Length);
        Assert.Equal(["Li", "Fe", "P", "O"], s.Elements);
        Assert.Equal(16.0, s.Composition()["O"], 12);
        Assert.Equal("Fe1", s.Sites[4].Label);
        var w = Assert.Single(s.Warnings);
        Assert.StartsWith("line 6: no species line", w);
        Assert.Contains("formula 'LiFePO4' on the comment line (Li Fe P O)", w);

        // Equal counts, and a formula with spaces, read the same way.
        string fePo4 = "Fe4P4O16\n1.0\n4 0 0\n0 4 0\n0 0 4\n1 1 4\nDirect\n0 0 0\n0.5 0.5 0.5\n"
            + "0.1 0 0\n0.2 0 0\n0.3 0 0\n0.4 0 0\n";
        Assert.Equal(["Fe", "P", "O"], Read(fePo4).Elements);
        Assert.Equal(["Fe", "P", "O"], Read(fePo4.Replace("Fe4P4O16", "Fe4 P4 O16 heterosite")).Elements);
    }

    [Fact]
    public void Vasp4FormulaCommentNotProportionalToTheCountsIsTodaysError()
    {
        string path = DataFile("LiFePO4_vasp4_formula_not_proportional.POSCAR");
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path, StructureFormat.Poscar));
        Assert.Contains("species names are missing", e.Message);
        Assert.Equal("line 6", e.Place);
        Assert.Equal(path, e.File);

        // A formula naming fewer elements than the counts line, and symbols on only some positions: refused too.
        Assert.Throws<InputException>(() => Read("LiO\n1.0\n4 0 0\n0 4 0\n0 0 4\n1 1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n0.1 0 0\n"));
        Assert.Throws<InputException>(() => Read("x\n1.0\n4 0 0\n0 4 0\n0 0 4\n1 1\nDirect\n0 0 0 Li\n0.5 0.5 0.5\n"));
    }

    public static TheoryData<string, int, string> BadInputs() => new()
    {
        { "", 1, "empty" },
        { "title only\n", 2, "scale factor" },
        { Simple.Replace("1.0\n4.0", "abc\n4.0"), 2, "expected the scale factor, found 'abc'" },
        { Simple.Replace("1.0\n4.0", "0.0\n4.0"), 2, "scale factor is zero" },
        { Simple.Replace("1.0\n4.0", "1 -2 3\n4.0"), 2, "must all be positive" },
        { Simple.Replace("0.0 5.0 0.0", "0.0 5.0"), 4, "expected 3 numbers for lattice vector b" },
        { Simple.Replace("4.0 0.0 0.0", "4.0 x 0.0"), 3, "expected 3 numbers for lattice vector a, found 'x'" },
        { Simple.Replace("0.0 0.0 6.0", "0.0 0.0 NaN"), 5, "lattice vector c" },
        { Simple.Replace("0.0 0.0 6.0", "8.0 0.0 0.0"), 5, "zero cell volume" },
        { Simple.Replace("0.0 0.0 6.0", "0.0 0.0 0.0"), 5, "zero cell volume" },
        { Simple.Replace("Li O\n", "Li Xx\n"), 6, "unknown element 'Xx'" },
        { Simple.Replace("Li O\n2 1", "Li O Li\n2 1"), 7, "species line has 3 names but counts line has 2 numbers" },
        { Simple.Replace("2 1\n", "2 -1\n"), 7, "negative atom count" },
        { Simple.Replace("2 1\n", "2 1.5\n"), 7, "whole number" },
        { Simple.Replace("2 1\n", "two one\n"), 7, "atom counts" },
        { Simple.Replace("2 1\n", "0 0\n"), 7, "zero atoms" },
        { Simple.Replace("Direct", "Fractional"), 8, "expected 'Direct' or 'Cartesian'" },
        { Simple.Replace("Direct\n", ""), 8, "expected 'Direct' or 'Cartesian'" },
        { Simple.Replace("0.5 0.5 0.5", "0.5 0.5 abc"), 10, "atom position 2 of 3" },
        { Simple.Replace("0.5 0.5 0.5", "0.5 0.5"), 10, "expected 3 numbers for atom position 2 of 3" },
        { Simple.Replace("\n0.25 0.5 0.75", ""), 11, "file ends after 2 of 3 atom positions" },
        { string.Join("\n", Simple.Split('\n').Take(7)), 8, "file ends before" },
        { "c\n1.0\n1 0 0\n0 1 0\n0 0 1\nLi O\n3 5\nDirect\n0 0 0\n0 0 0.1\n0 0 0.2\n0 0 0.3\n0 0 0.4\n", 14,
            "file ends after 5 of 8 atom positions" },
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
        Assert.Equal(Name, e.File);
    }

    [Fact]
    public void EveryTruncationOrCorruptionGivesOnlyInputException()
    {
        string text = """
            Na Cl
            -179.4
            1 0.1 0
            0 1 0
            0.2 0 1
            Na_pv Cl
            2 2
            Sel
            Cart
            0 0 0 T T T
            0.5 0.5 0 F F F
            0.5 0 0.5 T T T
            0 0.5 0.5 F T F
            """;
        for (int len = 0; len <= text.Length; len++)
        {
            string t = text[..len];
            try
            {
                Read(t);
            }
            catch (InputException) { }
        }
        // Replace each character by a few troublemakers.
        for (int i = 0; i < text.Length; i++)
            foreach (char ch in "x-\n.9 e/")
            {
                string t = text[..i] + ch + text[(i + 1)..];
                try
                {
                    Read(t);
                }
                catch (InputException) { }
            }
    }

    [Fact]
    public void MissingFileGivesInputException()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "no-such-dir", "POSCAR");
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path, StructureFormat.Poscar));
        Assert.Contains(path, e.Message);
    }
}
