using GpuBv.Bvse;
using Xunit;

namespace GpuBv.Tests.Bvse;

/// <summary>
/// The ILGPU kernel (on every accelerator present) agrees point by point with the managed CPU path:
/// |ΔE| &lt; 1e-4 eV wherever E − E_min &lt; 5 eV. CI runs it on ILGPU's CPU accelerator; CUDA/OpenCL skip when absent.
/// </summary>
public sealed class DeviceAgreementTests
{
    [Theory]
    [InlineData("ilgpu-cpu", "LiF.cif", "Li+", 0.3)]
    [InlineData("ilgpu-cpu", "Li3N.cif", "Li+", 0.25)]
    [InlineData("ilgpu-cpu", "LiFePO4.cif", "Li+", 0.4)]
    [InlineData("ilgpu-cpu", "Na2O_COD.cif", "Na+", 0.35)]
    [InlineData("cuda", "LiFePO4.cif", "Li+", 0.1)]
    [InlineData("cuda", "Li10GeP2S12_ordered_P1.cif", "Li+", 0.1)]
    [InlineData("cuda", "Li3V2P3O12.cif", "Li+", 0.2)]
    [InlineData("opencl", "LiFePO4.cif", "Li+", 0.2)]
    public void KernelMatchesTheCpuPath(string device, string file, string ion, double resolution)
    {
        using var dev = BvseTestKit.OpenOrSkip(device);
        var s = BvseTestKit.Load(TestData.Structure(file));
        var o = new BvseOptions(MobileIon.Parse(ion), resolution);
        var gpu = BvseCalculator.Run(s, o, dev);
        var cpu = BvseTestKit.Run(s, o, "cpu");
        Assert.DoesNotContain("cpu (", gpu.Device);
        double worst = 0;
        for (int p = 0; p < cpu.Energies.Length; p++)
        {
            if (cpu.Energies[p] - cpu.EMinRaw >= 5) continue;
            worst = Math.Max(worst, Math.Abs(cpu.Energies[p] - gpu.Energies[p]));
        }
        Assert.True(worst < 1e-4, $"max |ΔE| = {worst} eV");
        Assert.Equal(cpu.Percolation.E3D ?? -1, gpu.Percolation.E3D ?? -1, 3);
    }
}

/// <summary>
/// The local E_rot grids (only the tiles that touch a group's shell are evaluated) agree between the ILGPU kernel and
/// the CPU path: the skipped tiles, the active-tile numbering and the shell union-find are exercised on the device.
/// </summary>
public sealed class LocalGridDeviceAgreementTests
{
    [Theory]
    [InlineData("ilgpu-cpu")]
    [InlineData("cuda")]
    public void RotationBarrierOnTheKernelMatchesTheCpuPath(string device)
    {
        using var dev = BvseTestKit.OpenOrSkip(device);
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
            if (cpuEnergies[i] - min >= 5) continue; // as for the periodic maps: the points within 5 eV of the minimum
            evaluated++;
            Assert.True(Math.Abs(cpuEnergies[i] - kernelEnergies[i]) < 1e-4, $"point {i}: {cpuEnergies[i]} vs {kernelEnergies[i]}");
        }
        Assert.True(evaluated > 1000);
        Assert.Equal(onCpu.ERot, onKernel.ERot, 3);
    }
}
