using GpuBv.Bvse;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// Turns <c>--device auto|cuda[:N]|opencl[:N]|cpu|ilgpu-cpu</c> into an evaluator. <c>auto</c> prefers CUDA, then
/// OpenCL, then the fast CPU path. When a GPU cannot be opened or fails during a run (driver, out of memory) the work
/// continues on the CPU path and the notice callback given to <see cref="Open"/> is told once. Owns the <see cref="ComputeSession"/>.
/// </summary>
public sealed class DeviceSelection : IDisposable
{
    private readonly Action<string> _notice;
    private ComputeSession? _session;
    private IBvseEvaluator _evaluator;
    private bool _fellBack;
    private readonly object _gate = new();

    private DeviceSelection(Action<string> notice, ComputeSession? session, IBvseEvaluator evaluator)
    {
        _notice = notice; _session = session; _evaluator = evaluator;
    }

    /// <summary>The evaluator in use.</summary>
    public IBvseEvaluator Evaluator => _evaluator;

    /// <summary>
    /// Opens the device named by <paramref name="spec"/>. Throws an <see cref="InputException"/> for an unknown name.
    /// <paramref name="cpuThreads"/> limits the CPU path (0 = all cores; a screen running one structure per core uses 1).
    /// </summary>
    public static DeviceSelection Open(string spec, Action<string> notice, int cpuThreads = 0)
    {
        var s = spec.Trim().ToLowerInvariant();
        string name = s; int index = 0;
        int colon = s.IndexOf(':');
        if (colon > 0)
        {
            name = s[..colon];
            if (!int.TryParse(s[(colon + 1)..], out index) || index < 0)
                throw new InputException("--device", spec, "expected auto, cuda, cuda:N, opencl, opencl:N, cpu or ilgpu-cpu");
        }
        switch (name)
        {
            case "cpu": return new DeviceSelection(notice, null, new CpuBvseEvaluator(cpuThreads));
            case "ilgpu-cpu": return FromKind(DeviceKind.IlgpuCpu, index, notice, fallbackNotice: true, cpuThreads);
            case "cuda": return FromKind(DeviceKind.Cuda, index, notice, fallbackNotice: true, cpuThreads);
            case "opencl": return FromKind(DeviceKind.OpenCL, index, notice, fallbackNotice: true, cpuThreads);
            case "auto":
                foreach (var kind in new[] { DeviceKind.Cuda, DeviceKind.OpenCL })
                {
                    var session = ComputeSession.TryOpen(kind, 0, out _);
                    if (session is not null) return new DeviceSelection(notice, session, session.BvseEvaluator());
                }
                return new DeviceSelection(notice, null, new CpuBvseEvaluator(cpuThreads));
            default:
                throw new InputException("--device", spec, "expected auto, cuda, cuda:N, opencl, opencl:N, cpu or ilgpu-cpu (see gpubv devices)");
        }
    }

    private static DeviceSelection FromKind(DeviceKind kind, int index, Action<string> notice, bool fallbackNotice, int cpuThreads)
    {
        var session = ComputeSession.TryOpen(kind, index, out var reason);
        if (session is not null) return new DeviceSelection(notice, session, session.BvseEvaluator());
        if (fallbackNotice) notice($"{reason}; continuing on the CPU path");
        return new DeviceSelection(notice, null, new CpuBvseEvaluator(cpuThreads)) { _fellBack = true };
    }

    /// <summary>True when a GPU (or ILGPU accelerator) is in use.</summary>
    public bool IsAccelerator => _session is not null;

    /// <summary>
    /// Evaluates a grid, falling back to the CPU path (once, with a notice) if the device fails. Safe to call from
    /// several threads: launches on an accelerator are serialised (the host work around them overlaps).
    /// </summary>
    public float[] Evaluate(TiledFramework tiles, out string device, CancellationToken cancel = default)
    {
        if (_session is null)
        {
            var cpu = _evaluator;
            device = cpu.DeviceName;
            return cpu.Evaluate(tiles, cancel);
        }
        lock (_gate) return EvaluateOnAccelerator(tiles, out device, cancel);
    }

    private float[] EvaluateOnAccelerator(TiledFramework tiles, out string device, CancellationToken cancel)
    {
        try
        {
            device = _evaluator.DeviceName;
            return _evaluator.Evaluate(tiles, cancel);
        }
        catch (Exception e) when (_session is not null && e is not InputException and not OperationCanceledException)
        {
            if (!_fellBack) _notice($"{_evaluator.DeviceName} failed ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); continuing on the CPU path");
            _fellBack = true;
            _session.Dispose();
            _session = null;
            _evaluator = new CpuBvseEvaluator();
            device = _evaluator.DeviceName;
            return _evaluator.Evaluate(tiles, cancel);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _session?.Dispose();
}
