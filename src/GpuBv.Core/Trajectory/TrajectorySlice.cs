namespace GpuBv.Trajectory;

/// <summary>
/// The one pass over a trajectory that every analysis of a run makes: wraps a streaming reader and
/// <list type="bullet">
/// <item>hands out only the frames of the time slice [t_ini, t_ini + t_window] (renumbered from 0; frames before are
/// read and dropped, reading stops after the last),</item>
/// <item>reports progress (frames read) to an optional <see cref="IProgress{T}"/> that the front end supplies,</item>
/// <item>turns an <see cref="InputException"/> of the underlying reader (a truncated or bad frame) into the end of the
/// stream: <see cref="TryRead"/> returns false and keeps the exception in <see cref="Error"/>, so the analysis completes
/// on the frames before the bad one and the caller reports the error after writing its outputs.</item>
/// </list>
/// Only the producer (one thread) may call <see cref="TryRead"/>.
/// </summary>
public sealed class TrajectorySlice : ITrajectoryReader
{
    private readonly ITrajectoryReader _inner;
    private readonly IProgress<TrajectoryProgress>? _progress;
    private readonly int _start;
    private readonly int? _count;
    private bool _ended;
    private Frame? _peeked;

    /// <summary>Wraps <paramref name="inner"/> (which this object disposes).</summary>
    /// <param name="inner">The reader.</param>
    /// <param name="startFrame">t_ini as a frame index of the file (0-based, ≥ 0).</param>
    /// <param name="frameCount">Frames to hand out at most (null: to the end).</param>
    /// <param name="progress">Told the frames read after each one, and once when the pass ends; null for none.</param>
    public TrajectorySlice(ITrajectoryReader inner, int startFrame = 0, int? frameCount = null,
        IProgress<TrajectoryProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(startFrame);
        _inner = inner;
        _start = startFrame;
        _count = frameCount;
        _progress = progress;
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

    /// <summary>
    /// The first frame of the slice, read now and handed out again by the next <see cref="TryRead"/>; null when there
    /// is none.
    /// </summary>
    /// <exception cref="InvalidOperationException">A frame has already been handed out.</exception>
    public Frame? Peek()
    {
        if (_peeked is not null)
        {
            return _peeked;
        }
        if (FramesRead > 0)
        {
            throw new InvalidOperationException("Peek only before the first frame");
        }
        if (!Next(out var f))
        {
            return null;
        }
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
        if (!Next(out frame))
        {
            return false;
        }
        FramesRead++;
        return true;
    }

    private bool Next(out Frame frame)
    {
        frame = null!;
        if (_ended)
        {
            return false;
        }
        if (_count is int c && FramesRead + (_peeked is null ? 0 : 1) >= c)
        {
            return End();
        }
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
            if (!ok)
            {
                return End();
            }
            FramesScanned++;
            _progress?.Report(new TrajectoryProgress(FramesScanned, false));
            if (FramesScanned > _start)
            {
                // Renumber from t_ini: the analyses count frames from the first one they are given.
                int index = FramesScanned - 1 - _start;
                if (frame.Index != index)
                {
                    frame = new Frame(index, frame.Lattice, frame.Fractional);
                }
                return true;
            }
        }
    }

    private bool End()
    {
        if (!_ended)
        {
            _progress?.Report(new TrajectoryProgress(FramesScanned, true));
        }
        _ended = true;
        return false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        End();
        _inner.Dispose();
    }
}
