using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Groups;

namespace GpuBv.Bench;

/// <summary>
/// Where <c>gpubv coupling</c> spends its time on the shipped structures with anion groups: the two periodic maps, the
/// global E_rot, and the local E_rot split into its host stages (framework, shell tiles) and the grid evaluation and
/// union-find; best of <c>--repeat</c> warm runs (default 3) in one process, CPU provider.
/// Usage: <c>coupling [--only a.cif,b.cif] [--repeat N] [--erot-cutoff Å] [--cpu-time] [--cold]</c> (--cold also prints the
/// first, cold run's stages).
/// </summary>
internal static class CouplingBench
{
    public static int Run(string[] args)
    {
        _cpuTime = args.Contains("--cpu-time");
        _cpuMark = Process.GetCurrentProcess().TotalProcessorTime;
        int repeat = int.Parse(Program.Arg(args, "--repeat", "3"), System.Globalization.CultureInfo.InvariantCulture);
        string cutoffText = Program.Arg(args, "--erot-cutoff", "");
        double? cutoff = cutoffText.Length == 0 ? null : double.Parse(cutoffText, System.Globalization.CultureInfo.InvariantCulture);
        var entries = ShippedStructures.Load(Program.Arg(args, "--only", ""));
        using var compute = FallbackComputeProvider.Cpu(0);
        Console.WriteLine($"benchmark: coupling stages, {compute.DeviceName}, best of {repeat} warm runs "
            + (_cpuTime ? "(CPU s, all threads)" : "(wall s)"));
        Console.WriteLine($"{"structure",-40} {"groups",6} {"rc",6} {"maps",6} {"global",6} {"rc test",8} {"tiles",6} "
            + $"{"grid",6} {"union",6} {"E_rot",6} {"total",6} {"E_rot (eV)",10} {"pairs",8}");
        foreach (var e in entries)
        {
            if (e.Structure is null || e.Ion is null)
                continue;
            CouplingPlan plan;
            try
            {
                var rotationOptions = new RotationOptions(Cutoff: cutoff);
                plan = CouplingCalculator.Prepare(e.Structure, new CouplingOptions(e.Ion) { Rotation = rotationOptions });
            }
            catch (InputException)
            {
                continue;
            }
            if (plan.Groups.Count == 0)
                continue;
            var best = new double[7];
            Array.Fill(best, double.PositiveInfinity);
            double eRot = double.NaN;
            double chosen = 0;
            long pairs = 0;
            for (int r = 0; r <= repeat; r++)
            {
                var t = new double[7];
                var sw = Stopwatch.StartNew();
                Lap(sw);
                var maps = plan.Maps.Select(m => BvseCalculator.Run(m, compute)).ToList();
                t[0] = Lap(sw);
                var rotation = plan.Rotation;
                foreach (var g in plan.Groups)
                    RotationBarrier.Global(g, plan.Structure.Lattice, maps[1].Grid, maps[1].Energies, rotation);
                t[1] = Lap(sw);
                double margin = plan.Groups.Max(g => g.LongestBond) + rotation.ShellTolerance + 1.0;
                double rc = rotation.Cutoff ?? RotationBarrier.ChooseLocalCutoff(plan.Groups,
                    c => BvseFramework.Build(plan.Structure, plan.Anion!, c, plan.Table, margin), plan.Options.Cutoff, rotation,
                    tiles => compute.EvaluateMany(tiles)).Cutoff;
                chosen = rc;
                var fw = BvseFramework.Build(plan.Structure, plan.Anion!, rc, plan.Table, margin);
                t[2] = Lap(sw);
                var shells = RotationBarrier.PrepareLocalAll(plan.Groups, fw, rotation);
                t[3] = Lap(sw);
                var energies = compute.EvaluateMany(shells.Select(x => x.Tiles).ToList());
                t[4] = Lap(sw);
                pairs = shells.Sum(x => x.Tiles.PairEvaluations);
                var rotations = new double[shells.Count];
                Parallel.For(0, shells.Count, i => rotations[i] = RotationBarrier.FinishLocal(shells[i], energies[i]).ERot);
                eRot = rotations.Min();
                t[5] = Lap(sw);
                t[6] = t.Take(6).Sum();
                if (r == 0 && args.Contains("--cold"))
                    Console.WriteLine($"{e.Name,-40} cold: " + string.Join(" ", t.Select(x => x.ToString("0.000"))));
                if (r > 0)
                    for (int i = 0; i < 7; i++)
                        best[i] = Math.Min(best[i], t[i]);
            }
            double local = best[2] + best[3] + best[4] + best[5];
            Console.WriteLine($"{e.Name,-40} {plan.Groups.Count,6} {chosen,6:0.0} {best[0],6:0.000} {best[1],6:0.000} {best[2],8:0.000} "
                + $"{best[3],6:0.000} {best[4],6:0.000} {best[5],6:0.000} {local,6:0.000} {best[6],6:0.000} {eRot,10:0.000000} "
                + $"{pairs,8:0.0e0}");
        }
        return 0;
    }

    private static bool _cpuTime;
    private static TimeSpan _cpuMark;

    /// <summary>Seconds since the last lap: wall time, or with <c>--cpu-time</c> the process's CPU time (all threads).</summary>
    private static double Lap(Stopwatch sw)
    {
        if (_cpuTime)
        {
            var now = Process.GetCurrentProcess().TotalProcessorTime;
            double cpu = (now - _cpuMark).TotalSeconds;
            _cpuMark = now;
            return cpu;
        }
        double s = sw.Elapsed.TotalSeconds;
        sw.Restart();
        return s;
    }
}
