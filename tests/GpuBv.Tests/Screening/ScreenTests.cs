using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using GpuBv.Cli;
using GpuBv.Screening;
using Xunit;

using static GpuBv.Tests.Cli.GpubvRunner;

namespace GpuBv.Tests.Screening;

/// <summary><c>gpubv screen</c> and <c>gpubv merge</c>: inputs, one row per structure, durability, shards.</summary>
public sealed class ScreenTests
{

    private static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "gpubv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    [Fact]
    public void EveryInputKindGivesOneRowPerStructure()
    {
        var dir = TempDir();
        var structures = Path.Combine(TestData.Root, "structures");
        // A list file, a tar.gz and a zip of some structures, a broken file, and a folder.
        var list = Path.Combine(dir, "inputs.txt");
        File.WriteAllLines(list, ["# two structures", TestData.Structure("LiF.cif"), TestData.Structure("NaCl_halite_COD.cif")]);
        var tgz = Path.Combine(dir, "set.tar.gz");
        using (var fs = File.Create(tgz))
        using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz))
        {
            tar.WriteEntry(TestData.Structure("Li2O.cif"), "inner/Li2O.cif");
            tar.WriteEntry(TestData.Structure("Li3N.cif"), "inner/Li3N.cif");
        }
        var zip = Path.Combine(dir, "set.zip");
        using (var z = ZipFile.Open(zip, ZipArchiveMode.Create))
            z.CreateEntryFromFile(TestData.Structure("LiOH_COD.cif"), "a/LiOH.cif");
        var bad = Path.Combine(dir, "broken.cif");
        File.WriteAllText(bad, "data_x\n_cell_length_a 5\n");
        var output = Path.Combine(dir, "out", "res.csv");

        var (code, _, stderr) = Run(
            "screen", list, tgz, zip, bad, Path.Combine(TestData.Root, "paper"), "--ion", "Li1+", "--out", output, "--device", "cpu");
        Assert.True(code == 0, stderr);
        var rows = ResultTable.ReadCsv(output);
        var paperFiles = Directory.GetFiles(Path.Combine(TestData.Root, "paper")).Count(ScreenInputs.IsStructureName);
        Assert.Equal(2 + 2 + 1 + 1 + paperFiles, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.File).Distinct().Count());
        Assert.Contains(rows, r => r.File == tgz.Replace('\\', '/') + "!inner/Li2O.cif" && r.Status == ScreenStatus.Ok && r.E3D > 0.1);
        Assert.Contains(rows, r => r.File == zip.Replace('\\', '/') + "!a/LiOH.cif" && r.Status == ScreenStatus.Ok);
        var nacl = rows.Single(r => r.File.EndsWith("NaCl_halite_COD.cif"));
        Assert.Equal(ScreenStatus.Skipped, nacl.Status);
        Assert.Equal("no Li in structure", nacl.Message);
        var broken = rows.Single(r => r.File.EndsWith("broken.cif"));
        Assert.Equal(ScreenStatus.Error, broken.Status);
        Assert.Contains("broken.cif", broken.Message);
        Assert.DoesNotContain("\n", broken.Message ?? "");
        // The LiBH4 file lacks Li–H pairs: an error row naming the pair, and the screen goes on.
        Assert.Contains("Li1+–H1-", rows.Single(r => r.File.EndsWith("LiBH4_Pnma_MPderived.cif")).Message);
        // Barriers equal a direct bvse run.
        var lif = rows.Single(r => r.File.EndsWith("LiF.cif"));
        var (_, json, _) = Run("bvse", TestData.Structure("LiF.cif"), "--ion", "Li1+", "--device", "cpu", "--json");
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(doc.RootElement.GetProperty("E_3D").GetDouble(), lif.E3D!.Value, 6);
        // Parquet holds the same rows.
        var parquet = ResultTable.ReadParquet(Path.ChangeExtension(output, ".parquet"));
        Assert.Equal(rows.Select(r => (r.File, r.Status, r.E3D)), parquet.Select(r => (r.File, r.Status, r.E3D)));
        // Without --resume an existing journal is protected.
        var (again, _, err2) = Run("screen", list, "--ion", "Li1+", "--out", output, "--device", "cpu");
        Assert.Equal(2, again);
        Assert.Contains("--resume", err2);
    }

    [Fact]
    public void InputsWithNoStructureFilesAreAnErrorNotAnEmptyResult()
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "notes.md"), "nothing to screen");
        var (code, _, stderr) = Run("screen", dir, "--ion", "Li1+", "--out", Path.Combine(dir, "res.csv"), "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains("no structure files found", stderr);
        var (code2, _, stderr2) = Run("screen", Path.Combine(dir, "missing"), "--ion", "Li1+", "--out", Path.Combine(dir, "res.csv"));
        Assert.Equal(2, code2);
        Assert.Contains("no such file or folder", stderr2);
    }

    [Fact]
    public void ShardsPartitionTheInputsDeterministically()
    {
        var names = Enumerable.Range(0, 500).Select(i => $"corpus/dir{i % 7}/s{i}.cif").ToList();
        var shards = Enumerable.Range(0, 4).Select(i => new Shard(i, 4)).ToList();
        foreach (var n in names)
            Assert.Equal(1, shards.Count(s => s.Contains(n)));
        Assert.All(shards, s => Assert.InRange(names.Count(s.Contains), 80, 170));
        // Depends on the name only: the same split whatever the order or the other inputs.
        var reversed = names.AsEnumerable().Reverse().Where(shards[2].Contains).Order().ToList();
        Assert.Equal(names.Where(shards[2].Contains).Order(), reversed);
        // Slurm defaults.
        var env = new Dictionary<string, string>
        {
            ["SLURM_ARRAY_TASK_ID"] = "3", ["SLURM_ARRAY_TASK_COUNT"] = "4", ["SLURM_ARRAY_TASK_MIN"] = "1",
        };
        Assert.Equal(new Shard(2, 4), Shard.Parse(null, k => env.GetValueOrDefault(k)));
        Assert.Equal(Shard.All, Shard.Parse(null, _ => null));
        Assert.Throws<InputException>(() => Shard.Parse("4/4"));
    }

    [Fact]
    public void ATornLastJournalLineIsDroppedAndRedone()
    {
        var dir = TempDir();
        var path = Path.Combine(dir, "r.csv.journal");
        using (var j = ResultJournal.OpenAppend(path))
        {
            j.Append(new ScreenRow { File = "a.cif", Status = ScreenStatus.Ok, E3D = 0.5 });
            j.Append(new ScreenRow { File = "b.cif", Status = ScreenStatus.Error, Message = "x" });
        }
        File.AppendAllText(path, "{\"file\":\"c.cif\",\"sta"); // kill -9 in the middle of a write
        Assert.Equal(["a.cif", "b.cif"], ResultJournal.Load(path).Select(r => r.File));
        using (var j = ResultJournal.OpenAppend(path))
            j.Append(new ScreenRow { File = "c.cif", Status = ScreenStatus.Ok });
        Assert.Equal(["a.cif", "b.cif", "c.cif"], ResultJournal.Load(path).Select(r => r.File));
    }

    [Fact]
    public void KillNineMidRunThenResumeLosesAndDuplicatesNothing()
    {
        // 60 structures (copies of the shipped ones) at a fine grid on one worker, so the run is long enough to kill.
        var dir = TempDir();
        var corpus = Path.Combine(dir, "corpus");
        Directory.CreateDirectory(corpus);
        var sources = new[] { "LiF.cif", "Li2O.cif", "Li3N.cif", "LiOH_COD.cif", "NaCl_halite_COD.cif", "LiFePO4.cif" };
        for (int i = 0; i < 60; i++)
            File.Copy(TestData.Structure(sources[i % sources.Length]), Path.Combine(corpus, $"s{i:D3}_{sources[i % sources.Length]}"));
        var output = Path.Combine(dir, "res.csv");
        var journal = ResultJournal.PathFor(output);
        string[] args = ["screen", corpus, "--ion", "Li1+", "--out", output, "--device", "cpu", "--jobs", "1", "--resolution", "0.08"];

        // `dotnet gpubv.dll` where the SDK is installed; the self-contained apphost in a GPU bundle (no dotnet there).
        var apphost = Path.Combine(AppContext.BaseDirectory, "gpubv");
        bool haveDotnet = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "dotnet")));
        var start = haveDotnet
            ? new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "gpubv.dll"), .. args])
            : new ProcessStartInfo(apphost, args);
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var p = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (!File.Exists(journal) || File.ReadAllLines(journal).Length < 5) && !p.HasExited)
            Thread.Sleep(20);
        Assert.False(p.HasExited, "the screen finished before it could be killed; make it slower");
        p.Kill(entireProcessTree: true); // SIGKILL
        p.WaitForExit();
        int before = ResultJournal.Load(journal).Count;
        Assert.InRange(before, 5, 59);

        var (code, _, stderr) = Run([.. args, "--resume"]);
        Assert.True(code == 0, stderr);
        var rows = ResultTable.ReadCsv(output);
        Assert.Equal(60, rows.Count);
        Assert.Equal(60, rows.Select(r => r.File).Distinct().Count());
        var journalRows = ResultJournal.Load(journal);
        Assert.Equal(60, journalRows.Count);
        Assert.Equal(60, journalRows.Select(r => r.File).Distinct().Count());
    }

    [Fact]
    public void MergeCombinesShardsAndReportsMissingAndDuplicates()
    {
        var dir = TempDir();
        var input = Path.Combine(TestData.Root, "structures");
        var shardOut = Enumerable.Range(0, 3).Select(i => Path.Combine(dir, $"shard{i}.csv")).ToArray();
        for (int i = 0; i < 3; i++)
        {
            var (c, _, e) = Run("screen", input, "--ion", "Li1+", "--out", shardOut[i], "--device", "cpu", "--shard", $"{i}/3");
            Assert.True(c == 0, e);
        }
        var single = Path.Combine(dir, "single.csv");
        Assert.Equal(0, Run("screen", input, "--ion", "Li1+", "--out", single, "--device", "cpu").code);
        var merged = Path.Combine(dir, "merged.csv");
        var (code, _, stderr) = Run(["merge", merged, .. shardOut]);
        Assert.True(code == 0, stderr);
        AssertSameRows(ResultTable.ReadCsv(single), ResultTable.ReadCsv(merged));

        // Drop one row from a non-empty shard (which shard a file lands in depends on its path): merge reports it
        // missing (exit 3); give another non-empty shard twice: duplicates reported.
        var nonEmpty = shardOut.Where(s => File.ReadAllLines(s).Length > 1).ToList();
        Assert.True(nonEmpty.Count >= 2, "the 13 structures should spread over at least two of three shards");
        var lines = File.ReadAllLines(nonEmpty[0]).ToList();
        File.WriteAllLines(nonEmpty[0], lines.Take(lines.Count - 1));
        File.Delete(ResultJournal.PathFor(nonEmpty[0]));
        var (code2, _, err2) = Run(["merge", Path.Combine(dir, "m2.csv"), .. shardOut, nonEmpty[1]]);
        Assert.Equal(3, code2);
        Assert.Contains("have no row", err2);
        Assert.Contains("more than one shard", err2);
    }

    internal static void AssertSameRows(List<ScreenRow> expected, List<ScreenRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var a = actual.ToDictionary(r => r.File);
        foreach (var e in expected)
        {
            var r = a[e.File];
            Assert.Equal(e with { Seconds = 0 }, r with { Seconds = 0 });
        }
    }
}

