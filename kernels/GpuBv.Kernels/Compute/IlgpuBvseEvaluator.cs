using GpuBv.Bvse;
using GpuBv.Kernels.Bvse;
using ILGPU;
using ILGPU.Runtime;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// Fills BVSE grids with <see cref="BvseKernel.Energy"/> on one ILGPU accelerator: the one owner of its context and
/// accelerator (dispose it at the end) and of the buffers of each launch. The kernel is compiled once; launches are
/// serialised (workers share the device while their host work overlaps).
/// </summary>
public sealed class IlgpuBvseEvaluator : IBvseEvaluator, IDisposable
{
    private readonly AcceleratorSession _session;
    private readonly Accelerator _accelerator;
    private Action<Index1D, GridGeometry, BvseKernelArgs>? _energyKernel;

    internal IlgpuBvseEvaluator(AcceleratorSession session)
    {
        _session = session;
        _accelerator = session.Accelerator;
    }

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
        if (threads == 0)
        {
            return energies.GetAsArray1D();
        }
        var args = new BvseKernelArgs(energies.View, active.View, morse.View, morseStart.View, morseIndex.View,
            coulomb.View, coulombStart.View, coulombIndex.View);
        _energyKernel((int)threads, new GridGeometry(tiles), args);
        acc.Synchronize();
        return energies.GetAsArray1D();
    }

    // Zero-length buffers are not allowed on every backend; a one-element dummy is never indexed (empty ranges).
    private static T[] NonEmpty<T>(T[] a)
        where T : unmanaged => a.Length > 0 ? a : new T[1];

    /// <summary>Releases the accelerator and its context (shared with the device's percolation provider).</summary>
    public void Dispose() => _session.Dispose();
}
