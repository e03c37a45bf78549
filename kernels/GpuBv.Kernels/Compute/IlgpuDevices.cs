using GpuBv.Compute;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// The ILGPU devices: what is present, and opening one by name (<c>auto</c>, <c>cuda[:N]</c>, <c>opencl[:N]</c>,
/// <c>cpu</c>, <c>ilgpu-cpu</c>) as a Core <see cref="FallbackComputeProvider"/>. <c>auto</c> prefers CUDA, then OpenCL,
/// then the managed CPU path, and skips a kind whose runtime is missing without loading ILGPU
/// (<see cref="GpuRuntimeLibraries"/>); <c>cpu</c> opens no ILGPU context. A named device that cannot be opened, or fails during
/// a run, leaves the work on the CPU path with one notice.
/// </summary>
public static class IlgpuDevices
{
    private const string Names = "expected auto, cuda, cuda:N, opencl, opencl:N, cpu or ilgpu-cpu";
    private const string Expected = Names + " (see gpubv devices)";

    /// <summary>
    /// Lists the devices: CUDA and OpenCL ones through ILGPU, and the two CPU paths, which are always there. Never
    /// throws: a missing driver or runtime means no device of that kind, and its reason is returned in
    /// <paramref name="notes"/>.
    /// </summary>
    /// <param name="notes">Why a kind of device is absent.</param>
    public static IReadOnlyList<ComputeDevice> Enumerate(out IReadOnlyList<string> notes)
    {
        var list = new List<ComputeDevice>();
        var msgs = new List<string>();
        try
        {
            using var context = Context.Create(b => b.Cuda().OpenCL());
            int cuda = 0;
            int ocl = 0;
            foreach (var d in context)
            {
                if (d.AcceleratorType == AcceleratorType.Cuda)
                {
                    list.Add(new ComputeDevice(DeviceKind.Cuda, cuda == 0 ? "cuda" : $"cuda:{cuda}", d.Name, d.MemorySize));
                    cuda++;
                }
                else if (d.AcceleratorType == AcceleratorType.OpenCL)
                {
                    list.Add(new ComputeDevice(DeviceKind.OpenCL, ocl == 0 ? "opencl" : $"opencl:{ocl}", d.Name, d.MemorySize));
                    ocl++;
                }
            }
            if (cuda == 0)
            {
                msgs.Add("no CUDA device found");
            }
            if (ocl == 0)
            {
                msgs.Add("no OpenCL device found");
            }
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

    /// <summary>
    /// Opens the device named by <paramref name="spec"/>. Throws an <see cref="InputException"/> (parameter
    /// <see cref="InputParameter.Device"/>) for an unknown name.
    /// </summary>
    /// <param name="spec">auto, cuda, cuda:N, opencl, opencl:N, cpu or ilgpu-cpu.</param>
    /// <param name="notice">Told once when the work moves to the CPU path.</param>
    /// <param name="cpuThreads">Thread limit of the CPU path, also after a fallback (0 = all cores; a screen running
    /// one structure per core uses 1).</param>
    public static FallbackComputeProvider Open(string spec, Action<string> notice, int cpuThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var s = spec.Trim().ToLowerInvariant();
        string name = s;
        int index = 0;
        int colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            name = s[..colon];
            if (!int.TryParse(s[(colon + 1)..], out index) || index < 0)
            {
                throw new InputException(InputParameter.Device, spec, Names);
            }
        }
        switch (name)
        {
            case "cpu":
                return FallbackComputeProvider.Cpu(cpuThreads);
            case "ilgpu-cpu":
                return FromKind(DeviceKind.IlgpuCpu, index, notice, cpuThreads);
            case "cuda":
                return FromKind(DeviceKind.Cuda, index, notice, cpuThreads);
            case "opencl":
                return FromKind(DeviceKind.OpenCL, index, notice, cpuThreads);
            case "auto":
                foreach (var kind in new[] { DeviceKind.Cuda, DeviceKind.OpenCL })
                {
                    // ILGPU is not touched where the runtime cannot be there (about 30 ms a call saved).
                    if (GpuRuntimeLibraries.MayHave(kind) && TryOpen(kind, 0, out _, notice) is { } set)
                    {
                        return new FallbackComputeProvider(set, notice, cpuThreads);
                    }
                }
                return FallbackComputeProvider.Cpu(cpuThreads);
            default:
                throw new InputException(InputParameter.Device, spec, Expected);
        }
    }

    private static FallbackComputeProvider FromKind(DeviceKind kind, int index, Action<string> notice, int cpuThreads)
    {
        if (TryOpen(kind, index, out var reason, notice) is { } set)
        {
            return new FallbackComputeProvider(set, notice, cpuThreads);
        }
        notice($"{reason}; continuing on the CPU path");
        return FallbackComputeProvider.Cpu(cpuThreads);
    }

    /// <summary>
    /// Opens device number <paramref name="index"/> of <paramref name="kind"/> (Cuda, OpenCL or IlgpuCpu) as a provider
    /// set: the grid kernel, exact percolation on the same accelerator (<see cref="IlgpuPercolationProvider"/>) and the
    /// batched path of both (<see cref="IlgpuGridBatchProvider"/>). Returns null, with the reason, when there is no such
    /// device or it cannot be opened. On an OpenCL device without cl_khr_int64_base_atomics the percolation runs on the
    /// CPU union-find, and <paramref name="notice"/> is told so.
    /// </summary>
    /// <param name="kind">Cuda, OpenCL or IlgpuCpu.</param>
    /// <param name="index">The device's number among those of its kind (ilgpu-cpu:1 is the CPU accelerator with 32-wide
    /// warps).</param>
    /// <param name="reason">Why it could not be opened.</param>
    /// <param name="notice">Told when the device opens but cannot run percolation itself; null to stay silent.</param>
    public static ComputeProviderSet? TryOpen(DeviceKind kind, int index, out string? reason, Action<string>? notice = null)
    {
        var evaluator = TryOpenEvaluator(kind, index, out reason);
        if (evaluator is null)
        {
            return null;
        }
        var percolation = new IlgpuPercolationProvider(evaluator.Session);
        if (!percolation.OnDevice)
        {
            notice?.Invoke($"{evaluator.DeviceName} has no 64-bit atomics (cl_khr_int64_base_atomics): percolation runs on the "
                + "CPU union-find");
        }
        var batch = new IlgpuGridBatchProvider(evaluator, percolation);
        return new ComputeProviderSet(evaluator, percolation, evaluator, batch: batch);
    }

    /// <summary>As <see cref="TryOpen"/>, the kernel evaluator alone (the caller disposes it).</summary>
    /// <param name="kind">Cuda, OpenCL or IlgpuCpu.</param>
    /// <param name="index">The device's number among those of its kind.</param>
    /// <param name="reason">Why it could not be opened.</param>
    public static IlgpuBvseEvaluator? TryOpenEvaluator(DeviceKind kind, int index, out string? reason)
    {
        if (kind == DeviceKind.Cpu)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), "the managed CPU path needs no device");
        }
        Context? context = null;
        try
        {
            context = kind switch
            {
                DeviceKind.Cuda => Context.Create(b => b.Cuda().EnableAlgorithms()),
                DeviceKind.OpenCL => Context.Create(b => b.OpenCL().EnableAlgorithms()),
                _ => Context.Create(b => b.CPU().EnableAlgorithms()),
            };
            var type = kind switch
            {
                DeviceKind.Cuda => AcceleratorType.Cuda,
                DeviceKind.OpenCL => AcceleratorType.OpenCL,
                _ => AcceleratorType.CPU,
            };
            var devices = context.Devices.Where(d => d.AcceleratorType == type).ToList();
            if (index >= devices.Count)
            {
                reason = devices.Count == 0 ? $"no {kind} device found" : $"{kind} device {index} does not exist ({devices.Count} found)";
                context.Dispose();
                return null;
            }
            var acc = devices[index].CreateAccelerator(context);
            reason = null;
            string id = kind switch
            {
                DeviceKind.Cuda => "cuda",
                DeviceKind.OpenCL => "opencl",
                _ => "ilgpu-cpu",
            };
            return new IlgpuBvseEvaluator(new AcceleratorSession(context, acc, kind, index == 0 ? id : $"{id}:{index}"));
        }
        catch (Exception e)
        {
            context?.Dispose();
            reason = $"{kind} unavailable: {e.GetType().Name}: {e.Message}";
            return null;
        }
    }
}
