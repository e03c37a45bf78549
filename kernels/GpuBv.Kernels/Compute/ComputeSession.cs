using GpuBv.Bvse;
using GpuBv.Kernels.Bvse;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// The one owner of an ILGPU context and accelerator (and, through the evaluators it hands out, of device buffers):
/// create it once per run, dispose it at the end. Kernels are compiled once per session.
/// </summary>
public sealed class ComputeSession : IDisposable
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private Action<Index1D, GridGeometry, ArrayView<float>, ArrayView<int>, ArrayView<FrameworkIonF>, ArrayView<int>, ArrayView<int>,
        ArrayView<FrameworkIonF>, ArrayView<int>, ArrayView<int>>? _energyKernel;

    private ComputeSession(Context context, Accelerator accelerator, DeviceKind kind)
    {
        _context = context; _accelerator = accelerator; Kind = kind;
    }

    /// <summary>The kind of device.</summary>
    public DeviceKind Kind { get; }

    /// <summary>Device name for reports, e.g. "cuda: NVIDIA H100 80GB HBM3".</summary>
    public string DeviceName => $"{Id}: {_accelerator.Name}";

    private string Id => Kind switch { DeviceKind.Cuda => "cuda", DeviceKind.OpenCL => "opencl", _ => "ilgpu-cpu" };

    /// <summary>Device memory in bytes.</summary>
    public long MemoryBytes => _accelerator.MemorySize;

    /// <summary>
    /// Opens device number <paramref name="index"/> of <paramref name="kind"/> (Cuda, OpenCL or IlgpuCpu).
    /// Returns null (with the reason) when there is no such device or it cannot be opened.
    /// </summary>
    public static ComputeSession? TryOpen(DeviceKind kind, int index, out string? reason)
    {
        Context? context = null;
        try
        {
            context = kind switch
            {
                DeviceKind.Cuda => Context.Create(b => b.Cuda().EnableAlgorithms()),
                DeviceKind.OpenCL => Context.Create(b => b.OpenCL().EnableAlgorithms()),
                DeviceKind.IlgpuCpu => Context.Create(b => b.CPU().EnableAlgorithms()),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), "the managed CPU path needs no session"),
            };
            var type = kind switch { DeviceKind.Cuda => AcceleratorType.Cuda, DeviceKind.OpenCL => AcceleratorType.OpenCL, _ => AcceleratorType.CPU };
            var devices = context.Devices.Where(d => d.AcceleratorType == type).ToList();
            if (index >= devices.Count)
            {
                reason = devices.Count == 0 ? $"no {kind} device found" : $"{kind} device {index} does not exist ({devices.Count} found)";
                context.Dispose();
                return null;
            }
            var acc = devices[index].CreateAccelerator(context);
            reason = null;
            return new ComputeSession(context, acc, kind);
        }
        catch (Exception e) when (e is not ArgumentOutOfRangeException)
        {
            context?.Dispose();
            reason = $"{kind} unavailable: {e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    /// <summary>An evaluator that fills BVSE grids on this device.</summary>
    public IBvseEvaluator BvseEvaluator() => new IlgpuBvseEvaluator(this);

    private sealed class IlgpuBvseEvaluator(ComputeSession session) : IBvseEvaluator
    {
        public string DeviceName => session.DeviceName;

        public float[] Evaluate(TiledFramework tiles, CancellationToken cancel = default)
        {
            cancel.ThrowIfCancellationRequested();
            var acc = session._accelerator;
            session._energyKernel ??= acc.LoadAutoGroupedStreamKernel<Index1D, GridGeometry, ArrayView<float>, ArrayView<int>, ArrayView<FrameworkIonF>,
                ArrayView<int>, ArrayView<int>, ArrayView<FrameworkIonF>, ArrayView<int>, ArrayView<int>>(BvseKernels.Energy);
            var fw = tiles.Framework;
            long threads = (long)tiles.ActiveTiles.Length * tiles.Tile * tiles.Tile * tiles.Tile;
            if (threads > int.MaxValue) throw new InvalidOperationException("grid too large for one launch");
            using var energies = acc.Allocate1D<float>(tiles.Grid.Count);
            if (tiles.ActiveTiles.Length < tiles.TileCount)
            {
                var fill = new float[tiles.Grid.Count];
                Array.Fill(fill, float.MaxValue);
                energies.CopyFromCPU(fill);
            }
            using var active = acc.Allocate1D(NonEmpty(tiles.ActiveTiles));
            using var morse = acc.Allocate1D(NonEmpty(fw.Morse.Select(x => x.ToSingle()).ToArray()));
            using var morseStart = acc.Allocate1D(tiles.MorseStart);
            using var morseIndex = acc.Allocate1D(NonEmpty(tiles.MorseIndex));
            using var coulomb = acc.Allocate1D(NonEmpty(fw.Coulomb.Select(x => x.ToSingle()).ToArray()));
            using var coulombStart = acc.Allocate1D(tiles.CoulombStart);
            using var coulombIndex = acc.Allocate1D(NonEmpty(tiles.CoulombIndex));
            if (threads == 0) return energies.GetAsArray1D();
            session._energyKernel((int)threads, new GridGeometry(tiles), energies.View, active.View, morse.View, morseStart.View, morseIndex.View,
                coulomb.View, coulombStart.View, coulombIndex.View);
            acc.Synchronize();
            return energies.GetAsArray1D();
        }

        // Zero-length buffers are not allowed on every backend; a one-element dummy is never indexed (empty ranges).
        private static T[] NonEmpty<T>(T[] a) where T : unmanaged => a.Length > 0 ? a : new T[1];
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _accelerator.Dispose();
        _context.Dispose();
    }
}
