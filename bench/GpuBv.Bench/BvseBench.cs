using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.IO.Structures;
using GpuBv.Kernels.Compute;
using ILGPU;
using ILGPU.Runtime;

namespace GpuBv.Bench;

/// <summary>
/// BVSE throughput: grid points/s, pair evaluations/s and structures/s for the shipped structures at 0.2 and 0.1 Å on
/// a device, plus a plain exp+sqrt pair kernel on the same device as the reference "limit" (best of the repeats, after a
/// warm-up) and the BVSE kernel's pairs/s as a fraction of it. A device that fails mid-run says "continuing on the CPU
/// path" in a note (the GPU check counts that as a failure). Usage: <c>bvse [--device cpu|cuda|ilgpu-cpu]
/// [--resolutions 0.2,0.1] [--repeat 3] [--files a.cif,b.cif] [--limit-points 1048576]</c>.
/// </summary>
internal static class BvseBench
{
    public static int Run(string[] args)
    {
        string device = Program.Arg(args, "--device", "cpu");
        var resolutions = Program.Arg(args, "--resolutions", "0.2,0.1")
            .Split(',')
            .Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        int repeat = int.Parse(Program.Arg(args, "--repeat", "3"));
        int limitPoints = int.Parse(Program.Arg(args, "--limit-points", "1048576"));
        var only = Program.Arg(args, "--files", "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var files = Directory.GetFiles(Path.Combine(Program.DataRoot(), "structures"), "*.cif")
            .Where(f => only.Count == 0 || only.Contains(Path.GetFileName(f)))
            .Order()
            .ToList();
        using var devices = IlgpuDevices.Open(device, m => Console.WriteLine("note: " + m));
        Console.WriteLine($"benchmark: bvse, device {devices.DeviceName}, cutoff 10 Å, best of {repeat} "
            + "(grid evaluation only; framework, tiling and percolation timed apart)");
        Console.WriteLine($"{"file",-34} {"res",5} {"grid",14} {"points/s",10} {"pairs/s",10} {"grid s",8} {"total s",8}");
        double sumPairs = 0, sumTime = 0;
        foreach (var res in resolutions)
            foreach (var f in files)
            {
                var s = OxidationStates.Assign(StructureReader.ReadFile(f)).Structure;
                string ion = s.Composition().ContainsKey("Li") ? "Li1+" : s.Composition().ContainsKey("Na") ? "Na1+" : "Mg2+";
                BvseFramework fw;
                try
                {
                    fw = BvseFramework.Build(s, MobileIon.Parse(ion));
                }
                catch (InputException e)
                {
                    Console.WriteLine($"{Path.GetFileName(f),-34} skipped: {e.Problem}");
                    continue;
                }
                var grid = BvseGrid.ForLattice(s.Lattice, res);
                var tiles = TiledFramework.Build(fw, grid, res);
                double best = double.MaxValue;
                for (int r = 0; r < repeat; r++)
                {
                    var sw = Stopwatch.StartNew();
                    devices.Evaluate(tiles, out _);
                    best = Math.Min(best, sw.Elapsed.TotalSeconds);
                }
                var total = Stopwatch.StartNew();
                BvseCalculator.Run(s, new BvseOptions(MobileIon.Parse(ion), res), devices);
                double tt = total.Elapsed.TotalSeconds;
                sumPairs += tiles.PairEvaluations;
                sumTime += best;
                Console.WriteLine($"{Path.GetFileName(f),-34} {res,5} {$"{grid.N1}x{grid.N2}x{grid.N3}",14} "
                    + $"{grid.Count / best,10:0.00e0} {tiles.PairEvaluations / best,10:0.00e0} {best,8:0.0000} {tt,8:0.0000}");
            }
        Console.WriteLine($"{"all (pairs / time)",-34} {"",5} {"",14} {"",10} {sumPairs / sumTime,10:0.00e0}");
        double limit = PlainPairLimit(device, limitPoints, repeat);
        if (limit > 0 && sumTime > 0)
            Console.WriteLine($"bvse kernel / plain limit: {sumPairs / sumTime / limit:0.000} (pairs/s of the BVSE grids over the plain "
                + "exp+sqrt pairs/s on the same device)");
        return 0;
    }

    /// <summary>
    /// The reference "limit": a kernel that does nothing but one exp and one sqrt per pair (the irreducible transcendental
    /// work of a Morse term) over the same number of pairs, on the same device.
    /// </summary>
    /// <returns>The limit's pairs/s, or 0 when the device was not found.</returns>
    private static double PlainPairLimit(string device, int points, int repeat)
    {
        const int ions = 1024;
        var rnd = new Random(1);
        var pos = Enumerable.Range(0, ions * 3).Select(_ => (float)(rnd.NextDouble() * 20)).ToArray();
        if (device is "cpu")
        {
            var sw = Stopwatch.StartNew();
            var outp = new double[points];
            Parallel.For(0, points, p => outp[p] = PlainCpu(p, pos, ions));
            double bestCpu = double.MaxValue;
            for (int r = 0; r < repeat; r++)
            {
                sw.Restart();
                Parallel.For(0, points, p => outp[p] = PlainCpu(p, pos, ions));
                bestCpu = Math.Min(bestCpu, sw.Elapsed.TotalSeconds);
            }
            double cpuRate = (double)points * ions / bestCpu;
            Console.WriteLine($"limit: plain exp+sqrt pair loop (scalar double, all cores), {points} points x {ions} ions: "
                + $"{cpuRate:0.00e0} pairs/s");
            return cpuRate;
        }
        var kind = device.StartsWith("cuda") ? DeviceKind.Cuda : device.StartsWith("opencl") ? DeviceKind.OpenCL : DeviceKind.IlgpuCpu;
        using var ctx = Context.Create(b => b.AllAccelerators());
        var acceleratorType = kind switch
        {
            DeviceKind.Cuda => AcceleratorType.Cuda,
            DeviceKind.OpenCL => AcceleratorType.OpenCL,
            _ => AcceleratorType.CPU,
        };
        var dev = ctx.Devices.FirstOrDefault(d => d.AcceleratorType == acceleratorType);
        if (dev is null)
        {
            Console.WriteLine("limit: device not found");
            return 0;
        }
        using var acc = dev.CreateAccelerator(ctx);
        var kernel = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(PlainKernel);
        using var bufPos = acc.Allocate1D(pos);
        using var bufOut = acc.Allocate1D<float>(points);
        kernel(points, bufPos.View, bufOut.View, ions);
        acc.Synchronize();
        double best = double.MaxValue;
        for (int r = 0; r < repeat; r++)
        {
            var t = Stopwatch.StartNew();
            kernel(points, bufPos.View, bufOut.View, ions);
            acc.Synchronize();
            best = Math.Min(best, t.Elapsed.TotalSeconds);
        }
        double rate = (double)points * ions / best;
        Console.WriteLine($"limit: plain exp+sqrt pair kernel (float) on {acc.Name}, {points} points x {ions} ions, best of {repeat}: "
            + $"{rate:0.00e0} pairs/s");
        return rate;
    }

    private static double PlainCpu(int p, float[] pos, int ions)
    {
        double x = p % 20, y = p / 20 % 20, z = 1, s = 0;
        for (int i = 0; i < ions; i++)
        {
            double dx = pos[3 * i] - x, dy = pos[3 * i + 1] - y, dz = pos[3 * i + 2] - z;
            s += Math.Exp(-Math.Sqrt(dx * dx + dy * dy + dz * dz));
        }
        return s;
    }

    private static void PlainKernel(Index1D p, ArrayView<float> pos, ArrayView<float> output, int ions)
    {
        float x = p % 20, y = p / 20 % 20, z = 1f, s = 0f;
        for (int i = 0; i < ions; i++)
        {
            float dx = pos[3 * i] - x, dy = pos[3 * i + 1] - y, dz = pos[3 * i + 2] - z;
            s += MathF.Exp(-MathF.Sqrt(dx * dx + dy * dy + dz * dz));
        }
        output[p] = s;
    }

}
