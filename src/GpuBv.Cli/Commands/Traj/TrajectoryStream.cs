using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using GpuBv.Trajectory;

namespace GpuBv.Cli.Commands.Traj;

/// <summary>
/// The one pass over a trajectory that every <c>gpubv traj</c> subcommand makes: wraps a streaming reader and
/// <list type="bullet">
/// <item>hands out only the frames of the time slice [t_ini, t_ini + t_window] (renumbered from 0; frames before are
/// read and dropped, reading stops after the last),</item>
/// <item>shows progress (frames read, frames/s) on stderr when stderr is a terminal, and nothing when it is piped,</item>
/// <item>turns an <see cref="InputException"/> of the underlying reader (a truncated or bad frame) into the end of the
/// stream: <see cref="TryRead"/> returns false and keeps the exception in <see cref="Error"/>, so the analysis completes
/// on the frames before the bad one and the command reports the error after writing its outputs.</item>
/// </list>
/// Only the producer (one thread) may call <see cref="TryRead"/>.
/// </summary>
internal sealed class TrajectoryStream : ITrajectoryReader
{
    private readonly ITrajectoryReader _inner;
    private readonly TextWriter? _progress;
    private readonly int _start;
    private readonly int? _count;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _lastShown; // first shown after 0.25 s, so quick runs print nothing
    private bool _shown;
    private bool _ended;
    private Frame? _peeked;

    /// <summary>Wraps <paramref name="inner"/> (which this object disposes).</summary>
    /// <param name="inner">The reader.</param>
    /// <param name="stderr">The command's error writer: progress goes there only when it is the console's and that is a terminal.</param>
    /// <param name="startFrame">t_ini as a frame index of the file (0-based).</param>
    /// <param name="frameCount">Frames to hand out at most (null: to the end).</param>
    public TrajectoryStream(ITrajectoryReader inner, TextWriter stderr, int startFrame = 0, int? frameCount = null)
    {
        _inner = inner;
        _start = startFrame;
        _count = frameCount;
        _progress = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? stderr : null;
    }

    /// <inheritdoc/>
    public TrajectoryHeader Header => _inner.Header;

    /// <summary>Frames handed out (frames of the slice).</summary>
    public int FramesRead { get; private set; }

    /// <summary>Frames read from the file (including those before t_ini).</summary>
    public int FramesScanned { get; private set; }

    /// <summary>t_ini as a frame index of the file.</summary>
    public int StartFrame => _start;

    /// <summary>The reader's error that ended the stream early, or null.</summary>
    public InputException? Error { get; private set; }

    /// <summary>The first frame of the slice, read now and handed out again by the next <see cref="TryRead"/>; null when there is none.</summary>
    public Frame? Peek()
    {
        if (_peeked is not null) return _peeked;
        if (FramesRead > 0) throw new InvalidOperationException("Peek only before the first frame");
        if (!Next(out var f)) return null;
        _peeked = f;
        return f;
    }

    /// <inheritdoc/>
    public bool TryRead(out Frame frame)
    {
        if (_peeked is not null)
        {
            frame = _peeked;
            _peeked = null;
            FramesRead++;
            return true;
        }
        if (!Next(out frame)) return false;
        FramesRead++;
        return true;
    }

    private bool Next(out Frame frame)
    {
        frame = null!;
        if (_ended) return false;
        if (_count is int c && FramesRead + (_peeked is null ? 0 : 1) >= c) return End();
        while (true)
        {
            bool ok;
            try
            {
                ok = _inner.TryRead(out frame);
            }
            catch (InputException e)
            {
                Error = e;
                return End();
            }
            if (!ok) return End();
            FramesScanned++;
            Show();
            if (FramesScanned > _start)
            {
                // Renumber from t_ini: the analyses count frames from the first one they are given.
                if (frame.Index != FramesScanned - 1 - _start) frame = new Frame(FramesScanned - 1 - _start, frame.Lattice, frame.Fractional);
                return true;
            }
        }
    }

    private bool End()
    {
        if (!_ended && _progress is not null && _shown) _progress.Write("\r" + new string(' ', 60) + "\r");
        _ended = true;
        return false;
    }

    private void Show()
    {
        if (_progress is null) return;
        double now = _clock.Elapsed.TotalSeconds;
        if (now - _lastShown < 0.25) return;
        _lastShown = now;
        _shown = true;
        _progress.Write(string.Create(CultureInfo.InvariantCulture, $"\rgpubv: read {FramesScanned} frames ({FramesScanned / Math.Max(now, 1e-9):0} frames/s)   "));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        End();
        _inner.Dispose();
    }
}

/// <summary>
/// Feeds the frames of one reader to several analyses at once, so that a command that needs two of them (e.g. bond
/// tracking and the cation's displacement) still reads the file once. Each analysis runs on its own thread and pulls
/// from a bounded queue (frames are shared, not copied; the analyses only read them); the calling thread reads.
/// </summary>
internal static class FrameFanOut
{
    private const int QueueFrames = 32;

    /// <summary>Runs the consumers on <paramref name="source"/>; rethrows the first consumer's exception, if any.</summary>
    public static void Run(ITrajectoryReader source, params Action<ITrajectoryReader>[] consumers)
    {
        if (consumers.Length == 1)
        {
            consumers[0](source);
            return;
        }
        var branches = consumers.Select(_ => new Branch(source.Header)).ToArray();
        var tasks = consumers.Select((c, i) => Task.Factory.StartNew(() =>
        {
            try { c(branches[i]); }
            finally { branches[i].Detach(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            while (source.TryRead(out var frame))
            {
                bool any = false;
                foreach (var b in branches) any |= b.Offer(frame);
                if (!any) break;
            }
        }
        finally
        {
            foreach (var b in branches) b.Complete();
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
            if (_detached.IsCancellationRequested) return false;
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

        public void Dispose() { }
    }
}
