using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.IO.Structures;

namespace GpuBv.Tests.Bvse;

/// <summary>Shared set-up for BVSE tests: reading structures with oxidation states and running on a named device.</summary>
internal static class BvseTestKit
{
    public static Structure Load(string path, string? oxi = null)
        => OxidationStates.Assign(StructureReader.ReadFile(path), oxi is null ? null : OxidationStates.ParseExplicit(oxi)).Structure;

    public static BvseResult Run(Structure s, BvseOptions o, string device = "cpu")
    {
        using var d = GpuBv.Kernels.Compute.IlgpuDevices.Open(device, _ => { });
        return BvseCalculator.Run(s, o, d);
    }
}
