using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Groups;
using GpuBv.Parameters;
using GpuBv.Tests.Bvse;

namespace GpuBv.Tests.Groups;

internal static class GroupTestKit
{
    public static CouplingResult Couple(Structure s, CouplingOptions o, SoftBvTable? table = null)
    {
        using var d = FallbackComputeProvider.Cpu();
        return CouplingCalculator.Run(s, o, d, table);
    }

    /// <summary>E_rot of one group on a local grid, on the CPU path.</summary>
    public static GroupRotation Local(
        Structure s, AnionGroup g, MobileIon anion, RotationOptions o, Vec3 shift = default, SoftBvTable? table = null)
    {
        var fw = BvseFramework.Build(s, anion, 10, table, g.LongestBond + o.ShellTolerance + 1);
        var cpu = new CpuBvseEvaluator();
        return RotationBarrier.Local(g, fw, t => cpu.Evaluate(t), o, shift);
    }

    public static IReadOnlyList<AnionGroup> Groups(Structure s, string mobile, string? anion = null, SoftBvTable? table = null)
        => AnionGroupFinder.Find(s, new GroupSearch(mobile, anion), table);

    public static SoftBvTable BhParameters() => SoftBvTable.Default.With(SoftBvTable.Parse(
        new StringReader("cation cation_valence anion anion_valence Nc R0 Rcutoff D0 Rmin alpha\n"
            + "B 3 H -1 4 1.15 4 1.2 1.25 2.5\nLi 1 H -1 4 1.45 5 0.6 2.0 2.1\n"),
        "test_BH.dat"));

    public static Structure Load(string path, string? oxi = null) => BvseTestKit.Load(path, oxi);
}
