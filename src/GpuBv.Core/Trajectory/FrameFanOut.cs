using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace GpuBv.Trajectory;

/// <summary>
/// Feeds the frames of one reader to several analyses at once, so that a run that needs two of them (e.g. bond
/// tracking and the cation's displacement) still reads the file once. Each analysis runs on its own thread and pulls
/// from a bounded queue (frames are shared, not copied; the analyses only read them); the calling thread reads.
/// </summary>
public static class FrameFanOut
{
    private const int QueueFrames = 32;

    /// <summary>Runs the consumers on <paramref name="source"/>; rethrows the first consumer's exception, if any.</summary>
    /// <param name="source">The reader; read on the calling thread.</param>
    /// <param name="consumers">The analyses, each given a reader of its own over the same frames.</param>
    public static void Run(ITrajectoryReader source, params Action<ITrajectoryReader>[] consumers)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(consumers);
        if (consumers.Length == 1)
        {
            consumers[0](source);
            return;
        }
        var branches = consumers.Select(_ => new Branch(source.Header)).ToArray();
        var tasks = consumers.Select((c, i) => Task.Factory.StartNew(() =>
        {
            try
            {
                c(branches[i]);
            }
            finally
            {
                branches[i].Detach();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            while (source.TryRead(out var frame))
            {
                bool any = false;
                foreach (var b in branches)
                {
                    any |= b.Offer(frame);
                }
                if (!any)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var b in branches)
            {
                b.Complete();
            }
        }
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private sealed class Branch(TrajectoryHeader header) : ITrajectoryReader
    {
        private readonly BlockingCollection<Frame> _queue = new(QueueFrames);
        private readonly CancellationTokenSource _detached = new();

        public TrajectoryHeader Header { get; } = header;

        public int FramesRead { get; private set; }

        /// <summary>Queues a frame; false once the consumer has stopped reading.</summary>
        public bool Offer(Frame f)
        {
            if (_detached.IsCancellationRequested)
            {
                return false;
            }
            try
            {
                _queue.Add(f, _detached.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public void Complete() => _queue.CompleteAdding();

        public void Detach() => _detached.Cancel();

        public bool TryRead(out Frame frame)
        {
            if (_queue.TryTake(out frame!, Timeout.Infinite))
            {
                FramesRead++;
                return true;
            }
            return false;
        }

        public void Dispose()
        {
        }
    }
}
