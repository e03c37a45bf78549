using System.Diagnostics;
using System.Globalization;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Kernels.Compute;
using GpuBv.Percolation;

namespace GpuBv.Bench;

/// <summary>
/// Device against the managed CPU path on the shipped structures (issue 13's GPU check, section 3): for every structure
/// and resolution, the device grid (the ILGPU kernel, float arithmetic) against <see cref="CpuBvseEvaluator"/> (double
/// arithmetic, rounded to float), as max |ΔE| over the points that matter (E − E_min &lt; encut on the CPU grid, the
/// region every barrier below encut is made of); then the percolation barriers three ways: the device's percolation
/// provider on the device grid against <see cref="PercolationAnalysis"/> on the host on the SAME float grid (must be
/// bit-identical, saddles included), and the host's barriers on the CPU grid against those on the device grid (the grids
/// differ by float rounding, so these may differ by up to 2·max |ΔE|: each level is a difference of two energies).
/// Exit code 0 when everything agrees, 1 when something does not, 3 when the device is absent.
/// Usage: <c>agree [--device cuda] [--resolutions 0.2,0.1] [--max-points N] [--files a.cif,b.cif] [--tolerance 1e-4]</c>.
/// </summary>
internal static class AgreeBench
{
    private const double Encut = 5.0;

    public static int Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        string device = Program.Arg(args, "--device", "cuda");
        var resolutions = ShippedStructures.Doubles(Program.Arg(args, "--resolutions", "0.2,0.1"));
        long maxPoints = long.Parse(Program.Arg(args, "--max-points", "100000000"), inv);
        double tolerance = double.Parse(Program.Arg(args, "--tolerance", "1e-4"), inv);
        if (ShippedStructures.ParseDevice(device) is not { } parsed)
        {
            Console.WriteLine("agree compares a device with the CPU path: name a device (cuda, opencl, ilgpu-cpu)");
            return 2;
        }
        using var set = IlgpuDevices.TryOpen(parsed.Kind, parsed.Index, out var reason);
        if (set is null)
        {
            Console.WriteLine($"no device: {reason}");
            return 3;
        }
        var cpu = new CpuBvseEvaluator();
        var entries = ShippedStructures.Load(Program.Arg(args, "--files", ""));
        Console.WriteLine($"benchmark: agree, device {set.Evaluator.DeviceName} (percolation provider: {set.Percolation.Name}) "
            + $"against {cpu.DeviceName} in double; |ΔE| over E − E_min < {Encut} eV, tolerance {tolerance:0.#e0} eV; "
            + $"{entries.Count} shipped structures");
        Console.WriteLine($"{"file",-40} {"ion",4} {"res",4} {"grid",12} {"max|dE| eV",11} {"rel all",8} "
            + $"{"E1D",7} {"E2D",7} {"E3D",7} {"dThr cpu",9} {"prov=host",9} {"dev s",7} {"cpu s",7}");
        int compared = 0, failed = 0, skipped = 0;
        double worstAll = 0, worstThreshold = 0;
        bool warm = false;
        foreach (var res in resolutions)
            foreach (var e in entries)
            {
                string label = $"{e.Name,-40} {e.Ion?.ToString() ?? "-",4} {res,4:0.0##}";
                if (ShippedStructures.Tile(e, res, out var problem) is not { } t)
                {
                    Console.WriteLine($"{label} skipped: {problem}");
                    skipped++;
                    continue;
                }
                var (grid, tiles) = t;
                if (grid.Count > maxPoints)
                {
                    Console.WriteLine($"{label} skipped: {grid.Count} points > --max-points {maxPoints}");
                    skipped++;
                    continue;
                }
                if (!warm)
                {
                    set.Evaluator.Evaluate(tiles); // kernel compilation, not timed
                    warm = true;
                }
                var sw = Stopwatch.StartNew();
                var dev = set.Evaluator.Evaluate(tiles);
                double devS = sw.Elapsed.TotalSeconds;
                sw.Restart();
                // The CPU path's double-precision reference (its default sums in float, as the device does).
                var host = cpu.Evaluate(TiledFramework.Build(tiles.Framework, grid, res, singlePrecision: false));
                double cpuS = sw.Elapsed.TotalSeconds;
                var (maxDiff, maxRel, nonFinite) = Compare(host, dev);
                var onDevice = set.Percolation.Compute(dev, grid.N1, grid.N2, grid.N3, Connectivity.Full26, Encut);
                var onHost = PercolationAnalysis.Compute(dev, grid.N1, grid.N2, grid.N3, Connectivity.Full26, Encut);
                var ofCpu = PercolationAnalysis.Compute(host, grid.N1, grid.N2, grid.N3, Connectivity.Full26, Encut);
                bool same = Identical(onDevice, onHost);
                double dThr = ThresholdDifference(ofCpu, onHost, Encut, 2 * maxDiff, out bool thrOk);
                bool ok = maxDiff < tolerance && nonFinite == 0 && same && thrOk;
                compared++;
                if (!ok)
                    failed++;
                worstAll = Math.Max(worstAll, maxDiff);
                worstThreshold = Math.Max(worstThreshold, dThr);
                Console.WriteLine($"{label} {$"{grid.N1}x{grid.N2}x{grid.N3}",12} {maxDiff,11:0.00e0} {maxRel,8:0.0e0} "
                    + $"{Level(onHost.E1D),7} {Level(onHost.E2D),7} {Level(onHost.E3D),7} {dThr,9:0.0e0} {(same ? "yes" : "NO"),9} "
                    + $"{devS,7:0.000} {cpuS,7:0.000}{(ok ? "" : "  DISAGREES")}"
                    + (nonFinite > 0 ? $" ({nonFinite} points finite on one side only)" : "")
                    + (same ? "" : $"\n    provider {Describe(onDevice)}\n    host     {Describe(onHost)}"));
            }
        Console.WriteLine($"summary: {compared} grids compared, {failed} disagree, {skipped} skipped; worst max|ΔE| "
            + $"{worstAll:0.00e0} eV (tolerance {tolerance:0.#e0}); worst |Δ threshold| CPU grid vs device grid {worstThreshold:0.00e0} eV "
            + "(bound: 2·max|ΔE| of that grid, as the kernel is float and the CPU path double)");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// Max |ΔE| where the CPU grid is within encut of its minimum; max relative difference anywhere; points finite on one side
    /// only.
    /// </summary>
    private static (double Max, double Rel, int NonFinite) Compare(float[] cpu, float[] dev)
    {
        float min = float.PositiveInfinity;
        foreach (var v in cpu)
            if (float.IsFinite(v) && v < min)
                min = v;
        double max = 0, rel = 0;
        int nonFinite = 0;
        for (int p = 0; p < cpu.Length; p++)
        {
            if (float.IsFinite(cpu[p]) != float.IsFinite(dev[p]))
            {
                nonFinite++;
                continue;
            }
            if (!float.IsFinite(cpu[p]))
                continue;
            double d = Math.Abs((double)cpu[p] - dev[p]);
            rel = Math.Max(rel, d / Math.Max(1, Math.Abs((double)cpu[p])));
            if (cpu[p] - min < Encut)
                max = Math.Max(max, d);
        }
        return (max, rel, nonFinite);
    }

