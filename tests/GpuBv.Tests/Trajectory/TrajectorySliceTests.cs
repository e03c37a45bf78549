using GpuBv.Crystal;
using GpuBv.Trajectory;
using Xunit;

namespace GpuBv.Tests.Trajectory;

/// <summary>
/// <see cref="TrajectorySlice"/> hands out exactly the frames of [t_ini, t_ini + t_window], renumbered from 0, reports
/// progress to the caller's <see cref="IProgress{T}"/> (finishing once) and ends at a bad frame, keeping its error.
/// </summary>
public sealed class TrajectorySliceTests
{
    private static readonly Lattice Cell = Lattice.FromParameters(5, 5, 5, 90, 90, 90);

    private static List<Frame> Frames(int n) =>
        Enumerable.Range(0, n).Select(t => new Frame(t, Cell, [0.01 * t, 0, 0])).ToList();

    private sealed class Recorder : IProgress<TrajectoryProgress>
    {
        public List<TrajectoryProgress> Reports { get; } = [];

        public void Report(TrajectoryProgress value) => Reports.Add(value);
    }

    /// <summary>Hands out its frames, then throws an input error as a truncated file would.</summary>
    private sealed class BreaksAfter(List<Frame> frames) : ITrajectoryReader
    {
        public TrajectoryHeader Header { get; } = new(["Li"], "broken.xyz");

        public int FramesRead { get; private set; }

        public bool TryRead(out Frame frame)
        {
            if (FramesRead == frames.Count)
            {
                throw new InputException("broken.xyz", $"frame {FramesRead + 1}", "truncated");
            }
            frame = frames[FramesRead++];
            return true;
        }

        public void Dispose()
        {
        }
    }

    private static List<Frame> ReadAll(ITrajectoryReader r)
    {
        var list = new List<Frame>();
        while (r.TryRead(out var f))
        {
            list.Add(f);
        }
        return list;
    }

    [Fact]
    public void SliceIsTheWindowRenumberedFromTIni()
    {
        var progress = new Recorder();
        using var slice = new TrajectorySlice(TestFrames.Reader(["Li"], Frames(10)), startFrame: 3, frameCount: 4, progress);
        var peeked = slice.Peek();
        var got = ReadAll(slice);
        Assert.Same(peeked, got[0]);
        Assert.Equal([0, 1, 2, 3], got.Select(f => f.Index));
        Assert.Equal([0.03, 0.04, 0.05, 0.06], got.Select(f => f.Fractional[0]));
        Assert.Equal(4, slice.FramesRead);
        Assert.Equal(7, slice.FramesScanned);
        Assert.Null(slice.Error);
        Assert.Equal(1, progress.Reports.Count(r => r.Finished));
        Assert.Equal(7, progress.Reports.Last().FramesScanned);
    }

    [Fact]
    public void BadFrameEndsTheStreamAndIsKept()
    {
        using var slice = new TrajectorySlice(new BreaksAfter(Frames(5)), startFrame: 1);
        var got = ReadAll(slice);
        Assert.Equal(4, got.Count);
        Assert.NotNull(slice.Error);
        Assert.Equal("broken.xyz: frame 6: truncated", slice.Error!.Message);
        Assert.False(slice.TryRead(out _));
    }

    [Fact]
    public void FanOutGivesEveryConsumerEveryFrame()
    {
        using var slice = new TrajectorySlice(TestFrames.Reader(["Li"], Frames(100)));
        int a = 0;
        double b = 0;
        FrameFanOut.Run(slice, r => a = ReadAll(r).Count, r => b = ReadAll(r).Sum(f => f.Fractional[0]));
        Assert.Equal(100, a);
        Assert.Equal(Enumerable.Range(0, 100).Sum(t => 0.01 * t), b, 9);
    }

    [Fact]
    public void FanOutRethrowsAConsumersError()
    {
        using var slice = new TrajectorySlice(TestFrames.Reader(["Li"], Frames(100)));
        var e = Assert.Throws<InvalidOperationException>(() =>
            FrameFanOut.Run(slice, r => ReadAll(r), _ => throw new InvalidOperationException("consumer failed")));
        Assert.Equal("consumer failed", e.Message);
    }
}
