using SkiaSharp;

namespace GpuBv.Cli.Plots;

/// <summary>One line of a panel.</summary>
internal sealed record PlotSeries(string? Name, double[] X, double[] Y, bool Markers = false);
