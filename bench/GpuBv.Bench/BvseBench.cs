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
/// a device, plus a plain exp+sqrt pair kernel on the same device as the reference "limit".
/// Usage: <c>bvse [--device cpu|cuda|ilgpu-cpu] [--resolutions 0.2,0.1] [--repeat 3]</c>.
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
        var files = Directory.GetFiles(Path.Combine(Program.DataRoot(), "structures"), "*.cif").Order().ToList();
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
        PlainPairLimit(device);
        return 0;
    }

    /// <summary>
    /// The reference "limit": a kernel that does nothing but one exp and one sqrt per pair (the irreducible transcendental
    /// work of a Morse term) over the same number of pairs, on the same device.
    /// </summary>
    private static void PlainPairLimit(string device)
    {
        const int points = 1 << 16, ions = 1024;
        var rnd = new Random(1);
        var pos = Enumerable.Range(0, ions * 3).Select(_ => (float)(rnd.NextDouble() * 20)).ToArray();
        if (device is "cpu")
        {
            var sw = Stopwatch.StartNew();
            var outp = new double[points];
            Parallel.For(0, points, p => outp[p] = PlainCpu(p, pos, ions));
            sw.Restart();
            Parallel.For(0, points, p => outp[p] = PlainCpu(p, pos, ions));
            Console.WriteLine("limit: plain exp+sqrt pair loop (scalar double, all cores): "
                + $"{(double)points * ions / sw.Elapsed.TotalSeconds:0.00e0} pairs/s");
            return;
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
            return;
        }
        using var acc = dev.CreateAccelerator(ctx);
        var kernel = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(PlainKernel);
        using var bufPos = acc.Allocate1D(pos);
        using var bufOut = acc.Allocate1D<float>(points);
        kernel(points, bufPos.View, bufOut.View, ions);
        acc.Synchronize();
        var t = Stopwatch.StartNew();
        kernel(points, bufPos.View, bufOut.View, ions);
        acc.Synchronize();
        Console.WriteLine(
            $"limit: plain exp+sqrt pair kernel on {acc.Name}: {(double)points * ions / t.Elapsed.TotalSeconds:0.00e0} pairs/s");
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
