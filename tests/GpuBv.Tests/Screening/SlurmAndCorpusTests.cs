using System.Diagnostics;
using GpuBv.Cli;
using GpuBv.Screening;
using Xunit;

namespace GpuBv.Tests.Screening;

/// <summary>
/// Cluster and corpus tests. `.ci/run` installs and starts a single-node Slurm (scripts/slurm/local-slurm.sh) and
/// Debian's libavogadro-data crystals before the tests; where that is impossible these skip with the reason.
/// </summary>
public sealed class SlurmAndCorpusTests
{
    private static (int code, string output) Shell(string file, params string[] args)
    {
        try
        {
            var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            string o = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, o);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }

    [Fact]
    public void FourTaskSlurmArrayThenMergeEqualsOneProcess()
    {
        var (ok, info) = Shell("sinfo", "-h", "-o", "%T");
        if (ok != 0 || !(info.Contains("idle") || info.Contains("mix") || info.Contains("alloc")))
            Assert.Skip($"no running Slurm here (start it with scripts/slurm/local-slurm.sh start): {info.Trim()}");

        var dir = Path.Combine(Path.GetTempPath(), "gpubv-tests", "slurm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var input = Path.Combine(TestData.Root, "structures");
        var gpubv = Path.Combine(AppContext.BaseDirectory, "gpubv.dll");
        var script = Path.Combine(dir, "screen.sbatch");
        // The project's CPU template, pointed at this build.
        var template = File.ReadAllText(Path.Combine(RepoRoot(), "scripts", "slurm", "screen-cpu.sbatch"));
        File.WriteAllText(script, template);
        var (code, submit) = Shell("sbatch", "--wait", "--array=0-3", $"--output={dir}/slurm-%A_%a.out", $"--chdir={dir}",
            $"--export=ALL,GPUBV=dotnet {gpubv},INPUT={input},ION=Li1+,OUT={dir}/results,EXTRA=--device cpu", script);
        Assert.True(
            code == 0,
            $"sbatch failed: {submit}\n{string.Join("\n", Directory.GetFiles(dir, "slurm-*.out").Select(File.ReadAllText))}");
        var shards = Enumerable.Range(0, 4).Select(i => Path.Combine(dir, "results", $"shard_{i}.csv")).ToArray();
        Assert.All(shards, s => Assert.True(File.Exists(s), $"missing {s}"));

        var o = new StringWriter();
        var e = new StringWriter();
        var merged = Path.Combine(dir, "merged.csv");
        Assert.True(Program.Run(["merge", merged, .. shards], o, e) == 0, e.ToString());
        var single = Path.Combine(dir, "single.csv");
        Assert.Equal(0, Program.Run(["screen", input, "--ion", "Li1+", "--out", single, "--device", "cpu"], o, e));
        ScreenTests.AssertSameRows(ResultTable.ReadCsv(single), ResultTable.ReadCsv(merged));
        Assert.True(shards.Count(s => ResultTable.ReadCsv(s).Count > 0) >= 2, "the array did not spread the work");
    }

    [Fact]
    public void CorpusOfRealCifsGivesOneRowEachAndOneLineErrors()
    {
        const string corpus = "/usr/share/avogadro2/crystals";
        if (!Directory.Exists(corpus))
            Assert.Skip("Debian's libavogadro-data is not installed (.ci/run installs it)");
        var files = Directory.GetFiles(corpus, "*.cif", SearchOption.AllDirectories);
        Assert.True(files.Length >= 200, $"only {files.Length} CIFs");
        var dir = Path.Combine(Path.GetTempPath(), "gpubv-tests", "corpus-" + Guid.NewGuid().ToString("N"));
        var output = Path.Combine(dir, "res.csv");
        var o = new StringWriter();
        var e = new StringWriter();
        // O2- as the mobile ion exercises most of the corpus (oxides); a per-structure timeout keeps CI bounded.
        int code = Program.Run(
            ["screen", corpus, "--ion", "O2-", "--out", output, "--device", "cpu", "--timeout-per-structure", "60"], o, e);
        Assert.Equal(0, code);
        Assert.DoesNotContain("   at ", e.ToString());
        var rows = ResultTable.ReadCsv(output);
        Assert.Equal(files.Length, rows.Count);
        Assert.Equal(files.Length, rows.Select(r => r.File).Distinct().Count());
        Assert.True(rows.Count(r => r.Status == ScreenStatus.Ok) >= 100, "too few structures computed");
        foreach (var r in rows.Where(r => r.Status is ScreenStatus.Error or ScreenStatus.Timeout))
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Message));
            Assert.DoesNotContain('\n', r.Message!);
            Assert.DoesNotContain("internal error", r.Message!);
            Assert.Contains(Path.GetFileName(r.File), r.Message! + (r.Status == ScreenStatus.Timeout ? Path.GetFileName(r.File) : ""));
        }
        // Issue 11's rule: no silent ok row contradicts its file's own formula. Checked independently of the reader: the
        // file's _chemical_formula_sum parsed here, against the row's reduced formula (element set and proportions).
        var silentOk = rows.Where(r => r.Status == ScreenStatus.Ok && string.IsNullOrEmpty(r.Message)).ToList();
        int compared = 0;
        foreach (var r in silentOk)
        {
            var sum = FileFormulaSum(File.ReadAllText(r.File));
            if (sum is null)
                continue;
            compared++;
            var got = ParseFormula(r.Formula!);
            Assert.True(Proportional(sum, got), $"{r.File}: ok row formula {r.Formula} contradicts its file's formula");
        }
        Assert.True(compared >= 50, $"only {compared} silent ok rows had a formula to compare");
    }

    private static Dictionary<string, double>? FileFormulaSum(string cif)
    {
        var m = System.Text.RegularExpressions.Regex.Match(cif, @"^_chemical_formula_sum\s+(?:'([^']*)'|""([^""]*)""|(\S+))",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        return m.Success ? ParseFormula(m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value) : null;
    }

    private static Dictionary<string, double> ParseFormula(string text)
    {
        var d = new Dictionary<string, double>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"([A-Z][a-z]?)\s*([0-9.]*)"))
        {
            double n = m.Groups[2].Value.Length > 0
                ? double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)
                : 1;
            d[m.Groups[1].Value] = d.GetValueOrDefault(m.Groups[1].Value) + n;
        }
        return d;
    }

    private static bool Proportional(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        if (!a.Keys.Order().SequenceEqual(b.Keys.Order()))
            return false;
        string first = a.Keys.First();
        double k = b[first] / a[first];
        return a.All(kv => Math.Abs(b[kv.Key] - k * kv.Value) <= 0.02 * k * kv.Value + 1e-6);
    }

    private static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "GpuBv.sln")))
            d = d.Parent;
        return d!.FullName;
    }
}
