using SkiaSharp;

namespace GpuBv.Cli.Plots;

/// <summary>One ScottPlot panel: lines, shaded x ranges and reference lines.</summary>
internal sealed record PlotPanel(string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series)
{
    public string? Title { get; init; }
    /// <summary>Shaded x ranges (e.g. a hop window, enhanced stretches).</summary>
    public IReadOnlyList<(double From, double To)> Spans { get; init; } = [];
    /// <summary>Horizontal reference lines.</summary>
    public IReadOnlyList<double> HLines { get; init; } = [];
    /// <summary>Equal axis scaling (for paths in a plane).</summary>
    public bool SquareAxes { get; init; }
    /// <summary>Show the legend (when the series have names).</summary>
    public bool Legend { get; init; } = true;
}
