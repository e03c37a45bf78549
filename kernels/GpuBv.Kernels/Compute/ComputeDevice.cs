namespace GpuBv.Kernels.Compute;

/// <summary>A device that a device spec can name.</summary>
/// <param name="Kind">Its kind.</param>
/// <param name="Id">The name to pass: <c>cuda</c>, <c>cuda:1</c>, <c>opencl</c>, <c>cpu</c>, <c>ilgpu-cpu</c>.</param>
/// <param name="Name">Human-readable device name.</param>
/// <param name="MemoryBytes">Device memory in bytes (0 when not applicable).</param>
public sealed record ComputeDevice(DeviceKind Kind, string Id, string Name, long MemoryBytes);
