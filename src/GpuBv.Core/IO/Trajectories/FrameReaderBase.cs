using GpuBv.Trajectory;

namespace GpuBv.IO.Trajectories;

/// <summary>
/// The streaming part every text trajectory reader shares: a line source, a frame read ahead by the constructor
/// (so that the header and the first frame's errors surface on opening) and handed out by the first
/// <see cref="TryRead"/>, then one <see cref="ReadFrame"/> per later call, and the frame count.
/// </summary>
public abstract class FrameReaderBase : ITrajectoryReader
{
    private Frame? _pending;

    private protected FrameReaderBase(TextReader reader, string fileName)
    {
        Source = new LineSource(reader, fileName);
    }

    /// <inheritdoc/>
    public abstract TrajectoryHeader Header { get; }

    /// <inheritdoc/>
    public int FramesRead { get; private set; }

    /// <summary>The lines of the file, with the line and frame numbers of error messages.</summary>
    private protected LineSource Source { get; }

    /// <inheritdoc/>
    public bool TryRead(out Frame frame)
    {
        if (_pending is not null)
        {
            frame = _pending;
            _pending = null;
        }
        else
        {
            var next = ReadFrame(first: false);
            if (next is null)
            {
                frame = null!;
                return false;
            }
            frame = next;
        }
        FramesRead++;
        OnFrameHandedOut();
        return true;
    }

    /// <summary>Reads the next frame from <see cref="Source"/>; null at the end of the file.</summary>
    /// <param name="first">True for the first frame, which also fixes the elements and layout later frames must match.</param>
    /// <exception cref="InputException">The frame is not valid.</exception>
    protected abstract Frame? ReadFrame(bool first);

    /// <summary>Called after each frame is handed out (e.g. to publish that frame's time step).</summary>
    protected virtual void OnFrameHandedOut()
    {
    }

    /// <summary>Reads the first frame (call once, from the constructor) and keeps it for the first <see cref="TryRead"/>.</summary>
    /// <exception cref="InputException">The file is empty or its first frame is not valid.</exception>
    private protected void ReadFirstFrame()
    {
        _pending = ReadFrame(first: true) ?? throw Source.Error("the file is empty");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Source.Dispose();
        GC.SuppressFinalize(this);
    }
}
