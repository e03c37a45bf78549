using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Compute;
using GpuBv.IO.Structures;
using GpuBv.Parameters;

namespace GpuBv.Bench;

/// <summary>
/// What one <c>gpubv bvse</c> call spends before and around its compute, in a fresh process: each stage timed at its first
/// use (JIT or ReadyToRun code, tables loaded), then the same stages again warm. Run it from a ReadyToRun publish to see
/// what the installed command pays: <c>startup FILE [--ion Li1+]</c>.
/// </summary>
internal static class StartupBench
{
    public static int Run(string[] args)
    {
        string file = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : Path.Combine(Program.DataRoot(), "structures",
            "LiFePO4.cif");
        var ion = MobileIon.Parse(Program.Arg(args, "--ion", "Li1+"));
        Console.WriteLine($"startup: {file}, ion {ion}, process age at Main {Age():0} ms");
        for (int pass = 0; pass < 2; pass++)
        {
            Console.WriteLine(pass == 0 ? "first use (cold):" : "again (warm):");
            var table = Time("softBV table", () => SoftBvTable.Default);
            var s = Time("read structure", () => StructureReader.ReadFile(file));
            var ox = Time("oxidation states", () => OxidationStates.Assign(s, null, table));
            using var compute = FallbackComputeProvider.Cpu(0);
            var plan = Time("framework + tiles", () => BvseCalculator.Prepare(ox.Structure, new BvseOptions(ion), table));
            var r = Time("grid + percolation", () => BvseCalculator.Run(plan, compute));
            Console.WriteLine($"  E_3D {r.Percolation.E3D:0.######} eV on {r.Grid.N1}x{r.Grid.N2}x{r.Grid.N3}");
        }
        return 0;
    }

    private static double Age() => (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;

    private static T Time<T>(string stage, Func<T> work)
    {
        var sw = Stopwatch.StartNew();
        var result = work();
        Console.WriteLine($"  {stage,-20} {sw.Elapsed.TotalMilliseconds,8:0.0} ms");
        return result;
    }
}
