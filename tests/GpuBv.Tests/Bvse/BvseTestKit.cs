using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using GpuBv.Kernels.Bvse;
using GpuBv.Kernels.Compute;

namespace GpuBv.Tests.Bvse;

/// <summary>Shared set-up for BVSE tests: reading structures with oxidation states and running on a named device.</summary>
internal static class BvseTestKit
{
    public static Structure Load(string path, string? oxi = null)
        => OxidationStates.Assign(StructureReader.ReadFile(path), oxi is null ? null : OxidationStates.ParseExplicit(oxi)).Structure;

    public static BvseResult Run(Structure s, BvseOptions o, string device = "cpu")
    {
        using var d = DeviceSelection.Open(device, _ => { });
        return BvseCalculator.Run(s, o, d);
    }

    /// <summary>Opens a device or skips the test when this machine lacks it (CI has no GPU).</summary>
    public static DeviceSelection OpenOrSkip(string device)
    {
        if (device is "cuda" or "opencl")
        {
            var kind = device == "cuda" ? DeviceKind.Cuda : DeviceKind.OpenCL;
            using var probe = ComputeSession.TryOpen(kind, 0, out var reason);
            if (probe is null) Xunit.Assert.Skip($"no {device} device here ({reason})");
        }
        return DeviceSelection.Open(device, msg => throw new InvalidOperationException("unexpected fallback: " + msg));
    }
}
