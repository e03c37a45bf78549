using System.IO.Compression;
using System.Text;
using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using GpuBv.Screening;
using Xunit;

namespace GpuBv.Tests.Compute;

/// <summary>
/// The memory budget also bounds reading (issue 12): a file read whole, plain or decompressed or from an archive, and the
/// bond-valence neighbour list of the oxidation-state guess are checked against it before they are built, with one error
/// that names the file, the size and the budget.
/// </summary>
public sealed class ReadingMemoryBudgetTests
{
    private static string P1RockSalt(int n) => GpuBv.Tests.Crystal.LargeCellReadingTests.P1RockSalt(n);

    [Fact]
    public void AFileLargerThanTheBudgetAllowsIsRefusedBeforeReading()
    {
        var path = TestData.TempFile("budget.cif", P1RockSalt(4));
        long size = new FileInfo(path).Length;
        var tight = new MemoryBudget(size * StructureReader.PeakBytesPerFileByte / 2);
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path, memory: tight));
        Assert.Equal(path, e.File);
        Assert.Contains("memory budget", e.Message, StringComparison.Ordinal);
        Assert.Contains(InputException.Ref(InputParameter.Memory), e.Problem, StringComparison.Ordinal);
        var enough = new MemoryBudget(size * StructureReader.PeakBytesPerFileByte * 2);
        Assert.Equal(512, StructureReader.ReadFile(path, memory: enough).Sites.Length);
    }

    [Fact]
    public void AGzipThatDecompressesPastTheBudgetIsRefusedWhileReading()
    {
        string text = P1RockSalt(4);
        var path = Path.Combine(Path.GetDirectoryName(TestData.TempFile("x.txt", "")!)!, "budget.cif.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Optimal))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }
        // The compressed file is far smaller than the limit; only the decompressed text exceeds it.
        var tight = new MemoryBudget((long)text.Length * StructureReader.PeakBytesPerFileByte / 2);
        Assert.True(new FileInfo(path).Length < StructureReader.MaxReadBytes(tight));
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path, memory: tight));
        Assert.Contains("after decompression", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AScreenGivesAnOversizedFileOrArchiveEntryAnErrorRow()
    {
        string text = P1RockSalt(4);
        var path = TestData.TempFile("screenbudget.cif", text);
        var zipPath = Path.Combine(Path.GetDirectoryName(path)!, "screenbudget.zip");
        File.Delete(zipPath);
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(zip.CreateEntry("big.cif").Open());
            w.Write(text);
        }
        var tight = new MemoryBudget((long)text.Length * StructureReader.PeakBytesPerFileByte / 2);
        var options = new ScreenOptions(MobileIon.Parse("Na1+"), Resolution: 0.5);
        using var compute = FallbackComputeProvider.Cpu(1);
        var items = ScreenInputs.Enumerate([path, zipPath], tight).ToList();
        Assert.Equal(2, items.Count);
        foreach (var item in items)
        {
            var row = ScreenRunner.Process(item, options, compute, TestContext.Current.CancellationToken);
            Assert.Equal(ScreenStatus.Error, row.Status);
            Assert.Contains("read at once", row.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheNeighbourListEstimateMatchesTheListAndItsBudgetIsChecked()
    {
        var s = StructureReader.Read(P1RockSalt(3), "rocksalt.cif");
        int actual = NeighbourList.Build(s, 5.0).Count;
        double estimate = NeighbourList.EstimatedPairs(s, 5.0);
        Assert.InRange(estimate / actual, 0.85, 1.15);

        var tight = new MemoryBudget((long)(estimate * NeighbourList.PeakBytesPerPair / 2));
        var e = Assert.Throws<InputException>(() => NeighbourList.Build(s, 5.0, tight));
        Assert.Contains("neighbour list", e.Message, StringComparison.Ordinal);
        Assert.Contains(InputException.Ref(InputParameter.OxidationStates), e.Problem, StringComparison.Ordinal);

        // The oxidation-state guess builds the list; states from the user need none, so the same budget is enough.
        Assert.Throws<InputException>(() => OxidationStates.Assign(s, memory: tight));
        var given = new Dictionary<string, double> { ["Na"] = 1, ["Cl"] = -1 };
        Assert.Equal(OxidationSource.Explicit, OxidationStates.Assign(s, given, memory: tight).Sources["Na"]);
    }
}
