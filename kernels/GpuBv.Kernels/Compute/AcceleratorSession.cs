using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// One opened ILGPU accelerator shared by the providers of a device (grid evaluator, percolation): its context, the one
/// lock that serialises every launch on it, and the resources (buffer pools) released before it.
/// </summary>
internal sealed class AcceleratorSession : IDisposable
{
    private readonly List<IDisposable> _resources = [];
    private int _disposed;

    internal AcceleratorSession(Context context, Accelerator accelerator, DeviceKind kind, string id)
    {
        Context = context;
        Accelerator = accelerator;
        Kind = kind;
        Id = id;
    }

    /// <summary>The ILGPU context.</summary>
    public Context Context { get; }

    /// <summary>The accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The kind of device.</summary>
    public DeviceKind Kind { get; }

    /// <summary>The name --device gives it (cuda, cuda:1, opencl, ilgpu-cpu, ilgpu-cpu:1).</summary>
    public string Id { get; }

    /// <summary>Held around every launch sequence (Monitor: re-entrant, so a batch can percolate its own grids).</summary>
    public object Launch { get; } = new();

    /// <summary>Device name for reports, e.g. "cuda: NVIDIA H100 80GB HBM3".</summary>
    public string DeviceName => $"{Id}: {Accelerator.Name}";

    /// <summary>
    /// True when the device has 64-bit atomics (the offset union-find's compare-and-swap on ulong): always on CUDA and
    /// the CPU accelerator, on OpenCL only with cl_khr_int64_base_atomics.
    /// </summary>
    public bool HasInt64Atomics => Accelerator is not CLAccelerator cl || cl.Capabilities.Int64_Atomics;

    /// <summary>Releases <paramref name="resource"/> before the accelerator; returns it.</summary>
    public T Own<T>(T resource)
        where T : IDisposable
    {
        lock (_resources)
        {
            _resources.Add(resource);
        }
        return resource;
    }

    /// <summary>Releases the owned resources, the accelerator and its context, once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        lock (_resources)
        {
            foreach (var r in _resources)
            {
                r.Dispose();
            }
            _resources.Clear();
        }
        Accelerator.Dispose();
        Context.Dispose();
    }
}