/// <summary>The per-structure timeout marks the row and frees the worker.</summary>
public sealed class ScreenTimeoutTests
{
    [Fact]
    public void AStructurePastItsTimeoutGetsATimeoutRowAndTheRunGoesOn()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gpubv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.Copy(TestData.Structure("Li3V2P3O12.cif"), Path.Combine(dir, "big.cif"));   // 80 atoms: slow at a fine grid
        File.Copy(TestData.Structure("LiF.cif"), Path.Combine(dir, "small.cif"));
        var output = Path.Combine(dir, "res.csv");
        var o = new StringWriter();
        var e = new StringWriter();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int code = GpuBv.Cli.Program.Run(["screen", dir, "--ion", "Li1+", "--out", output, "--device", "cpu", "--resolution", "0.05",
            "--timeout-per-structure", "0.5", "--jobs", "1"], o, e);
        Assert.True(code == 0, e.ToString());
        var rows = ResultTable.ReadCsv(output);
        var big = rows.Single(r => r.File.EndsWith("big.cif"));
        Assert.Equal(ScreenStatus.Timeout, big.Status);
        Assert.Contains("--timeout-per-structure", big.Message);
        // The worker was freed promptly: cancellation stops the CPU grid between tiles (a full 0.05 Å grid of this
        // structure takes tens of seconds on two cores).
        Assert.True(big.Seconds < 5, $"the timed-out structure held its worker for {big.Seconds} s");
        Assert.Equal(2, rows.Count);
        Assert.True(sw.Elapsed.TotalSeconds < 60);
    }
}

