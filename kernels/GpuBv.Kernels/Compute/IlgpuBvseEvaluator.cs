using GpuBv.Bvse;
using GpuBv.Kernels.Bvse;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// Fills BVSE grids with <see cref="BvseKernel.Energy"/> on one ILGPU accelerator: the one owner of its context and
/// accelerator (dispose it at the end), shared with the device's percolation provider. The kernel is compiled once at
/// first use, its buffers are grow-only pools reused between calls, and launches hold the accelerator's one lock (workers
/// share the device while their host work overlaps).
/// </summary>
public sealed class IlgpuBvseEvaluator : IBvseEvaluator, IDisposable
{
    private readonly AcceleratorSession _session;
    private readonly Accelerator _accelerator;
    private readonly GrowOnlyBuffer<float> _energies;
    private readonly BvseKernelBuffers _buffers;
    private Action<Index1D, GridGeometry, BvseKernelArgs>? _energyKernel;

    internal IlgpuBvseEvaluator(AcceleratorSession session)
    {
        _session = session;
        _accelerator = session.Accelerator;
        _energies = session.Own(new GrowOnlyBuffer<float>(_accelerator));
        _buffers = new BvseKernelBuffers(session);
    }

    /// <summary>Times a device buffer of this evaluator has been (re)allocated (the pools only grow).</summary>
    public int BufferAllocations => _energies.Allocations + _buffers.Allocations;

    /// <summary>The kind of device.</summary>
    public DeviceKind Kind => _session.Kind;

    /// <summary>Device memory in bytes.</summary>
    public long MemoryBytes => _accelerator.MemorySize;

    /// <summary>Device name for reports, e.g. "cuda: NVIDIA H100 80GB HBM3".</summary>
    public string DeviceName => _session.DeviceName;

    internal AcceleratorSession Session => _session;

    /// <inheritdoc/>
    public float[] Evaluate(TiledFramework tiles, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        cancel.ThrowIfCancellationRequested();
        lock (_session.Launch)
        {
            return Launch(tiles);
        }
    }

    private float[] Launch(TiledFramework tiles)
    {
        var acc = _accelerator;
        _energyKernel ??= acc.LoadAutoGroupedStreamKernel<Index1D, GridGeometry, BvseKernelArgs>(BvseKernel.Energy);
        var fw = tiles.Framework;
        long threads = (long)tiles.ActiveTiles.Length * tiles.Tile * tiles.Tile * tiles.Tile;
        if (threads > int.MaxValue)
        {
            throw new InvalidOperationException("grid too large for one launch");
        }
        int count = (int)tiles.Grid.Count;
        var energies = _energies.View(count);
        if (tiles.ActiveTiles.Length < tiles.TileCount)
        {
            acc.Initialize(acc.DefaultStream, energies, float.MaxValue);
        }
        var result = new float[count];
        if (threads > 0)
        {
            var args = _buffers.Upload(energies, tiles.ActiveTiles, fw.Morse.Select(x => x.ToSingle()).ToArray(), tiles.MorseStart,
                tiles.MorseIndex, fw.Coulomb.Select(x => x.ToSingle()).ToArray(), tiles.CoulombStart, tiles.CoulombIndex);
            _energyKernel((int)threads, new GridGeometry(tiles), args);
        }
        acc.Synchronize();
        energies.CopyToCPU(result);
        tiles.ClearUnwanted(result); // the kernel evaluates whole tiles; unwanted points read MaxValue everywhere
        return result;
    }

    /// <summary>Releases the accelerator and its context (shared with the device's percolation provider).</summary>
    public void Dispose() => _session.Dispose();
}
