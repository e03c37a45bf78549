using GpuBv.Compute;

namespace GpuBv.Screening;

/// <summary>
/// The device stage of a batched screen (DESIGN.md, "Batched screening"): the workers, after their host stages, queue
/// their structures' grid requests here and wait; one thread takes up to <see cref="Size"/> grids (a structure's grids
/// are never split), or what is queued once no worker is still preparing or <see cref="Wait"/> has passed, and evaluates
/// them with one <see cref="IComputeProvider.EvaluateBatch"/> call while the workers go on reading and tiling. A waiting
/// structure whose deadline passes leaves with an <see cref="OperationCanceledException"/> (its row becomes timeout);
/// its entry is then dropped before dispatch or its result discarded, and a batch whose structures have all left is
/// cancelled. A batch call that fails is retried one structure at a time, so each failure reaches its own structure.
/// </summary>
internal sealed class GridBatcher : IDisposable
{
    private readonly object _gate = new();
    private readonly List<Entry> _queue = [];
    private readonly IComputeProvider _compute;
    private readonly CancellationTokenSource _closing = new();
    private readonly Func<bool>? _worthwhile;
    private int _preparing;
    private bool _closed;

    /// <summary>Starts the batching thread.</summary>
    /// <param name="compute">The device.</param>
    /// <param name="size">Grids per batch at most (≥ 1).</param>
    /// <param name="wait">How long a batch waits to fill while workers are still preparing.</param>
    /// <param name="worthwhile">Whether batching still pays (false once the device has fallen back to the CPU path);
    /// null: always.</param>
    public GridBatcher(IComputeProvider compute, int size, TimeSpan wait, Func<bool>? worthwhile = null)
    {
        ArgumentNullException.ThrowIfNull(compute);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _compute = compute;
        Size = size;
        Wait = wait;
        _worthwhile = worthwhile;
        var thread = new Thread(Loop) { IsBackground = true, Name = "gpubv grid batches" };
        thread.Start();
    }

    /// <summary>Grids per batch at most.</summary>
    public int Size { get; }

    /// <summary>How long a batch waits to fill while workers are still preparing.</summary>
    public TimeSpan Wait { get; }

    /// <summary>
    /// False once batching no longer pays (the work moved to the managed CPU path after a device failure): structures then
    /// compute their grids alone, each worker on its own core, as a screen that started on the CPU path does.
    /// </summary>
    public bool Worthwhile => _worthwhile?.Invoke() ?? true;

    /// <summary>
    /// Marks a structure as in its host stage until the lease is disposed or its grids are queued: while any is, a batch
    /// that is not full waits (up to <see cref="Wait"/>) for more.
    /// </summary>
    public HostStage Prepare()
    {
        lock (_gate)
        {
            _preparing++;
        }
        return new HostStage(this);
    }

    /// <summary>
    /// Queues <paramref name="requests"/> (one structure's grids), ends <paramref name="host"/> and waits for their
    /// results, in request order. Throws <see cref="OperationCanceledException"/> when <paramref name="cancel"/> fires
    /// first, and the exception of the batch call when it failed for this structure.
    /// </summary>
    /// <param name="requests">The structure's grids.</param>
    /// <param name="host">The structure's host-stage lease, or null.</param>
    /// <param name="cancel">The structure's deadline.</param>
    public IReadOnlyList<GridAnalysis> Evaluate(IReadOnlyList<GridRequest> requests, HostStage? host, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var entry = new Entry(requests, cancel);
        lock (_gate)
        {
            if (_closed)
            {
                // Only a structure abandoned past its deadline can come after the screen's end.
                throw new OperationCanceledException("the screen has ended");
            }
            _queue.Add(entry);
            host?.EndLocked();
            Monitor.PulseAll(_gate);
        }
        return entry.Result.Task.WaitAsync(cancel).GetAwaiter().GetResult();
    }

    private void Loop()
    {
        while (Take() is { } batch)
        {
            Dispatch(batch);
        }
    }