    /// <summary>Largest |Δ| between the thresholds of two results; ok when within <paramref name="bound"/> (or both absent).</summary>
    private static double ThresholdDifference(PercolationResult a, PercolationResult b, double encut, double bound, out bool ok)
    {
        double worst = 0;
        ok = true;
        for (int d = 1; d <= 3; d++)
        {
            var (x, y) = (a.Threshold(d), b.Threshold(d));
            if (x is null && y is null)
                continue;
            if (x is null || y is null)
            {
                // Present on one grid only: allowed only right at encut.
                double level = (x ?? y)!.Value;
                ok &= encut - level <= bound + 1e-12;
                continue;
            }
            double diff = Math.Abs(x.Value - y.Value);
            worst = Math.Max(worst, diff);
            ok &= diff <= bound + 1e-12;
        }
        return worst;
    }

    /// <summary>True when thresholds, saddles and E_min are bit for bit the same.</summary>
    internal static bool Identical(PercolationResult a, PercolationResult b)
    {
        for (int d = 1; d <= 3; d++)
        {
            if (Bits(a.Threshold(d)) != Bits(b.Threshold(d)) || a.Saddle(d) != b.Saddle(d))
                return false;
        }
        return BitConverter.DoubleToInt64Bits(a.EMin) == BitConverter.DoubleToInt64Bits(b.EMin);
    }

    internal static string Describe(PercolationResult r)
        => string.Create(CultureInfo.InvariantCulture,
            $"E1D {r.E1D:R} E2D {r.E2D:R} E3D {r.E3D:R} S1 {r.Saddle1D} S2 {r.Saddle2D} S3 {r.Saddle3D} Emin {r.EMin:R}");

    private static long Bits(double? x) => x is null ? long.MinValue : BitConverter.DoubleToInt64Bits(x.Value);

    private static string Level(double? x) => x is null ? "-" : x.Value.ToString("0.000", CultureInfo.InvariantCulture);
}
