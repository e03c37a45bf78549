using GpuBv.Bvse;

namespace GpuBv.Compute;

/// <summary>
/// The providers of one device, used and replaced together: the grid evaluator and the percolation provider, with the
/// resource that owns them (an accelerator) disposed once with the set.
/// </summary>
public sealed class ComputeProviderSet : IDisposable
{
    private readonly IDisposable? _owner;
    private int _disposed;

    /// <summary>Creates a set.</summary>
    /// <param name="evaluator">Fills BVSE grids.</param>
    /// <param name="percolation">Computes percolation barriers.</param>
    /// <param name="owner">Disposed with the set (the device context), or null.</param>
    /// <param name="isManaged">True for the managed CPU path, which needs no fallback.</param>
    /// <param name="batch">The device's batched path, or null to run batches one grid at a time.</param>
    public ComputeProviderSet(IBvseEvaluator evaluator, IPercolationProvider percolation, IDisposable? owner = null,
        bool isManaged = false, IGridBatchProvider? batch = null)
    {
        Evaluator = evaluator;
        Percolation = percolation;
        _owner = owner;
        IsManaged = isManaged;
        Batch = batch;
    }

    /// <summary>Fills BVSE grids.</summary>
    public IBvseEvaluator Evaluator { get; }

    /// <summary>Computes percolation barriers.</summary>
    public IPercolationProvider Percolation { get; }

    /// <summary>The batched path (several grids per launch, kept on the device for percolation), or null.</summary>
    public IGridBatchProvider? Batch { get; }

    /// <summary>True for the managed CPU path (nothing to fall back to).</summary>
    public bool IsManaged { get; }

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The managed CPU set: <see cref="CpuBvseEvaluator"/> on up to <paramref name="threads"/> threads (0 = all cores).</summary>
    public static ComputeProviderSet Cpu(int threads = 0)
        => new(new CpuBvseEvaluator(threads), ManagedPercolationProvider.Instance, null, isManaged: true);

    /// <summary>Disposes the owner, once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner?.Dispose();
        }
    }
}
