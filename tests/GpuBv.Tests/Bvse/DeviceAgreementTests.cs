using GpuBv.Bvse;
using GpuBv.Kernels.Bvse;
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
