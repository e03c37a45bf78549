using System.Diagnostics;
using System.Runtime.InteropServices;
using GpuBv.IO.Structures;

namespace GpuBv.Bench;

/// <summary>
/// Throughput benchmarks, reported (not asserted). Usage: <c>dotnet run -c Release --project bench/GpuBv.Bench -- read [seconds]</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string what = args.Length > 0 ? args[0] : "read";
        double seconds = what == "read" && args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        PrintMachine();
        switch (what)
        {
            case "read":
                return ReadBench(seconds);
            case "bvse":
                return BvseBench.Run(args.Skip(1).ToArray());
            case "screen":
                return ScreenBench.Run(args.Skip(1).ToArray());
            case "traj":
                return TrajBench.Run(args.Skip(1).ToArray());
            case "agree":
                return AgreeBench.Run(args.Skip(1).ToArray());
            case "percolation":
                return PercolationBench.Run(args.Skip(1).ToArray());
            case "startup":
                return StartupBench.Run(args.Skip(1).ToArray());
            case "coupling":
                return CouplingBench.Run(args.Skip(1).ToArray());
            case "erot-cutoff":
                return ErotCutoffStudy.Run(args.Skip(1).ToArray());
            default:
                Console.Error.WriteLine(
                    $"unknown benchmark '{what}'; available: read, bvse, screen, traj, agree, percolation, startup, coupling, erot-cutoff");
                return 2;
        }
    }

    private static void PrintMachine()
    {
        Console.WriteLine($"machine: {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, "
            + $"{Environment.ProcessorCount} logical cores, .NET {Environment.Version}");
        try
        {
            var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"));
            if (model is not null)
                Console.WriteLine($"cpu: {model.Split(':', 2)[1].Trim()}");
        }
        catch (IOException) { }
    }

    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or <paramref name="fallback"/>.</summary>
    internal static string Arg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>
    /// The test data folder: <c>Data/</c> beside the executable in a GPU bundle (scripts/gpu-bundle.sh), else
    /// tests/GpuBv.Tests/Data of the repository this benchmark was built in.
    /// </summary>
    internal static string DataRoot()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Data");
        if (Directory.Exists(Path.Combine(beside, "structures")))
            return beside;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GpuBv.sln")))
            dir = dir.Parent;
        return dir is null
            ? throw new InvalidOperationException("run the benchmark from inside the GpuBv repository or a GPU bundle")
            : Path.Combine(dir.FullName, "tests", "GpuBv.Tests", "Data");
    }

    /// <summary>
    /// Structures read per second on one thread: every shipped CIF (text already in memory, so this measures parsing,
    /// symmetry expansion and merging, not the disk), cycled for the given time.
    /// </summary>
    private static int ReadBench(double seconds)
    {
        var files = Directory.GetFiles(DataRoot(), "*.cif", SearchOption.AllDirectories)
            .Order().Select(f => (name: Path.GetFileName(f), text: File.ReadAllText(f))).ToList();
        Console.WriteLine($"benchmark: read (CIF parse + symmetry expansion + merge), 1 thread, {files.Count} files, {seconds} s per file");
        Console.WriteLine($"{"file",-45} {"sites",6} {"structures/s",14}");
        double totalTime = 0;
        long totalCount = 0;
        foreach (var (name, text) in files)
        {
            var s = StructureReader.Read(text, name); // warm-up
            var sw = Stopwatch.StartNew();
            long n = 0;
            while (sw.Elapsed.TotalSeconds < seconds)
            {
                StructureReader.Read(text, name);
                n++;
            }
            double t = sw.Elapsed.TotalSeconds;
            totalTime += t;
            totalCount += n;
            Console.WriteLine($"{name,-45} {s.Sites.Length,6} {n / t,14:0}");
        }
        Console.WriteLine($"{"mean over files (harmonic)",-45} {"",6} {totalCount / totalTime,14:0}");
        return 0;
    }
}