    /// <summary>The next batch, or null once closed.</summary>
    private List<Entry>? Take()
    {
        lock (_gate)
        {
            while (true)
            {
                while (_queue.Count == 0 && !_closed)
                {
                    Monitor.Wait(_gate);
                }
                if (_closed)
                {
                    foreach (var e in _queue)
                    {
                        e.Result.TrySetCanceled();
                    }
                    _queue.Clear();
                    return null;
                }
                long deadline = Environment.TickCount64 + (long)Wait.TotalMilliseconds;
                while (!_closed && _preparing > 0 && QueuedGrids() < Size)
                {
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0)
                    {
                        break;
                    }
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left));
                }
                var batch = new List<Entry>();
                int grids = 0;
                while (_queue.Count > 0 && (batch.Count == 0 || grids + _queue[0].Requests.Count <= Size))
                {
                    var e = _queue[0];
                    _queue.RemoveAt(0);
                    if (e.Cancel.IsCancellationRequested)
                    {
                        e.Result.TrySetCanceled(e.Cancel); // its structure has its timeout row already
                        continue;
                    }
                    batch.Add(e);
                    grids += e.Requests.Count;
                }
                if (batch.Count > 0)
                {
                    return batch;
                }
            }
        }
    }

    private int QueuedGrids()
    {
        int n = 0;
        foreach (var e in _queue)
        {
            n += e.Requests.Count;
        }
        return n;
    }

    private void Dispatch(List<Entry> batch)
    {
        // The call is cancelled only when every structure in it has left (deadlines) or the screen is over.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        int live = batch.Count;
        var registrations = batch.Select(e => e.Cancel.Register(() =>
        {
            if (Interlocked.Decrement(ref live) == 0)
            {
                stop.Cancel();
            }
        })).ToList();
        try
        {
            var requests = batch.SelectMany(e => e.Requests).ToList();
            var results = _compute.EvaluateBatch(requests, stop.Token);
            if (results.Count != requests.Count)
            {
                throw new InvalidOperationException($"a batch of {requests.Count} grid(s) returned {results.Count} result(s)");
            }
            int at = 0;
            foreach (var e in batch)
            {
                e.Result.TrySetResult(results.Skip(at).Take(e.Requests.Count).ToList());
                at += e.Requests.Count;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            foreach (var e in batch)
            {
                e.Result.TrySetCanceled();
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One structure's grid (too large for the device, a bad input) must not fail the others: each alone.
            DisposeAll(registrations);
            registrations.Clear();
            foreach (var e in batch)
            {
                if (!e.Cancel.IsCancellationRequested)
                {
                    Dispatch([e]);
                }
                else
                {
                    e.Result.TrySetCanceled(e.Cancel);
                }
            }
        }
        catch (Exception failure)
        {
            batch[0].Result.TrySetException(failure);
        }
        finally
        {
            DisposeAll(registrations);
        }
    }

    private static void DisposeAll(List<CancellationTokenRegistration> registrations)
    {
        foreach (var r in registrations)
        {
            r.Dispose();
        }
    }

    /// <summary>
    /// Stops the thread after the batch in flight: called when every structure of the screen has its row, so whatever
    /// is still queued or in flight belongs to structures abandoned past their deadline; they are cancelled.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            Monitor.PulseAll(_gate);
        }
        _closing.Cancel();
    }

    /// <summary>A structure in its host stage (see <see cref="Prepare"/>); disposing it, or queuing its grids, ends it.</summary>
    internal sealed class HostStage(GridBatcher owner) : IDisposable
    {
        private bool _ended;

        /// <summary>Ends the stage (the caller holds the batcher's lock).</summary>
        internal void EndLocked()
        {
            if (!_ended)
            {
                _ended = true;
                owner._preparing--;
            }
        }

        /// <summary>Ends the stage if its grids were never queued (a skipped or failed structure).</summary>
        public void Dispose()
        {
            lock (owner._gate)
            {
                EndLocked();
                Monitor.PulseAll(owner._gate);
            }
        }
    }

    private sealed record Entry(IReadOnlyList<GridRequest> Requests, CancellationToken Cancel)
    {
        public TaskCompletionSource<IReadOnlyList<GridAnalysis>> Result { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
