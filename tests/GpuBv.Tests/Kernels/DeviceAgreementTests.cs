using GpuBv.Bvse;
using GpuBv.Tests.Bvse;
using Xunit;

namespace GpuBv.Tests.Kernels;

/// <summary>
/// The ILGPU kernel (on every device of <see cref="Devices"/>) agrees point by point with the managed CPU path in
/// double precision: |ΔE| &lt; 1e-4 eV wherever E − E_min &lt; 5 eV; its E_3D agrees with the CPU path's default
/// (float). CI runs it on ILGPU's CPU accelerator (coarse grids: it is a
/// simulator); CUDA/OpenCL run finer grids and skip when absent.
/// </summary>
public sealed class DeviceAgreementTests
{
    private static readonly (string File, string Ion, double Simulator, double Gpu)[] Structures =
    [
        ("LiF.cif", "Li+", 0.3, 0.1),
        ("Li3N.cif", "Li+", 0.25, 0.1),
        ("LiFePO4.cif", "Li+", 0.4, 0.1),
        ("Na2O_COD.cif", "Na+", 0.35, 0.1),
        ("Li10GeP2S12_ordered_P1.cif", "Li+", 0.6, 0.1),
        ("Li3V2P3O12.cif", "Li+", 0.6, 0.2),
    ];

    /// <summary>Every device of <see cref="Devices.Names"/> with every structure.</summary>
    public static TheoryData<string, string, string, double> Cases()
    {
        var data = new TheoryData<string, string, string, double>();
        foreach (var device in Devices.Names)
        {
            foreach (var (file, ion, simulator, gpu) in Structures)
            {
                data.Add(device, file, ion, Devices.IsSimulator(device) ? simulator : gpu);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void KernelMatchesTheCpuPath(string device, string file, string ion, double resolution)
    {
        using var dev = Devices.Open(device);
        var s = BvseTestKit.Load(TestData.Structure(file));
        var o = new BvseOptions(MobileIon.Parse(ion), resolution);
        var gpu = BvseCalculator.Run(s, o, dev, cancel: TestContext.Current.CancellationToken);
        var cpu = BvseTestKit.Run(s, o, "cpu");
        Assert.DoesNotContain("cpu (", gpu.Device);
        // Point by point against the CPU path in double precision (the device and the CPU path's default both sum in float).
        var reference = BvseTestKit.DoubleGrid(s, o);
        double worst = 0;
        for (int p = 0; p < reference.Length; p++)
        {
            if (reference[p] - cpu.EMinRaw >= 5)
            {
                continue;
            }
            worst = Math.Max(worst, Math.Abs(reference[p] - gpu.Energies[p]));
        }
        Assert.True(worst < 1e-4, $"max |ΔE| = {worst} eV");
        Assert.Equal(cpu.Percolation.E3D ?? -1, gpu.Percolation.E3D ?? -1, 3);
    }
}
