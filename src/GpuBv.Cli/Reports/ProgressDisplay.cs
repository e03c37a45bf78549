using System.Diagnostics;
using System.Globalization;
using GpuBv.Screening;

namespace GpuBv.Cli.Reports;

/// <summary>
/// Progress on stderr: a bar with rate and ETA redrawn in place on a terminal; a plain line every 10 s when stderr is
/// redirected (logs, Slurm output files).
/// </summary>
internal sealed class ProgressDisplay : IProgress<ScreenProgress>, IDisposable
{
    private readonly TextWriter _out;
    private readonly bool _terminal;
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _last = -1;
    private ScreenProgress _latest;
    private readonly object _lock = new();

    public ProgressDisplay(TextWriter output, int total)
    {
        _out = output;
        _total = total;
        _terminal = ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
    }

    public void Report(ScreenProgress p)
    {
        lock (_lock)
        {
            _latest = p;
            double now = _clock.Elapsed.TotalSeconds;
            if (now - _last < (_terminal ? 0.2 : 10) && p.Done < p.Total)
                return;
            _last = now;
            double rate = p.Done / Math.Max(p.Seconds, 1e-9);
            var eta = TimeSpan.FromSeconds(rate > 0 ? (p.Total - p.Done) / rate : 0);
            string text = string.Create(CultureInfo.InvariantCulture,
                $"{p.Done}/{p.Total} ({p.Ok} ok, {p.Skipped} skipped, {p.Errors} error, {p.Timeouts} timeout) "
                + $"{rate:0.##}/s ETA {eta:hh\\:mm\\:ss}");
            if (_terminal)
            {
                int width = 30, filled = p.Total > 0 ? (int)(width * (double)p.Done / p.Total) : width;
                _out.Write($"\r[{new string('#', filled)}{new string(' ', width - filled)}] {text}   ");
            }
            else
                _out.WriteLine($"gpubv: screen: {text}");
        }
    }

    public void Dispose()
    {
        if (_terminal && _last >= 0)
            _out.WriteLine();
    }
}
