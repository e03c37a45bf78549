using System.IO.Compression;
using GpuBv.Symmetry;
using Xunit;

namespace GpuBv.Tests.Symmetry;

/// <summary>spglib's operator lists per Hall number (tests/GpuBv.Tests/Data/symmetry/spglib_operators.tsv.gz).</summary>
internal static class SpglibOperators
{
    private static readonly Lazy<IReadOnlyDictionary<int, SymOp[]>> Table = new(Load);

    public static IReadOnlyDictionary<int, SymOp[]> ByHallNumber => Table.Value;

    private static IReadOnlyDictionary<int, SymOp[]> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", "symmetry", "spglib_operators.tsv.gz");
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var d = new Dictionary<int, SymOp[]>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var parts = line.Split('\t');
            d.Add(int.Parse(parts[0]), parts[1].Split(';').Select(SymOp.Parse).ToArray());
        }
        return d;
    }
}

public class HallSymbolTests
{
    [Fact]
    public void FixtureCoversAll530Settings()
    {
        Assert.Equal(530, SpglibOperators.ByHallNumber.Count);
        Assert.Equal(Enumerable.Range(1, 530), SpglibOperators.ByHallNumber.Keys.Order());
    }

    [Fact]
    public void ParserMatchesSpglibForAll530Settings()
    {
        var failures = new List<string>();
        foreach (var s in SpaceGroupTable.All)
        {
            var expected = SpglibOperators.ByHallNumber[s.HallNumber];
            var actual = HallSymbol.Expand(s.Hall);
            if (actual.Count != expected.Length || !new HashSet<SymOp>(actual).SetEquals(expected))
                failures.Add($"{s.HallNumber} '{s.Hall}': parser {actual.Count} ops, spglib {expected.Length}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("P 1", 1)]
    [InlineData("-P 1", 2)]
    [InlineData("-P 2ybc", 4)]
    [InlineData("P 2yb", 2)]
    [InlineData("-F 4 2 3", 192)]
    [InlineData("F 4d 2 3 -1d", 192)]
    [InlineData("-R 3 2\"c", 36)]
    [InlineData("P 61 2 (0 0 -1)", 12)]
    [InlineData("-P 4a 2bc", 16)]
    [InlineData("-I 4bd 2c 3", 96)]
    [InlineData("-P 6c 2c", 24)]
    [InlineData("-P 3* 2n", 12)]
    [InlineData("P 3*", 3)]
    [InlineData("-F 4vw 2vw 3", 192)]
    [InlineData("R 3", 9)]
    [InlineData("S 3x", 9)]
    [InlineData("T 3x", 9)]
    public void ExpandsToGroupOfExpectedOrder(string hall, int order)
    {
        var ops = HallSymbol.Expand(hall);
        Assert.Equal(order, ops.Count);
        Assert.Equal(SymOp.Identity, ops[0]);
        Assert.Equal(order, ops.Distinct().Count());
        AssertIsGroup(ops);
    }

    [Theory]
    [InlineData("-P 2ybc", "-P2ybc")]
    [InlineData("-P 2ybc", "  -P   2ybc  ")]
    [InlineData("-P 2ybc", "- P 2ybc")]
    [InlineData("-P 2ybc", "-p 2YBC")]
    [InlineData("-P 2ybc", "-P_2ybc")]
    [InlineData("-P 2ybc", "-P 2ycb")]
    [InlineData("P 2yb", "P2yb")]
    [InlineData("F 4d 2 3 -1d", "F 4d 2 3-1d")]
    [InlineData("F 4d 2 3 -1d", "F\t4d 2 3 -1d")]
    [InlineData("P 61 2 (0 0 -1)", "P 61 2(0 0 -1)")]
    [InlineData("P 61 2 (0 0 -1)", "P 61 2 ( 0  0 -1 )")]
    [InlineData("P 61 2 (0 0 -1)", "P 61 2 (0 0 11)")]
    [InlineData("P 61 2 (0 0 -1)", "P 61 2 (x,y,z-1/12)")]
    [InlineData("P 31 2c (0 0 1)", "P 31 2c (x,y,z+1/12)")]
    [InlineData("-R 3 2\"c", "-r 3 2\"C")]
    [InlineData("-P 4a 2bc", "-P 4a 2xbc")]
    [InlineData("P 3 2", "P 3 2'")]
    [InlineData("-F 4 2 3", "-F 4z 2x 3*")]
    public void SpellingVariantsGiveTheSameGroup(string reference, string variant)
    {
        var a = HallSymbol.Expand(reference);
        var b = HallSymbol.Expand(variant);
        Assert.True(new HashSet<SymOp>(a).SetEquals(b), $"'{variant}' differs from '{reference}'");
    }

    [Theory]
    [InlineData("-p2ybc", "-P 2ybc")]
    [InlineData(" P  61  2(0  0 -1) ", "P 61 2 (0 0 -1)")]
    [InlineData("F 4d 2 3-1d", "F 4d 2 3 -1d")]
    [InlineData("-P 4cvw 2vw 3", "-P 4cvw 2vw 3")]
    [InlineData("-R 3 2\"c", "-R 3 2\"c")]
    [InlineData("P 4wc", "P 4cw")]
    [InlineData("-P 4a 2xbc", "-P 4a 2bc")]
    [InlineData("-F 4z 2x 3*", "-F 4 2 3")]
    [InlineData("P 3 2'", "P 3 2")]
    [InlineData("P 3 2\"", "P 3 2\"")]
    [InlineData("P 2x 2", "P 2x 2")]
    [InlineData("P 2xa", "P 2xa")]
    public void NormalizeGivesCanonicalSpelling(string input, string expected) =>
        Assert.Equal(expected, HallSymbol.Normalize(input));

    [Fact]
    public void P21cOperatorsAreThoseOfInternationalTables()
    {
        // ITA, space group 14, unique axis b, cell choice 1.
        var expected = new[] { "x,y,z", "-x,y+1/2,-z+1/2", "-x,-y,-z", "x,-y+1/2,z+1/2" }.Select(SymOp.Parse);
        Assert.True(new HashSet<SymOp>(HallSymbol.Expand("-P 2ybc")).SetEquals(expected));
    }

    [Fact]
    public void PnmaOperatorsAreThoseOfInternationalTables()
    {
        var expected = new[]
        {
            "x,y,z", "-x+1/2,-y,z+1/2", "-x,y+1/2,-z", "x+1/2,-y+1/2,-z+1/2",
            "-x,-y,-z", "x+1/2,y,-z+1/2", "x,-y+1/2,z", "-x+1/2,y+1/2,z+1/2",
        }.Select(SymOp.Parse);
        Assert.True(new HashSet<SymOp>(HallSymbol.Expand("-P 2ac 2n")).SetEquals(expected));
    }

    [Fact]
    public void HexagonalScrewWithShiftMatchesInternationalTables()
    {
        // P 6_1 2 2 (178), coordinates (2), (6), (7), (8) as listed in International Tables A.
        var ops = HallSymbol.Expand("P 61 2 (0 0 -1)");
        Assert.Contains(SymOp.Parse("-y,x-y,z+1/3"), ops);
        Assert.Contains(SymOp.Parse("x-y,x,z+1/6"), ops);
        Assert.Contains(SymOp.Parse("y,x,-z+1/3"), ops);
        Assert.Contains(SymOp.Parse("x-y,-y,-z"), ops);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Q 2")]
    [InlineData("P")]
    [InlineData("-")]
    [InlineData("P 5")]
    [InlineData("P 2q")]
    [InlineData("P x2")]
    [InlineData("P 2 2 2 2 2")]
    [InlineData("P 2 2 2")]
    [InlineData("P 3 3")]
    [InlineData("P 4*")]
    [InlineData("P 3'")]
    [InlineData("P 311")]
    [InlineData("P 33")]
    [InlineData("P 2xy")]
    [InlineData("P 2aa")]
    [InlineData("P 3*x")]
    [InlineData("P 2 (0 0 1")]
    [InlineData("P 2 0 0 1)")]
    [InlineData("P 2 (0 0 1) x")]
    [InlineData("P 2 (a b c)")]
    [InlineData("P 2 (0 0)")]
    [InlineData("P 2 ()")]
    [InlineData("P 2 (2x,y,z)")]
    [InlineData("P 2 (x,y)")]
    [InlineData("P -")]
    [InlineData("R 4")]
    [InlineData("S 3")]
    [InlineData("P 1a")]
    [InlineData("P 3 4x")]
    public void MalformedSymbolsThrowFormatException(string hall)
    {
        var e = Assert.Throws<FormatException>(() => HallSymbol.Expand(hall));
        Assert.Contains("Hall symbol", e.Message);
        Assert.False(HallSymbol.TryExpand(hall, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void ExpandCachesAndReturnsReadOnlyList()
    {
        var a = HallSymbol.Expand("-P 4 2 3");
        var b = HallSymbol.Expand("-P 4 2 3");
        Assert.Same(a, b);
        Assert.False(a is SymOp[]);
    }

    [Fact]
    public void TranslationsAreReducedIntoUnitInterval()
    {
        foreach (var s in SpaceGroupTable.All)
            foreach (var op in s.Operators)
            {
                var t = op.Translation;
                Assert.True(t.X is >= 0 and < 1 && t.Y is >= 0 and < 1 && t.Z is >= 0 and < 1, $"{s.Hall}: {op}");
            }
    }

    internal static void AssertIsGroup(IReadOnlyList<SymOp> ops)
    {
        var set = new HashSet<SymOp>(ops);
        Assert.Contains(SymOp.Identity, set);
        foreach (var a in ops)
        {
            Assert.True(ops.Any(b => a.Compose(b) == SymOp.Identity), $"no inverse of {a}");
            foreach (var b in ops)
                Assert.True(set.Contains(a.Compose(b)), $"{a} ∘ {b} is not in the set");
        }
    }
}
