using GpuBv.Crystal;

namespace GpuBv.Trajectory;

/// <summary>
/// A streaming trajectory reader: frames come one at a time and only the current frame is held, so memory does not
/// grow with trajectory length. Bad input throws an <see cref="InputException"/> naming the file, the frame and the line;
/// the frames read before it have already been handed out.
/// </summary>
public interface ITrajectoryReader : IDisposable
{
    /// <summary>Atoms and their elements.</summary>
    TrajectoryHeader Header { get; }

    /// <summary>Reads the next frame; false at the end of the file.</summary>
    bool TryRead(out Frame frame);

    /// <summary>Frames handed out so far.</summary>
    int FramesRead { get; }
}
