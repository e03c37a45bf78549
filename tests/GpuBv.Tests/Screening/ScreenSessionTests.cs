using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Screening;
using Xunit;

namespace GpuBv.Tests.Screening;

/// <summary>
/// The screen session and the shard merge as Core calls (no command line): one row per structure in input order,
/// resume skips what the journal holds, an earlier journal is refused without resume, merge reports duplicates and
/// structures missing from the manifests; row messages name parameters the way the caller renders them.
/// </summary>
public sealed class ScreenSessionTests
{
    private static readonly string[] Three = [TestData.Structure("LiF.cif"), TestData.Structure("Li2O.cif"),
        TestData.Structure("NaCl_halite_COD.cif")];

    private static string TempOutput(string name = "res.csv")
        => Path.Combine(Path.GetDirectoryName(TestData.TempFile("x", ""))!, "out", name);

    private static ScreenOptions Options(Func<InputException, string>? describe = null)
        => new(MobileIon.Parse("Li+"), Resolution: 0.4, Jobs: 2, Describe: describe);

    [Fact]
    public void ASessionGivesOneRowPerStructureInInputOrder()
    {
        var output = TempOutput();
        var session = ScreenSession.Open(Three, output, Shard.All, resume: false);
        Assert.Equal(3, session.Remaining);
        Assert.Equal(Three.Select(p => p.Replace('\\', '/')), File.ReadAllLines(session.ManifestPath));
        using var compute = FallbackComputeProvider.Cpu(1);
        Assert.Equal(3, session.Run(Options(), compute, cancel: TestContext.Current.CancellationToken));
        var summary = session.Finish(coupling: false);
        Assert.Equal(session.Items.Select(i => i.Name), summary.Rows.Select(r => r.File));
        Assert.Equal([ScreenStatus.Ok, ScreenStatus.Ok, ScreenStatus.Skipped], summary.Rows.Select(r => r.Status));
        Assert.Equal((2, 1, 0, 0), (summary.Ok, summary.Skipped, summary.Errors, summary.Timeouts));
        Assert.Equal(3, ResultTable.ReadCsv(output).Count);
        Assert.Equal(summary.Rows.Select(r => r.Status), ResultTable.ReadParquet(session.ParquetPath).Select(r => r.Status));
        Assert.Contains("\"status\":\"skipped\"", File.ReadAllText(session.JournalPath), StringComparison.Ordinal);
        Assert.Contains(",skipped,", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void StatusesAndModesAreSpelledAsBefore()
    {
        Assert.Equal(["ok", "skipped", "error", "timeout"], Enum.GetValues<ScreenStatus>().Select(OutputName.Of));
        Assert.Equal(["rotate", "vibrate", "none"], Enum.GetValues<GpuBv.Groups.CouplingMode>().Select(OutputName.Of));
        Assert.Equal(["local", "global"], Enum.GetValues<GpuBv.Groups.RotationGrid>().Select(OutputName.Of));
        Assert.Equal("\"timeout\"", System.Text.Json.JsonSerializer.Serialize(ScreenStatus.Timeout));
        Assert.Equal(ScreenStatus.Timeout, ScreenRow.ParseStatus("timeout"));
        Assert.Equal(GpuBv.Groups.CouplingMode.Vibrate, ScreenRow.ParseMode("vibrate"));
    }

    [Fact]
    public void ResumeSkipsWhatTheJournalHoldsAndAnEarlierJournalIsRefusedWithoutIt()
    {
        var output = TempOutput();
        using var compute = FallbackComputeProvider.Cpu(1);
        var first = ScreenSession.Open(Three[..2], output, Shard.All, resume: false);
        var cancel = TestContext.Current.CancellationToken;
        first.Run(Options(), compute, cancel: cancel);
        first.Finish(false);

        var e = Assert.Throws<InputException>(() => ScreenSession.Open(Three, output, Shard.All, resume: false));
        Assert.Equal(ResultJournal.PathFor(output), e.File);
        Assert.Contains("pass <Resume> to continue it", e.Render(p => $"<{p}>"), StringComparison.Ordinal);

        var again = ScreenSession.Open(Three, output, Shard.All, resume: true);
        Assert.Equal(2, again.Done.Count);
        Assert.Equal(1, again.Remaining);
        Assert.Equal(1, again.Run(Options(), compute, cancel: cancel));
        Assert.Equal(3, again.Finish(false).Rows.Count);
    }

    [Fact]
    public void RowMessagesNameParametersAsTheCallerRendersThem()
    {
        // LiBH4 lacks the Li–H and B–H pairs: the error row's remedy names the parameters file.
        var item = new ScreenItem("LiBH4.cif", () => File.ReadAllText(TestData.Paper("LiBH4_Pnma_MPderived.cif")));
        using var compute = FallbackComputeProvider.Cpu(1);
        var cancel = TestContext.Current.CancellationToken;
        var plain = ScreenRunner.Process(item, Options(), compute, cancel);
        var flags = Options(e => e.Render(p => p == InputParameter.ParametersFile ? "--params FILE" : $"{p}"));
        var cli = ScreenRunner.Process(item, flags, compute, cancel);
        Assert.Equal(ScreenStatus.Error, cli.Status);
        Assert.Contains("supply them with parameters file", plain.Message, StringComparison.Ordinal);
        Assert.Contains("supply them with --params FILE", cli.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MergeReportsDuplicatesAndMissingStructures()
    {
        var a = TempOutput("a.csv");
        var b = TempOutput("b.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(a)!);
        Directory.CreateDirectory(Path.GetDirectoryName(b)!);
        ResultTable.WriteCsv(a, [Row("x.cif"), Row("y.cif")], coupling: false);
        File.WriteAllLines(a + ".manifest", ["x.cif", "y.cif"]);
        ResultTable.WriteCsv(b, [Row("y.cif")], coupling: false);
        File.WriteAllLines(b + ".manifest", ["y.cif", "z.cif"]);
        var merged = TempOutput("merged.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(merged)!);

        var report = ShardMerge.Merge(merged, [a, b]);

        Assert.Equal(2, report.Rows);
        Assert.Equal(["y.cif"], report.Duplicates);
        Assert.Equal(["z.cif"], report.Missing);
        Assert.Equal(["x.cif", "y.cif"], ResultTable.ReadCsv(merged).Select(r => r.File));
        var none = Assert.Throws<InputException>(() => ShardMerge.Merge(merged, [a + ".nosuch"]));
        Assert.Contains("no such shard output", none.Message, StringComparison.Ordinal);

        static ScreenRow Row(string file) => new() { File = file, Status = ScreenStatus.Ok, E3D = 0.5 };
    }
}
