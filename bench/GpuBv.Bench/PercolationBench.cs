using System.Diagnostics;
using System.Globalization;
using GpuBv.Compute;
using GpuBv.Kernels.Compute;
using GpuBv.Percolation;

namespace GpuBv.Bench;

/// <summary>
/// The device's percolation provider (issue 13's GPU check, section 5): voxels/s and grids/s on seeded synthetic grids
/// (<see cref="SyntheticLandscape"/>: random periodic landscapes with planted channels, both connectivities, some grids
/// with a low encut so that barriers go missing), and structures/s on the shipped structures, one at a time and in one
/// <see cref="IComputeProvider.EvaluateBatch"/> call. Every result is checked against
/// <see cref="PercolationAnalysis.Compute(ReadOnlySpan{float}, int, int, int, Connectivity, double)"/> on the host on
/// the same float grid: thresholds and E_min bit for bit; saddles bit for bit, or else a saddle of exactly the same
/// energy (a tie, which <see cref="PercolationResult"/> allows), counted apart. The provider is whatever
/// <see cref="IlgpuDevices.TryOpen"/> gives (its name is printed: "managed" while percolation runs on the host).
/// Exit code 0 when everything agrees, 1 when something does not, 3 when the device is absent.
/// The device pass over one size stops early once it has run for <c>--budget</c> seconds (the grids run are reported and
/// checked), so a slow provider cannot eat a short GPU lease.
/// Usage: <c>percolation [--device cuda] [--count 256] [--sizes 32,64,128] [--seed 1] [--budget 20] [--resolution 0.2]
/// [--max-points N] [--files a.cif,b.cif]</c>.
/// </summary>
internal static class PercolationBench
{
    public static int Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        string device = Program.Arg(args, "--device", "cuda");
        int count = int.Parse(Program.Arg(args, "--count", "256"), inv);
        var sizes = Program.Arg(args, "--sizes", "32,64,128").Split(',').Select(x => int.Parse(x, inv)).ToArray();
        ulong seed = ulong.Parse(Program.Arg(args, "--seed", "1"), inv);
        double budget = double.Parse(Program.Arg(args, "--budget", "20"), inv);
        double resolution = double.Parse(Program.Arg(args, "--resolution", "0.2"), inv);
        long maxPoints = long.Parse(Program.Arg(args, "--max-points", "100000000"), inv);
        if (ShippedStructures.ParseDevice(device) is not { } parsed)
        {
            Console.WriteLine("percolation measures a device's provider: name a device (cuda, opencl, ilgpu-cpu)");
            return 2;
        }
        var set = IlgpuDevices.TryOpen(parsed.Kind, parsed.Index, out var reason);
        if (set is null)
        {
            Console.WriteLine($"no device: {reason}");
            return 3;
        }
        // A fallback to the CPU would measure the wrong thing: it throws instead.
        using var compute = new FallbackComputeProvider(set, msg => throw new InvalidOperationException("device failed: " + msg));
        var provider = set.Percolation;
        Console.WriteLine($"benchmark: percolation, device {set.Evaluator.DeviceName}, percolation provider '{provider.Name}'; "
            + $"host reference PercolationAnalysis.Compute on {Environment.ProcessorCount} threads");
        int bad = Synthetic(provider, count, sizes, seed, budget);
        bad += Shipped(compute, provider, resolution, maxPoints, Program.Arg(args, "--files", ""));
        Console.WriteLine($"summary: {(bad == 0 ? "all results agree with the host" : $"{bad} results DISAGREE with the host")}");
        return bad == 0 ? 0 : 1;
    }

    private static int Synthetic(IPercolationProvider provider, int count, int[] sizes, ulong seed, double budget)
    {
        Console.WriteLine($"synthetic grids: {count} per size, seed {seed}, Full26 and Faces6 alternating, every 4th with encut 0.5 eV; "
            + $"device pass stops after {budget} s per size");
        Console.WriteLine($"{"size",6} {"grids",6} {"voxels",12} {"first s",8} {"device s",9} {"grids/s",9} {"voxels/s",10} "
            + $"{"host s",8} {"host vox/s",10} {"identical",10} {"tied sad.",9} {"differ",7}");
        int bad = 0;
        foreach (int n in sizes)
        {
            var grids = new float[count][];
            Parallel.For(0, count, g => grids[g] = SyntheticLandscape.Generate(n, seed * 1_000_003UL + (ulong)(n * 7919 + g)));
            static Connectivity Conn(int g) => g % 2 == 0 ? Connectivity.Full26 : Connectivity.Faces6;
            static double Cut(int g) => g % 4 == 3 ? 0.5 : 100.0;
            var sw = Stopwatch.StartNew();
            provider.Compute(grids[0], n, n, n, Conn(0), Cut(0)); // first call: compilation and allocation
            double first = sw.Elapsed.TotalSeconds;
            var dev = new PercolationResult[count];
            sw.Restart();
            int run = 0;
            while (run < count && sw.Elapsed.TotalSeconds < budget)
            {
                dev[run] = provider.Compute(grids[run], n, n, n, Conn(run), Cut(run));
                run++;
            }
            double devS = sw.Elapsed.TotalSeconds;
            var host = new PercolationResult[run];
            sw.Restart();
            Parallel.For(0, run, g => host[g] = PercolationAnalysis.Compute(grids[g], n, n, n, Conn(g), Cut(g)));
            double hostS = sw.Elapsed.TotalSeconds;
            int same = 0, tied = 0, differ = 0;
            for (int g = 0; g < run; g++)
            {
                switch (Check(dev[g], host[g], grids[g], n, n, n))
                {
                    case Agreement.Identical:
                        same++;
                        break;
                    case Agreement.TiedSaddle:
                        tied++;
                        break;
                    default:
                        differ++;
                        if (differ <= 3)
                            Console.WriteLine($"  grid {g} ({n}³, seed {seed}) differs:\n    provider {AgreeBench.Describe(dev[g])}"
                                + $"\n    host     {AgreeBench.Describe(host[g])}");
                        break;
                }
            }
            bad += differ;
            double voxels = (double)n * n * n * run;
            Console.WriteLine($"{n + "³",6} {run,6} {voxels,12:0} {first,8:0.000} {devS,9:0.000} {run / devS,9:0.0} "
                + $"{voxels / devS,10:0.00e0} {hostS,8:0.000} {voxels / hostS,10:0.00e0} {same,10} {tied,9} {differ,7}"
                + (run < count ? $"  (budget reached: {run} of {count} grids)" : ""));
        }
        return bad;
    }

    private static int Shipped(FallbackComputeProvider compute, IPercolationProvider provider, double resolution, long maxPoints,
        string only)
    {
        var requests = new List<(string Name, GridRequest Request)>();
        foreach (var e in ShippedStructures.Load(only))
        {
            if (ShippedStructures.Tile(e, resolution, out var problem) is not { } t)
                Console.WriteLine($"  {e.Name}: skipped ({problem})");
            else if (t.Grid.Count > maxPoints)
                Console.WriteLine($"  {e.Name}: skipped ({t.Grid.Count} points > --max-points {maxPoints})");
            else
                requests.Add((e.Name, new GridRequest(t.Tiles, t.Grid, Connectivity.Full26, 5.0)));
        }
        if (requests.Count == 0)
        {
            Console.WriteLine("shipped structures: none to run");
            return 0;
        }
        double voxels = requests.Sum(r => (double)r.Request.Grid.Count);
        Console.WriteLine($"shipped structures at {resolution} Å: {requests.Count} grids, {voxels:0} voxels (energies on the device, "
            + "then percolation)");
        // Warm-up (kernel compilation) on the smallest grid.
        var smallest = requests.MinBy(r => r.Request.Grid.Count).Request;
        compute.Percolate(compute.Evaluate(smallest.Tiles, out _), smallest.Grid, smallest.Connectivity, smallest.Encut);

        double tEval = 0, tPerc = 0;
        var one = new List<GridAnalysis>();
        foreach (var (_, r) in requests)
        {
            var sw = Stopwatch.StartNew();
            var energies = compute.Evaluate(r.Tiles, out string dev);
            tEval += sw.Elapsed.TotalSeconds;
            sw.Restart();
            var perc = provider.Compute(energies, r.Grid.N1, r.Grid.N2, r.Grid.N3, r.Connectivity, r.Encut);
            tPerc += sw.Elapsed.TotalSeconds;
            one.Add(new GridAnalysis(energies, perc, dev));
        }
        var batchWatch = Stopwatch.StartNew();
        var batch = ((IComputeProvider)compute).EvaluateBatch(requests.Select(r => r.Request).ToList());
        double tBatch = batchWatch.Elapsed.TotalSeconds;
        double tOne = tEval + tPerc;
        Console.WriteLine($"one at a time: {requests.Count / tOne:0.0} structures/s ({tOne:0.000} s: energies {tEval:0.000} s, "
            + $"percolation {tPerc:0.000} s = {voxels / tPerc:0.00e0} voxels/s)");
        Console.WriteLine($"EvaluateBatch: {requests.Count / tBatch:0.0} structures/s ({tBatch:0.000} s, {voxels / tBatch:0.00e0} voxels/s "
            + "energies and percolation together)");
        int bad = 0;
        for (int i = 0; i < requests.Count; i++)
        {
            var (name, r) = requests[i];
            foreach (var (label, a) in new[] { ("one at a time", one[i]), ("EvaluateBatch", batch[i]) })
            {
                var host = PercolationAnalysis.Compute(a.Energies, r.Grid.N1, r.Grid.N2, r.Grid.N3, r.Connectivity, r.Encut);
                var agreement = Check(a.Percolation, host, a.Energies, r.Grid.N1, r.Grid.N2, r.Grid.N3);
                if (agreement == Agreement.Differ)
                {
                    bad++;
                    Console.WriteLine($"  {name} ({label}) differs:\n    provider {AgreeBench.Describe(a.Percolation)}"
                        + $"\n    host     {AgreeBench.Describe(host)}");
                }
                else if (agreement == Agreement.TiedSaddle)
                {
                    Console.WriteLine($"  {name} ({label}): a saddle differs at exactly the same energy (tie)");
                }
            }
        }
        Console.WriteLine($"shipped: {2 * requests.Count - bad} of {2 * requests.Count} results agree with the host "
            + $"(device of the grids: {one[0].Device}; of the batch: {batch[0].Device})");
        return bad;
    }

    private enum Agreement
    {
        Identical,
        TiedSaddle,
        Differ,
    }

    private static Agreement Check(PercolationResult dev, PercolationResult host, float[] e, int n1, int n2, int n3)
    {
        if (AgreeBench.Identical(dev, host))
            return Agreement.Identical;
        if (BitConverter.DoubleToInt64Bits(dev.EMin) != BitConverter.DoubleToInt64Bits(host.EMin))
            return Agreement.Differ;
        for (int d = 1; d <= 3; d++)
        {
            var (a, b) = (dev.Threshold(d), host.Threshold(d));
            bool sameLevel = a is null
                ? b is null
                : b is not null && BitConverter.DoubleToInt64Bits(a.Value) == BitConverter.DoubleToInt64Bits(b.Value);
            if (!sameLevel)
                return Agreement.Differ;
            var (sa, sb) = (dev.Saddle(d), host.Saddle(d));
            if (sa == sb)
                continue;
            if (sa is null || sb is null || At(e, sa.Value, n1, n2, n3) != At(e, sb.Value, n1, n2, n3))
                return Agreement.Differ;
        }
        return Agreement.TiedSaddle;
    }

    /// <summary>The energy at a saddle given as fractional coordinates (i/n1, j/n2, k/n3); NaN off the grid.</summary>
    private static float At(float[] e, Crystal.Vec3 f, int n1, int n2, int n3)
    {
        int i = (int)Math.Round(f.X * n1), j = (int)Math.Round(f.Y * n2), k = (int)Math.Round(f.Z * n3);
        return i < 0 || j < 0 || k < 0 || i >= n1 || j >= n2 || k >= n3 ? float.NaN : e[((long)i * n2 + j) * n3 + k];
    }
}
