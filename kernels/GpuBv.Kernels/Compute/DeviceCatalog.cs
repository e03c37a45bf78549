using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace GpuBv.Kernels.Compute;

/// <summary>Kinds of compute device GpuBv can run on.</summary>
public enum DeviceKind
{
    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda,
    /// <summary>An OpenCL device through ILGPU's OpenCL backend.</summary>
    OpenCL,
    /// <summary>The fast managed CPU path (all cores).</summary>
    Cpu,
    /// <summary>ILGPU's CPU accelerator: runs the GPU kernels on the CPU, a correctness simulator.</summary>
    IlgpuCpu,
}

/// <summary>A device <c>--device</c> can name.</summary>
/// <param name="Kind">Its kind.</param>
/// <param name="Id">The name to pass: <c>cuda</c>, <c>cuda:1</c>, <c>opencl</c>, <c>cpu</c>, <c>ilgpu-cpu</c>.</param>
/// <param name="Name">Human-readable device name.</param>
/// <param name="MemoryBytes">Device memory in bytes (0 when not applicable).</param>
public sealed record ComputeDevice(DeviceKind Kind, string Id, string Name, long MemoryBytes);

/// <summary>Finds the devices present: CUDA and OpenCL ones through ILGPU, and the two CPU paths, which are always there.</summary>
public static class DeviceCatalog
{
    /// <summary>
    /// Lists the devices. Never throws: a missing driver or runtime means no device of that kind, and its reason is
    /// returned in <paramref name="notes"/>.
    /// </summary>
    public static IReadOnlyList<ComputeDevice> Enumerate(out IReadOnlyList<string> notes)
    {
        var list = new List<ComputeDevice>();
        var msgs = new List<string>();
        try
        {
            using var context = Context.Create(b => b.Cuda().OpenCL());
            int cuda = 0, ocl = 0;
            foreach (var d in context)
            {
                switch (d.AcceleratorType)
                {
                    case AcceleratorType.Cuda:
                        list.Add(new ComputeDevice(DeviceKind.Cuda, cuda == 0 ? "cuda" : $"cuda:{cuda}", d.Name, d.MemorySize));
                        cuda++;
                        break;
                    case AcceleratorType.OpenCL:
                        list.Add(new ComputeDevice(DeviceKind.OpenCL, ocl == 0 ? "opencl" : $"opencl:{ocl}", d.Name, d.MemorySize));
                        ocl++;
                        break;
                }
            }
            if (cuda == 0) msgs.Add("no CUDA device found");
            if (ocl == 0) msgs.Add("no OpenCL device found");
        }
        catch (Exception e)
        {
            msgs.Add($"GPU backends unavailable: {e.GetType().Name}: {e.Message}");
        }
        list.Add(new ComputeDevice(DeviceKind.Cpu, "cpu", $"managed CPU path ({Environment.ProcessorCount} threads)", 0));
        list.Add(new ComputeDevice(DeviceKind.IlgpuCpu, "ilgpu-cpu", "ILGPU CPU accelerator (kernel simulator, for tests)", 0));
        notes = msgs;
        return list;
    }
}
