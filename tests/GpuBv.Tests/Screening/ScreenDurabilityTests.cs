using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using GpuBv.Screening;
using Xunit;

namespace GpuBv.Tests.Screening;

/// <summary>
/// Issue 12, screening durability as Core calls: one timeout over the whole per-structure work (even code that never
/// checks for cancellation), FIFOs refused before opening, each real folder walked once, a second live screen on the
/// same output refused, output problems as one-line errors, reading warnings in row messages, torn shard journals and
/// names with newlines or commas through merge.
/// </summary>
public sealed class ScreenDurabilityTests
{
    private static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "gpubv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    private static ScreenOptions Options(TimeSpan? timeout = null)
        => new(MobileIon.Parse("Li+"), Resolution: 0.5, Timeout: timeout, Jobs: 1);

    [Fact]
    public void AStructureWhoseReadingNeverReturnsGetsItsTimeoutRow()
    {
        using var release = new ManualResetEventSlim();
        var stuck = new ScreenItem("stuck.cif", () =>
        {
            // Code that never looks at a cancellation token (a reader in an endless loop).
            release.Wait();
            return "";
        });
        var fine = new ScreenItem(TestData.Structure("LiF.cif"), () => StructureReader.ReadText(TestData.Structure("LiF.cif")));
        var path = Path.Combine(TempDir(), "r.csv.journal");
        var sw = Stopwatch.StartNew();
        try
        {
            using var compute = FallbackComputeProvider.Cpu(1);
            using (var journal = ResultJournal.OpenAppend(path))
            {
                int n = ScreenRunner.Run([stuck, fine], Options(TimeSpan.FromSeconds(1)), journal, new HashSet<string>(), compute,
                    cancel: TestContext.Current.CancellationToken);
                Assert.Equal(2, n);
            }
            Assert.InRange(sw.Elapsed.TotalSeconds, 0, 15);
            var rows = ResultJournal.Load(path);
            var row = rows.Single(r => r.File == "stuck.cif");
            Assert.Equal(ScreenStatus.Timeout, row.Status);
            Assert.Contains("not finished within 1 s", row.Message, StringComparison.Ordinal);
            Assert.Equal(ScreenStatus.Ok, rows.Single(r => r.File != "stuck.cif").Status);
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public void AbandonedComputationsAreBounded()
    {
        Assert.Equal(4, ScreenRunner.MaxAbandoned(1));
        Assert.Equal(32, ScreenRunner.MaxAbandoned(16));
    }

    [Fact]
    public async Task AFifoAmongTheInputsIsAnErrorRowAndDoesNotBlock()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var dir = TempDir();
        File.Copy(TestData.Structure("LiF.cif"), Path.Combine(dir, "a.cif"));
        var fifo = Path.Combine(dir, "pipe.cif");
        try
        {
            using var mk = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { RedirectStandardError = true })!;
            await mk.WaitForExitAsync(TestContext.Current.CancellationToken);
            if (mk.ExitCode != 0)
            {
                return;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return; // no mkfifo here
        }
        var items = ScreenInputs.Enumerate([dir]).ToList();
        Assert.Equal(2, items.Count);
        var work = Task.Run(() =>
        {
            using var compute = FallbackComputeProvider.Cpu(1);
            return items.Select(i => ScreenRunner.Process(i, Options(), compute)).ToList();
        }, TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.True(first == work, "the FIFO blocked the screen");
        var pipe = (await work).Single(r => r.File.EndsWith("pipe.cif", StringComparison.Ordinal));
        Assert.Equal(ScreenStatus.Error, pipe.Status);
        Assert.Contains("not a regular file", pipe.Message, StringComparison.Ordinal);
        Assert.Contains("FIFO", pipe.Message, StringComparison.Ordinal);
        Assert.Null(FileKind.NotRegular(Path.Combine(dir, "a.cif")));
    }

    [Fact]
    public void ASymlinkLoopIsFollowedOnce()
    {
        var dir = TempDir();
        var sub = Path.Combine(dir, "sub");
        Directory.CreateDirectory(sub);
        File.Copy(TestData.Structure("LiF.cif"), Path.Combine(dir, "a.cif"));
        File.Copy(TestData.Structure("Li2O.cif"), Path.Combine(sub, "b.cif"));
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(sub, "up"), "..");
            Directory.CreateSymbolicLink(Path.Combine(dir, "loop"), dir);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return; // no symbolic links here
        }
        var names = ScreenInputs.Enumerate([dir]).Select(i => i.Name).ToList();
        Assert.Equal(2, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void ASecondSessionOnALiveOutputIsRefusedAndTheLockEndsWithTheSession()
    {
        var dir = TempDir();
        var output = Path.Combine(dir, "res.csv");
        string[] inputs = [TestData.Structure("LiF.cif")];
        using var first = ScreenSession.Open(inputs, output, Shard.All, resume: false);
        var e = Assert.Throws<InputException>(() => ScreenSession.Open(inputs, output, Shard.All, resume: true));
        Assert.Contains("another screen is writing these results", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        using var compute = FallbackComputeProvider.Cpu(1);
        first.Run(Options(), compute, cancel: TestContext.Current.CancellationToken);
        first.Finish(false);
        using var again = ScreenSession.Open(inputs, output, Shard.All, resume: true);
        Assert.Equal(0, again.Remaining);
    }

    [Fact]
    public void AnOutputThatIsAFolderOrUnderAFileIsRefusedBeforeAnyStructure()
    {
        var dir = TempDir();
        string[] inputs = [TestData.Structure("LiF.cif")];
        var folder = Assert.Throws<InputException>(() => ScreenSession.Open(inputs, dir, Shard.All, resume: false));
        Assert.Contains("is a folder", folder.Message, StringComparison.Ordinal);
        Assert.Contains(dir, folder.Message, StringComparison.Ordinal);
        var file = Path.Combine(dir, "plain");
        File.WriteAllText(file, "x");
        var under = Assert.Throws<InputException>(() => ScreenSession.Open(inputs, Path.Combine(file, "res.csv"), Shard.All, false));
        Assert.Contains("cannot create the output folder", under.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(dir, "*.journal"));
    }

    [Fact]
    public void AnOutputInAReadOnlyFolderIsAOneLineError()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only");
            return;
        }
        var dir = TempDir();
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            string folder = dir;
            if (Writable(dir))
            {
                // Root ignores file modes: take a folder no one may write to, sysfs's root, where there is one.
                folder = "/sys";
                if (!Directory.Exists(folder) || Writable(folder))
                {
                    Assert.Skip("running as root with no read-only folder to write to");
                }
            }
            var e = Assert.Throws<InputException>(() => ScreenSession.Open([TestData.Structure("LiF.cif")],
                Path.Combine(folder, "gpubv-r.csv"), Shard.All, resume: false));
            Assert.Contains("permission denied", e.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(folder, "gpubv-r.csv"), e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        static bool Writable(string folder)
        {
            var probe = Path.Combine(folder, "gpubv-probe-" + Guid.NewGuid().ToString("N"));
            try
            {
                File.WriteAllText(probe, "x");
                File.Delete(probe);
                return true;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                return false;
            }
        }
    }

    [Fact]
    public void AnOutputThatIsADeviceOrFifoIsRefusedAndLeftAsItIs()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("FIFOs are a Unix thing");
            return;
        }
        // `--out /dev/full` used to replace the device with the results CSV (written beside it, renamed onto it).
        var fifo = Path.Combine(TempDir(), "res.csv");
        using (var mk = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { RedirectStandardError = true })!)
        {
            mk.WaitForExit();
            if (mk.ExitCode != 0)
            {
                Assert.Skip("no mkfifo here");
            }
        }
        var e = Assert.Throws<InputException>(() => ScreenSession.Open([TestData.Structure("LiF.cif")], fifo, Shard.All, false));
        Assert.Contains("is a FIFO (named pipe), not a file results can be written to", e.Message, StringComparison.Ordinal);
        Assert.Equal("a FIFO (named pipe)", FileKind.NotRegular(fifo));
        Assert.False(File.Exists(fifo + ".journal"));
        // merge and the final tables refuse it too.
        var shard = Path.Combine(TempDir(), "s.csv");
        ResultTable.WriteCsv(shard, [new ScreenRow { File = "a.cif", Status = ScreenStatus.Ok, Ion = "Li1+" }], coupling: false);
        Assert.Throws<InputException>(() => ShardMerge.Merge(fifo, [shard]));
        Assert.Throws<InputException>(() => ResultTable.WriteCsv(fifo, [], coupling: false));
        Assert.Equal("a FIFO (named pipe)", FileKind.NotRegular(fifo));
    }

    [Fact]
    public void AFullDiskIsAOneLineErrorNamingThePath()
    {
        if (!File.Exists("/dev/full"))
        {
            return;
        }
        var e = Assert.Throws<InputException>(() => ScreenSession.OutputFile("/dev/full", () =>
        {
            using var fs = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            fs.Write(new byte[16]);
            fs.Flush(flushToDisk: true);
        }));
        Assert.Contains("/dev/full", e.Message, StringComparison.Ordinal);
        Assert.Contains("the disk is full", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingWarningsGoInTheRowMessageAfterTheFindings()
    {
        var s = StructureReader.ReadFile(TestData.Structure("Li2O.cif"));
        var warned = new Structure(s.Lattice, s.Sites, s.SpaceGroup, s.Source, ["first warning", "second\nwarning"], s.Title);
        using var compute = FallbackComputeProvider.Cpu(1);
        var row = ScreenRunner.Process(ScreenItem.Of("w.cif", warned), Options(), compute, TestContext.Current.CancellationToken);
        Assert.Equal(ScreenStatus.Ok, row.Status);
        Assert.Equal("first warning; second warning", row.Message);

        Assert.Equal("finding; a; b", ScreenRunner.Compose("finding", ["a", "b", "a"]));
        var many = Enumerable.Range(0, 500).Select(i => $"warning number {i} about some atom").ToList();
        var capped = ScreenRunner.Compose("finding", many)!;
        Assert.StartsWith("finding; warning number 0", capped, StringComparison.Ordinal);
        Assert.InRange(capped.Length, 100, ScreenRunner.MaxMessageLength);
        Assert.Matches(@"; \(\+\d+ more\)$", capped);
    }

    [Fact]
    public void MergeSkipsATornShardJournalLineAndReportsThatStructureMissing()
    {
        var dir = TempDir();
        var shard = Path.Combine(dir, "s0.csv");
        using (var j = ResultJournal.OpenAppend(ResultJournal.PathFor(shard)))
        {
            j.Append(new ScreenRow { File = "a.cif", Status = ScreenStatus.Ok, E3D = 0.5 });
            j.Append(new ScreenRow { File = "b.cif", Status = ScreenStatus.Skipped });
        }
        File.AppendAllText(ResultJournal.PathFor(shard), "{\"file\":\"c.cif\",\"status\":\"o");
        File.WriteAllLines(shard + ".manifest", ["a.cif", "b.cif", "c.cif"]);
        var report = ShardMerge.Merge(Path.Combine(dir, "all.csv"), [shard]);
        Assert.Equal(2, report.Rows);
        Assert.Equal(["c.cif"], report.Missing);
    }

    [Fact]
    public void NamesWithANewlineOrACommaRoundTripThroughScreenAndMerge()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var dir = TempDir();
        var corpus = Path.Combine(dir, "in");
        Directory.CreateDirectory(corpus);
        File.Copy(TestData.Structure("LiF.cif"), Path.Combine(corpus, "a,b.cif"));
        File.Copy(TestData.Structure("Li2O.cif"), Path.Combine(corpus, "line\nbreak \"q\".cif"));
        var output = Path.Combine(dir, "res.csv");
        using var compute = FallbackComputeProvider.Cpu(1);
        using (var session = ScreenSession.Open([corpus], output, Shard.All, resume: false))
        {
            session.Run(Options(), compute, cancel: TestContext.Current.CancellationToken);
            Assert.Equal(2, session.Finish(false).Rows.Count);
        }
        var rows = ResultTable.ReadCsv(output);
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.File.EndsWith("line\nbreak \"q\".cif", StringComparison.Ordinal));
        var report = ShardMerge.Merge(Path.Combine(dir, "all.csv"), [output]);
        Assert.Equal(2, report.Rows);
        Assert.Empty(report.Missing);
        File.Delete(output);
        var fromJournal = ShardMerge.Merge(Path.Combine(dir, "all2.csv"), [output]);
        Assert.Empty(fromJournal.Missing);
    }

    private static string Blocks(int count)
    {
        var body = File.ReadAllText(TestData.Structure("LiF.cif")).Replace("data_LiF", "", StringComparison.Ordinal);
        var sb = new System.Text.StringBuilder("data_global\n_publ_section_title 'no atoms here'\n");
        for (int i = 0; i < count; i++)
        {
            sb.Append("data_b").Append(i).Append('\n').Append(body).Append('\n');
        }
        return sb.ToString();
    }

    [Fact]
    public void AMultiBlockCifIsOneStructurePerBlockWithAtoms()
    {
        var path = Path.Combine(TempDir(), "three.cif");
        File.WriteAllText(path, Blocks(3));
        var items = ScreenInputs.Enumerate([path]).ToList();
        var name = path.Replace('\\', '/');
        Assert.Equal([name + "!b0", name + "!b1", name + "!b2"], items.Select(i => i.Name));
        using var compute = FallbackComputeProvider.Cpu(1);
        var rows = items.Select(i => ScreenRunner.Process(i, Options(), compute, TestContext.Current.CancellationToken)).ToList();
        Assert.All(rows, r => Assert.Equal(ScreenStatus.Ok, r.Status));
        Assert.All(rows, r => Assert.Equal("LiF", r.Formula));
        // One block with atoms stays one item named by the file.
        var single = Path.Combine(TempDir(), "one.cif");
        File.WriteAllText(single, Blocks(1));
        Assert.Equal([single.Replace('\\', '/')], ScreenInputs.Enumerate([single]).Select(i => i.Name));
    }

    [Fact]
    public void TenThousandBlocksGiveTenThousandItemsQuickly()
    {
        var path = Path.Combine(TempDir(), "many.cif");
        File.WriteAllText(path, Blocks(10_000));
        var sw = Stopwatch.StartNew();
        var items = ScreenInputs.Enumerate([path]).ToList();
        Assert.Equal(10_000, items.Count);
        Assert.Equal(10_000, items.Select(i => i.Name).Distinct().Count());
        Assert.InRange(sw.Elapsed.TotalSeconds, 0, 20);
        using var compute = FallbackComputeProvider.Cpu(1);
        var last = ScreenRunner.Process(items[^1], Options(), compute, TestContext.Current.CancellationToken);
        Assert.Equal(ScreenStatus.Ok, last.Status);
        Assert.EndsWith("!b9999", last.File, StringComparison.Ordinal);
    }

    [Fact]
    public void AMultiBlockCifGzOrArchiveEntryIsOneStructurePerBlockToo()
    {
        var dir = TempDir();
        var gzPath = Path.Combine(dir, "three.cif.gz");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(gzPath), System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(System.Text.Encoding.UTF8.GetBytes(Blocks(3)));
        }
        var zipPath = Path.Combine(dir, "set.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(zipPath, System.IO.Compression.ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("a/two.cif").Open()))
            {
                w.Write(Blocks(2));
            }
            using (var w = new StreamWriter(zip.CreateEntry("b/one.cif").Open()))
            {
                w.Write(Blocks(1));
            }
        }
        var tarPath = Path.Combine(dir, "set.tar");
        var src = Path.Combine(dir, "tarsrc");
        Directory.CreateDirectory(src);
        File.Copy(gzPath, Path.Combine(src, "inner.cif.gz"));
        System.Formats.Tar.TarFile.CreateFromDirectory(src, tarPath, includeBaseDirectory: false);

        var items = ScreenInputs.Enumerate([gzPath, zipPath, tarPath]).ToList();
        string g = gzPath.Replace('\\', '/');
        string z = zipPath.Replace('\\', '/');
        string t = tarPath.Replace('\\', '/');
        Assert.Equal(
            [g + "!b0", g + "!b1", g + "!b2", z + "!a/two.cif!b0", z + "!a/two.cif!b1", z + "!b/one.cif",
                t + "!inner.cif.gz!b0", t + "!inner.cif.gz!b1", t + "!inner.cif.gz!b2"],
            items.Select(i => i.Name));
        using var compute = FallbackComputeProvider.Cpu(1);
        var rows = items.Select(i => ScreenRunner.Process(i, Options(), compute, TestContext.Current.CancellationToken)).ToList();
        Assert.All(rows, r => Assert.Equal(ScreenStatus.Ok, r.Status));
        Assert.All(rows, r => Assert.Equal("LiF", r.Formula));
        // Each block item holds only its own block: its text starts at its data_ line.
        Assert.StartsWith("data_b1", items[1].Read(), StringComparison.Ordinal);
        Assert.DoesNotContain("data_b2", items[1].Read(), StringComparison.Ordinal);
        Assert.StartsWith("data_b2", items[8].Read(), StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedMultiBlockCifGzIsOneErrorRowNotBlocksOfAPartialFile()
    {
        var path = Path.Combine(TempDir(), "cut.cif.gz");
        using (var ms = new MemoryStream())
        {
            using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(System.Text.Encoding.UTF8.GetBytes(Blocks(50)));
            }
            File.WriteAllBytes(path, ms.ToArray()[..(int)(ms.Length * 2 / 3)]);
        }
        var item = Assert.Single(ScreenInputs.Enumerate([path]));
        using var compute = FallbackComputeProvider.Cpu(1);
        var row = ScreenRunner.Process(item, Options(), compute, TestContext.Current.CancellationToken);
        Assert.Equal(ScreenStatus.Error, row.Status);
        Assert.Contains("truncated", row.Message, StringComparison.Ordinal);
    }
}
