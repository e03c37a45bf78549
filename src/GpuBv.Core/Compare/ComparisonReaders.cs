using GpuBv.Compute;
using GpuBv.Trajectory;

namespace GpuBv.Compare;

/// <summary>A reader that hands out a frame already read, then the rest of another reader (not disposed here).</summary>
internal sealed class ReplayReader(Frame first, ITrajectoryReader rest) : ITrajectoryReader
{
    private bool _replayed;

    public TrajectoryHeader Header => rest.Header;

    public int FramesRead { get; private set; }

    public bool TryRead(out Frame frame)
    {
        if (!_replayed)
        {
            _replayed = true;
            frame = first;
            FramesRead++;
            return true;
        }
        if (rest.TryRead(out frame))
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

/// <summary>
/// A reader for an analysis that keeps something of every frame: refuses (an <see cref="InputException"/>) once the frames
/// read times <paramref name="bytesPerFrame"/> pass <paramref name="limit"/> bytes.
/// </summary>
internal sealed class BudgetedReader(ITrajectoryReader inner, long bytesPerFrame, long limit, string what) : ITrajectoryReader
{
    public TrajectoryHeader Header => inner.Header;

    public int FramesRead => inner.FramesRead;

    public bool TryRead(out Frame frame)
    {
        if (!inner.TryRead(out frame))
            return false;
        if ((double)inner.FramesRead * bytesPerFrame > limit)
        {
            throw new InputException(InputParameter.Memory, MemoryBudget.Format(limit),
                $"{what} keeps {bytesPerFrame} bytes per frame; {inner.FramesRead} frames pass 25 % of the memory budget "
                + $"({MemoryBudget.Format(limit)}); analyse fewer frames or give more memory");
        }
        return true;
    }

    public void Dispose()
    {
    }
}
