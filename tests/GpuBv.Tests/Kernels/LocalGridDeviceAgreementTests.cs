using GpuBv.Bvse;
using GpuBv.Tests.Bvse;
using Xunit;

namespace GpuBv.Tests.Kernels;

/// <summary>
/// The local E_rot grids (only the tiles that touch a group's shell are evaluated) agree between the ILGPU kernel and
/// the CPU path: the skipped tiles, the active-tile numbering and the shell union-find are exercised on the device.
/// </summary>
public sealed class LocalGridDeviceAgreementTests
{
    [Theory]
    [MemberData(nameof(Devices.All), MemberType = typeof(Devices))]
    public void RotationBarrierOnTheKernelMatchesTheCpuPath(string device)
    {
        using var dev = Devices.Open(device);
        var s = BvseTestKit.Load(TestData.Paper("Li3PO4_beta_mp-13725.cif"));
        var o2 = MobileIon.Parse("O2-");
        var group = GpuBv.Groups.AnionGroupFinder.Find(s, new GpuBv.Groups.GroupSearch("Li", "O"))[0];
        var options = new GpuBv.Groups.RotationOptions(Spacing: 0.06);
        var fw = BvseFramework.Build(s, o2, 10, null, group.LongestBond + options.ShellTolerance + 1);
        float[]? kernelEnergies = null, cpuEnergies = null;
        var onKernel = GpuBv.Groups.RotationBarrier.Local(group, fw, t => kernelEnergies = dev.Evaluate(t, out _), options);
        var onCpu = GpuBv.Groups.RotationBarrier.Local(group, fw, t => cpuEnergies = new CpuBvseEvaluator().Evaluate(t), options);
        Assert.Equal(cpuEnergies!.Length, kernelEnergies!.Length);
        int evaluated = 0;
        float min = cpuEnergies.Min();
        for (int i = 0; i < cpuEnergies.Length; i++)
        {
            Assert.Equal(cpuEnergies[i] == float.MaxValue, kernelEnergies[i] == float.MaxValue);
            if (cpuEnergies[i] - min >= 5)
                continue; // as for the periodic maps: the points within 5 eV of the minimum
            evaluated++;
            Assert.True(Math.Abs(cpuEnergies[i] - kernelEnergies[i]) < 1e-4, $"point {i}: {cpuEnergies[i]} vs {kernelEnergies[i]}");
        }
        Assert.True(evaluated > 1000);
        Assert.Equal(onCpu.ERot, onKernel.ERot, 3);
    }
}
