using GpuBv.Compute;
using GpuBv.Kernels.Compute;
using Xunit;

namespace GpuBv.Tests.Kernels;

/// <summary>
/// The one list of devices every device test runs on (as ComputeSharp's <c>[AllDevices]</c>): ILGPU's CPU accelerator,
/// which is always there, so a failure to open it FAILS the test, and the GPUs, whose absence SKIPS it with the reason.
/// </summary>
public static class Devices
{
    /// <summary>The device names, as <c>--device</c> spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ilgpu-cpu", "cuda", "opencl"];

    /// <summary>Every device, for <c>[MemberData(nameof(Devices.All), MemberType = typeof(Devices))]</c>.</summary>
    public static TheoryData<string> All => new(Names);

    /// <summary>
    /// The devices of the percolation tests: the list above plus <c>ilgpu-cpu:1</c>, ILGPU's second CPU device, which
    /// simulates 32-wide warps (device 0 has warps of 4 and groups of at most 16 threads).
    /// </summary>
    public static IReadOnlyList<string> PercolationNames { get; } = ["ilgpu-cpu", "ilgpu-cpu:1", "cuda", "opencl"];

    /// <summary>True for ILGPU's CPU accelerator (slow: tests give it coarser grids).</summary>
    public static bool IsSimulator(string device) => device.StartsWith("ilgpu-cpu", StringComparison.Ordinal);

    /// <summary>
    /// Opens <paramref name="device"/> with no CPU fallback allowed (a fallback notice throws). Fails when the simulator
    /// does not open; skips, with the reason, when a GPU is absent.
    /// </summary>
    public static FallbackComputeProvider Open(string device)
    {
        var set = OpenSet(device, out var reason);
        if (set is null)
        {
            if (IsSimulator(device))
            {
                Assert.Fail($"ILGPU's CPU accelerator must always open ({reason})");
            }
            Assert.Skip($"no {device} device here ({reason})");
        }
        return new FallbackComputeProvider(set!, msg => throw new InvalidOperationException("unexpected fallback: " + msg));
    }

    /// <summary>Opens the provider set of <paramref name="device"/> (<c>name</c> or <c>name:N</c>), or null with the reason.</summary>
    public static ComputeProviderSet? OpenSet(string device, out string? reason)
    {
        int colon = device.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? device : device[..colon];
        int index = colon < 0 ? 0 : int.Parse(device[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var kind = name switch
        {
            "ilgpu-cpu" => DeviceKind.IlgpuCpu,
            "cuda" => DeviceKind.Cuda,
            "opencl" => DeviceKind.OpenCL,
            _ => throw new ArgumentOutOfRangeException(nameof(device), device, "not a device of the test list"),
        };
        return IlgpuDevices.TryOpen(kind, index, out reason);
    }
}
