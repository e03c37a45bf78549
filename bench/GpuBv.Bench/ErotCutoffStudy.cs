using System.Globalization;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Groups;

namespace GpuBv.Bench;

/// <summary>
/// How E_rot converges with the local map's cutoff, per group: on the fine grid (the answer) and on a coarse grid (the
/// cheap test), as differences from the full-cutoff value, and the range over the shell of the tail the cutoff drops
/// (max − min of E_full − E_rc over the coarse shell points: a bound on how far E_rot can move for fixed site points).
/// Usage: <c>erot-cutoff [--only a.cif] [--cutoffs 5,6,7,8,9] [--coarse 0.1] [--fine 0.03]</c>.
/// </summary>
internal static class ErotCutoffStudy
{
    public static int Run(string[] args)
    {
        var cutoffs = ShippedStructures.Doubles(Program.Arg(args, "--cutoffs", "5,6,7,8,9"));
        double coarse = double.Parse(Program.Arg(args, "--coarse", "0.1"), CultureInfo.InvariantCulture);
        double fine = double.Parse(Program.Arg(args, "--fine", "0.03"), CultureInfo.InvariantCulture);
        using var compute = FallbackComputeProvider.Cpu(0);
        Console.WriteLine($"E_rot cutoff study: fine {fine} Å, coarse {coarse} Å, full cutoff 10 Å; per rc: "
            + "max over groups of |ΔE_rot| fine, coarse, and the coarse shell range of the dropped tail (eV)");
        foreach (var e in ShippedStructures.Load(Program.Arg(args, "--only", "")))
        {
            if (e.Structure is null || e.Ion is null)
                continue;
            CouplingPlan plan;
            try
            {
                plan = CouplingCalculator.Prepare(e.Structure, new CouplingOptions(e.Ion));
            }
            catch (InputException)
            {
                continue;
            }
            if (plan.Groups.Count == 0)
                continue;
            double margin = plan.Groups.Max(g => g.LongestBond) + plan.Rotation.ShellTolerance + 1.0;
            BvseFramework Fw(double rc) => BvseFramework.Build(plan.Structure, plan.Anion!, rc, plan.Table, margin);
            (double[] eRot, List<(LocalShellGrid, float[])> maps) Erot(double rc, double h)
            {
                var fw = Fw(rc);
                var opts = plan.Rotation with { Spacing = h };
                var shells = plan.Groups.Select(g => RotationBarrier.PrepareLocal(g, fw, opts)).ToList();
                var en = compute.EvaluateMany(shells.Select(x => x.Tiles).ToList());
                return (shells.Select((s, i) => RotationBarrier.FinishLocal(s, en[i]).ERot).ToArray(),
                    shells.Select((s, i) => (s, en[i])).ToList());
            }
            var fullFine = Erot(10, fine).eRot;
            var (fullCoarse, fullMaps) = Erot(10, coarse);
            Console.Write($"{e.Name,-40}");
            foreach (double rc in cutoffs)
            {
                var f = Erot(rc, fine).eRot;
                var (c, maps) = Erot(rc, coarse);
                double df = f.Zip(fullFine, (a, b) => Math.Abs(a - b)).Max();
                double dc = c.Zip(fullCoarse, (a, b) => Math.Abs(a - b)).Max();
                double range = 0;
                for (int g = 0; g < maps.Count; g++)
                {
                    var (shell, en) = maps[g];
                    var full = fullMaps[g].Item2;
                    double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
                    var grid = shell.Grid;
                    var centre = shell.Group.CenterCartesian;
                    for (int i = 0; i < en.Length; i++)
                    {
                        var p = grid.Point(i / (grid.N2 * grid.N3), i / grid.N3 % grid.N2, i % grid.N3);
                        double d = (p - centre).Length;
                        if (d < shell.Inner || d > shell.Outer || en[i] == float.MaxValue)
                            continue;
                        double t = (double)full[i] - en[i];
                        lo = Math.Min(lo, t);
                        hi = Math.Max(hi, t);
                    }
                    range = Math.Max(range, hi - lo);
                }
                Console.Write($" | rc {rc}: {df:0.0000} {dc:0.0000} {range:0.0000}");
            }
            Console.WriteLine();
        }
        return 0;
    }
}
