using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.IO.Structures;
using GpuBv.Kernels.Compute;
using GpuBv.Percolation;
using GpuBv.Screening;

namespace GpuBv.Bench;

/// <summary>
/// Screening throughput: structures/s for a mixed set at 0.2 Å through the same runner as <c>gpubv screen</c>, and
/// where a structure's time goes (reading + oxidation states, energy grid, percolation), measured one structure at a time.
/// Usage: <c>screen [--device cpu|cuda] [--ion Li1+] [--repeat 3] [folders...]</c> (default: the shipped test structures).
/// </summary>
internal static class ScreenBench
{
    public static int Run(string[] args)
    {
        string device = Program.Arg(args, "--device", "cpu"), ion = Program.Arg(args, "--ion", "Li1+");
        int repeat = int.Parse(Program.Arg(args, "--repeat", "3"));
        var folders = args.Where((a, i) => !a.StartsWith("--") && (i == 0 || !args[i - 1].StartsWith("--"))).ToList();
        if (folders.Count == 0)
            folders.Add(Program.DataRoot());
        var items = ScreenInputs.Enumerate(folders).ToList();
        var texts = items.Select(i =>
        {
            try
            {
                return (i.Name, Text: i.Read());
            }
            catch (InputException)
            {
                return (i.Name, Text: "");
            }
        }).ToList();
        var mobile = MobileIon.Parse(ion);
        using var devices = IlgpuDevices.Open(device, m => Console.WriteLine("note: " + m), cpuThreads: device == "cpu" ? 1 : 0);
        Console.WriteLine($"benchmark: screen, {items.Count} structures, {ion}, 0.2 Å, device {devices.DeviceName}");

        // Stage fractions, one structure at a time.
        double tRead = 0, tGrid = 0, tPerc = 0;
        int computed = 0;
        foreach (var (name, text) in texts)
        {
            try
            {
                var sw = Stopwatch.StartNew();
                var s = StructureReader.Read(text, name);
                if (!s.Composition().ContainsKey(mobile.Element))
                    continue;
                var ox = OxidationStates.Assign(s).Structure;
                tRead += sw.Elapsed.TotalSeconds;
                sw.Restart();
                var fw = BvseFramework.Build(ox, mobile);
                var grid = BvseGrid.ForLattice(ox.Lattice, 0.2);
                var tiles = TiledFramework.Build(fw, grid, 0.2);
                var e = devices.Evaluate(tiles, out _);
                tGrid += sw.Elapsed.TotalSeconds;
                sw.Restart();
                devices.Percolate(e, grid, Connectivity.Full26, 5.0); // the device's provider, as the runner uses
                tPerc += sw.Elapsed.TotalSeconds;
                computed++;
            }
            catch (InputException) { }
        }
        double total = tRead + tGrid + tPerc;
        Console.WriteLine($"one at a time: {computed} computed; read+oxidation {100 * tRead / total:0.#} %, "
            + $"framework+grid {100 * tGrid / total:0.#} %, percolation {100 * tPerc / total:0.#} % of {total:0.###} s");

        // The runner itself, all workers, best of `repeat`.
        double best = double.MaxValue;
        for (int r = 0; r < repeat; r++)
        {
            var dir = Path.Combine(Path.GetTempPath(), "gpubv-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var journalPath = Path.Combine(dir, "j");
            var sw = Stopwatch.StartNew();
            using (var journal = ResultJournal.OpenAppend(journalPath))
                ScreenRunner.Run(items, new ScreenOptions(mobile), journal, new HashSet<string>(), devices);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            Directory.Delete(dir, true);
        }
        Console.WriteLine($"runner ({Environment.ProcessorCount} workers): {items.Count / best:0.#} structures/s over all inputs "
            + $"({best:0.###} s for {items.Count}; {computed} with {mobile.Element})");
        return 0;
    }

}
