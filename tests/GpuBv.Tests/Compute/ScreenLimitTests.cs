using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Screening;
using Xunit;

using static GpuBv.Tests.Cli.GpubvRunner;

namespace GpuBv.Tests.Compute;

/// <summary>
/// Issue 12: screen options that are wrong for every input are refused before the first structure (as bvse refuses them),
/// a bad timeout is a one-line usage error instead of an exception name, and --jobs is capped at what cores and memory
/// allow, with a warning.
/// </summary>
public sealed class ScreenLimitTests
{
    [Theory]
    [InlineData("--cutoff", "0")]
    [InlineData("--cutoff", "-3")]
    [InlineData("--cutoff", "NaN")]
    [InlineData("--encut", "0")]
    [InlineData("--resolution", "0")]
    [InlineData("--resolution", "NaN")]
    [InlineData("--timeout-per-structure", "-5")]
    [InlineData("--timeout-per-structure", "NaN")]
    [InlineData("--timeout-per-structure", "0")]
    [InlineData("--memory", "0")]
    public void AnOptionWrongForEveryInputIsRefusedBeforeTheScreen(string flag, string value)
    {
        string dir = Path.GetDirectoryName(TestData.TempFile("screen", ""))!;
        string output = Path.Combine(dir, $"bad{flag.TrimStart('-')}{value}.csv");
        var (code, _, stderr) = Run("screen", TestData.Structure("Li2O.cif"), "--ion", "Li+", "--out", output, "--device", "cpu",
            flag, value);
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith($"gpubv: error: {flag}: ", stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output + ".journal") || File.Exists(Path.ChangeExtension(output, ".journal")), "the screen started");
    }

    [Fact]
    public void JobsAreCappedAtTheCoresWithAWarning()
    {
        var o = new ScreenOptions(MobileIon.Parse("Li+"), Jobs: 60) { Memory = new MemoryBudget(1L << 40) };
        var (capped, warning) = o.CapJobs(2);
        Assert.Equal(2, capped.Jobs);
        Assert.NotNull(warning);
        Assert.Contains("60", warning, StringComparison.Ordinal);
        Assert.Contains("2 core", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void JobsAreCappedAtWhatTheMemoryHolds()
    {
        var o = new ScreenOptions(MobileIon.Parse("Li+"), Jobs: 16) { Memory = new MemoryBudget(3 * ScreenOptions.MinimumJobMemory) };
        var (capped, warning) = o.CapJobs(64);
        Assert.Equal(3, capped.Jobs);
        Assert.NotNull(warning);
        Assert.Equal(o.Memory!.Bytes / 3, capped.JobMemory.Bytes);
    }

    [Fact]
    public void JobsThatFitAreLeftAloneWithoutAWarning()
    {
        var o = new ScreenOptions(MobileIon.Parse("Li+"), Jobs: 2) { Memory = new MemoryBudget(1L << 40) };
        var (same, warning) = o.CapJobs(8);
        Assert.Equal(2, same.Jobs);
        Assert.Null(warning);
        Assert.Equal((1L << 40) / 2, same.JobMemory.Bytes);
    }

    [Fact]
    public void JobsSixtyOnTheCliWarnsAndScreens()
    {
        string output = Path.Combine(Path.GetDirectoryName(TestData.TempFile("jobs60", ""))!, "jobs60.csv");
        var (code, _, stderr) = Run("screen", TestData.Structure("Li2O.cif"), "--ion", "Li+", "--out", output, "--device", "cpu",
            "--resolution", "0.5", "--jobs", "60", "--memory", "64G");
        Assert.True(code == 0, stderr);
        if (Environment.ProcessorCount < 60)
        {
            Assert.Contains("warning: --jobs 60 capped at", stderr, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("4G", 4L << 30)]
    [InlineData("512M", 512L << 20)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("2048k", 2L << 20)]
    [InlineData("1048576", 1L << 20)]
    public void MemorySizesParse(string text, long bytes) => Assert.Equal(bytes, MemoryBudget.Parse(text).Bytes);

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1G")]
    [InlineData("NaN")]
    [InlineData("10")]
    public void BadMemorySizesAreInputErrors(string text)
        => Assert.Equal(InputParameter.Memory, Assert.Throws<InputException>(() => MemoryBudget.Parse(text)).Parameter);

    [Fact]
    public void TheDefaultBudgetIsTheStatedFractionOfAvailableMemory()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        Assert.Equal((long)(available * MemoryBudget.DefaultFraction), MemoryBudget.Default.Bytes);
    }
}