/// <summary><c>gpubv screen --coupling</c>: the coupling columns.</summary>
public sealed class ScreenCouplingTests
{
    [Fact]
    public void CouplingColumnsMatchTheCouplingCommand()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gpubv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var list = Path.Combine(dir, "in.txt");
        File.WriteAllLines(list, [TestData.Paper("Li3PO4_beta_mp-13725.cif"), TestData.Structure("LiF.cif")]);
        var output = Path.Combine(dir, "res.csv");
        var (code, _, stderr) = Run("screen", list, "--ion", "Li1+", "--out", output, "--device", "cpu", "--coupling");
        Assert.True(code == 0, stderr);
        Assert.Contains("E_rot", File.ReadLines(output).First());
        var rows = ResultTable.ReadCsv(output);
        var li3po4 = rows.Single(r => r.File.EndsWith("Li3PO4_beta_mp-13725.cif"));
        var (c2, json, err2) = Run("coupling", TestData.Paper("Li3PO4_beta_mp-13725.cif"), "--cation", "Li1+", "--device", "cpu", "--json");
        Assert.True(c2 == 0, err2);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(doc.RootElement.GetProperty("E_rot").GetDouble(), li3po4.ERot!.Value, 5);
        Assert.Equal(doc.RootElement.GetProperty("mode").GetString(), ScreenRow.ModeName(li3po4.Mode));
        Assert.Equal(doc.RootElement.GetProperty("E_mig").GetDouble(), li3po4.E3D!.Value, 5);
        var lif = rows.Single(r => r.File.EndsWith("LiF.cif"));
        Assert.Equal(GpuBv.Groups.CouplingMode.None, lif.Mode);
        Assert.Null(lif.ERot);
    }
}
