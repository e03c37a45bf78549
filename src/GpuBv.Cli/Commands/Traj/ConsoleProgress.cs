using System.Diagnostics;
using System.Globalization;
using GpuBv.Trajectory;

namespace GpuBv.Cli.Commands.Traj;

/// <summary>
/// Shows how far a trajectory pass has got (frames read, frames/s) on the console's error stream when that is a
/// terminal: first after 0.25 s (so quick runs print nothing), then at most every 0.25 s; the line is cleared at the end.
/// </summary>
internal sealed class ConsoleProgress : IProgress<TrajectoryProgress>
{
    private readonly TextWriter _output;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _lastShown;
    private bool _shown;

    private ConsoleProgress(TextWriter output)
    {
        _output = output;
    }

    /// <summary>A progress display on <paramref name="stderr"/> if it is the console's and a terminal, else null.</summary>
    public static ConsoleProgress? For(TextWriter stderr) =>
        ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? new ConsoleProgress(stderr) : null;

    /// <inheritdoc/>
    public void Report(TrajectoryProgress value)
    {
        if (value.Finished)
        {
            if (_shown)
            {
                _output.Write("\r" + new string(' ', 60) + "\r");
            }
            return;
        }
        double now = _clock.Elapsed.TotalSeconds;
        if (now - _lastShown < 0.25)
        {
            return;
        }
        _lastShown = now;
        _shown = true;
        double rate = value.FramesScanned / Math.Max(now, 1e-9);
        _output.Write(string.Create(CultureInfo.InvariantCulture, $"\rgpubv: read {value.FramesScanned} frames ({rate:0} frames/s)   "));
    }
}
