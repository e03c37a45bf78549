using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Percolation;

namespace GpuBv.Compute;

/// <summary>
/// Computes on a primary <see cref="ComputeProviderSet"/> (a GPU) and, when it fails during a run (driver, out of
/// device memory), continues on the managed CPU set with the same thread limit: the whole set is swapped under a lock,
/// the failed set is disposed once, after every call in flight on it has returned, and the notice callback is told
/// once. <see cref="InputException"/> and <see cref="OperationCanceledException"/> are answers, not failures, and pass
/// through. Safe to call from several threads.
/// </summary>
public sealed class FallbackComputeProvider : IComputeProvider, IDisposable
{
    // Calls on a set that can fail over hold the read side; the swap holds the write side, so it waits for the calls in
    // flight and no call starts on the failed set after it (each call checks that its set is still current).
    private readonly ReaderWriterLockSlim _swap = new(LockRecursionPolicy.NoRecursion);
    private readonly Action<string> _notice;
    private readonly ComputeProviderSet _primary;
    private volatile ComputeProviderSet _current;
    private bool _fellBack;
    private bool _disposed;

    /// <summary>Computes on <paramref name="primary"/>, falling back to the managed CPU set if it fails.</summary>
    /// <param name="primary">The set to use first; owned (disposed) by this provider.</param>
    /// <param name="notice">Told once, in plain words, when the work moves to the CPU path.</param>
    /// <param name="cpuThreads">Thread limit of the CPU fallback (0 = all cores).</param>
    public FallbackComputeProvider(ComputeProviderSet primary, Action<string> notice, int cpuThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(notice);
        _primary = primary;
        _current = primary;
        _notice = notice;
        CpuThreads = cpuThreads;
    }

    /// <summary>The managed CPU path alone (nothing to fall back to, no device opened).</summary>
    /// <param name="cpuThreads">Threads used (0 = all cores).</param>
    public static FallbackComputeProvider Cpu(int cpuThreads = 0)
        => new(ComputeProviderSet.Cpu(cpuThreads), _ => { }, cpuThreads);

    /// <summary>The thread limit of the CPU path (0 = all cores).</summary>
    public int CpuThreads { get; }

    /// <summary>The set now in use.</summary>
    public ComputeProviderSet Current => _current;

    /// <summary>True when the work is not (or no longer) on the managed CPU path.</summary>
    public bool IsAccelerator => !_current.IsManaged;

    /// <summary>True once the primary failed and the work moved to the CPU path.</summary>
    public bool FellBack => Volatile.Read(ref _fellBack);

    /// <inheritdoc/>
    public string DeviceName => _current.Evaluator.DeviceName;

    /// <inheritdoc/>
    public float[] Evaluate(TiledFramework tiles, out string device, CancellationToken cancel = default)
    {
        string name = "";
        var energies = Call(set =>
        {
            name = set.Evaluator.DeviceName;
            return set.Evaluator.Evaluate(tiles, cancel);
        });
        device = name;
        return energies;
    }

    /// <inheritdoc/>
    public PercolationResult Percolate(float[] energies, BvseGrid grid, Connectivity connectivity, double encut)
        => Call(set => set.Percolation.Compute(energies, grid.N1, grid.N2, grid.N3, connectivity, encut));

    /// <inheritdoc/>
    public string PercolationDeviceName => _current.Percolation.Name;

    /// <summary>
    /// Evaluates and percolates several grids on the current set: through its batched path when it has one (grids stay on
    /// the device), otherwise one grid at a time. A device failure moves the whole batch to the CPU path (one notice).
    /// </summary>
    /// <param name="requests">The grids.</param>
    /// <param name="cancel">Stops the work between grids or launches.</param>
    public IReadOnlyList<GridAnalysis> EvaluateBatch(IReadOnlyList<GridRequest> requests, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return Call(set =>
        {
            if (set.Batch is { } batch)
            {
                return batch.EvaluateBatch(requests, cancel);
            }
            var results = new List<GridAnalysis>(requests.Count);
            foreach (var r in requests)
            {
                cancel.ThrowIfCancellationRequested();
                long start = Stopwatch.GetTimestamp();
                var energies = set.Evaluator.Evaluate(r.Tiles, cancel);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                var percolation = set.Percolation.Compute(energies, r.Grid.N1, r.Grid.N2, r.Grid.N3, r.Connectivity, r.Encut);
                results.Add(new GridAnalysis(energies, percolation, set.Evaluator.DeviceName, set.Percolation.Name, seconds));
            }
            return (IReadOnlyList<GridAnalysis>)results;
        });
    }

    /// <summary>
    /// Raw energies of several grids on the current set: through its batched path when it has one, otherwise one grid
    /// at a time. A device failure moves the whole call to the CPU path (one notice).
    /// </summary>
    /// <param name="tiles">The tiled frameworks.</param>
    /// <param name="cancel">Stops the work between grids or launches.</param>
    public IReadOnlyList<float[]> EvaluateMany(IReadOnlyList<TiledFramework> tiles, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        return Call(set =>
        {
            if (set.Batch is { } batch)
            {
                return batch.EvaluateMany(tiles, cancel);
            }
            var results = new List<float[]>(tiles.Count);
            foreach (var t in tiles)
            {
                cancel.ThrowIfCancellationRequested();
                results.Add(set.Evaluator.Evaluate(t, cancel));
            }
            return (IReadOnlyList<float[]>)results;
        });
    }

    private T Call<T>(Func<ComputeProviderSet, T> work)
    {
        while (true)
        {
            var set = _current;
            if (set.IsManaged)
            {
                // The CPU set never fails over and is disposed only with this provider.
                return work(set);
            }
            Exception failure;
            _swap.EnterReadLock();
            try
            {
                if (!ReferenceEquals(set, _current))
                {
                    continue;
                }
                try
                {
                    return work(set);
                }
                catch (Exception e) when (e is not InputException and not OperationCanceledException)
                {
                    failure = e;
                }
            }
            finally
            {
                _swap.ExitReadLock();
            }
            FallBack(set, failure);
        }
    }

    private void FallBack(ComputeProviderSet failed, Exception failure)
    {
        _swap.EnterWriteLock();
        try
        {
            if (!ReferenceEquals(failed, _current))
            {
                return; // another call has already swapped
            }
            var message = failure.Message.ReplaceLineEndings(" ");
            var device = failed.Evaluator.DeviceName;
            _current = ComputeProviderSet.Cpu(CpuThreads);
            failed.Dispose();
            if (!_fellBack)
            {
                _fellBack = true;
                _notice($"{device} failed ({failure.GetType().Name}: {message}); continuing on the CPU path");
            }
        }
        finally
        {
            _swap.ExitWriteLock();
        }
    }

    /// <summary>Disposes the primary set (if not already) and the one in use.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _primary.Dispose();
        _current.Dispose();
        _swap.Dispose();
    }
}
