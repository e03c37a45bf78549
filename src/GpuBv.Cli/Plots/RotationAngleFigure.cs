using System.Globalization;
using GpuBv.Compare;

namespace GpuBv.Cli.Plots;

/// <summary>
/// The distribution of bond rotation angles θ(t0, t0 + τ) at one lag (<c>gpubv compare --png</c>, in the spirit of the
/// seed paper's SI Fig. S11): the histogram as the fraction of bond samples per bin, the mean and median as dashed lines,
/// and optionally the flip threshold (half the smallest bond–bond angle) as a dotted line.
/// </summary>
public static class RotationAngleFigure
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Draws <paramref name="result"/> to the PNG file <paramref name="path"/>.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="result">The angle distribution.</param>
    /// <param name="title">The title (null: one naming the lag and the samples).</param>
    /// <param name="dtFs">Time between frames (fs), to give the lag in ps too; null: frames only.</param>
    /// <param name="flipThresholdDeg">The flip threshold (degrees) drawn as a dotted line; null: none.</param>
    /// <param name="width">Width (pixels).</param>
    /// <param name="height">Height (pixels).</param>
    public static void Save(string path, BondRotationAnglesResult result, string? title = null, double? dtFs = null,
        double? flipThresholdDeg = null, int width = 900, int height = 560)
    {
        ArgumentNullException.ThrowIfNull(path);
        var plt = new ScottPlot.Plot();
        Draw(plt, result, title, dtFs, flipThresholdDeg);
        plt.SavePng(path, width, height);
    }

    /// <summary>Draws <paramref name="result"/> onto <paramref name="plt"/> (a panel of a larger figure).</summary>
    /// <param name="plt">The plot drawn on.</param>
    /// <param name="result">The angle distribution.</param>
    /// <param name="title">The title (null: one naming the lag and the samples).</param>
    /// <param name="dtFs">Time between frames (fs), to give the lag in ps too; null: frames only.</param>
    /// <param name="flipThresholdDeg">The flip threshold (degrees) drawn as a dotted line; null: none.</param>
    public static void Draw(ScottPlot.Plot plt, BondRotationAnglesResult result, string? title = null, double? dtFs = null,
        double? flipThresholdDeg = null)
    {
        ArgumentNullException.ThrowIfNull(plt);
        ArgumentNullException.ThrowIfNull(result);
        var edges = result.BinEdgesDeg;
        double total = Math.Max(1, result.Samples);
        var bars = new List<ScottPlot.Bar>();
        double yMax = 0;
        for (int i = 0; i < result.Counts.Count; i++)
        {
            double f = result.Counts[i] / total;
            yMax = Math.Max(yMax, f);
            bars.Add(new ScottPlot.Bar
            {
                Position = (edges[i] + edges[i + 1]) / 2,
                Value = f,
                Size = edges[i + 1] - edges[i],
                FillColor = ScottPlot.Colors.SteelBlue.WithAlpha(0.8),
                LineWidth = 0.5f,
                LineColor = ScottPlot.Colors.White,
            });
        }
        plt.Add.Bars(bars);
        Line(plt, result.MeanDeg, ScottPlot.Colors.Red, ScottPlot.LinePattern.Dashed, string.Create(Inv, $"mean {result.MeanDeg:0.##}°"));
        Line(plt, result.MedianDeg, ScottPlot.Colors.DarkGreen, ScottPlot.LinePattern.Dashed,
            string.Create(Inv, $"median {result.MedianDeg:0.##}°"));
        double xMax = edges[^1];
        if (flipThresholdDeg is double flip)
        {
            Line(plt, flip, ScottPlot.Colors.Black, ScottPlot.LinePattern.Dotted, string.Create(Inv, $"flip threshold {flip:0.#}°"));
            xMax = Math.Max(xMax, flip);
        }
        int p95 = IndexOf(result.Percentiles, 95);
        if (p95 >= 0)
        {
            // An entry without a marker: the tail of the distribution, in words.
            var tail = plt.Add.Scatter(Array.Empty<double>(), Array.Empty<double>());
            tail.LegendText = string.Create(Inv, $"95th percentile {result.PercentileValuesDeg[p95]:0.##}°, max {result.MaxDeg:0.##}°");
            tail.MarkerSize = 0;
            tail.LineWidth = 0;
        }
        plt.Axes.SetLimits(0, xMax * 1.04, 0, Math.Max(yMax, 1e-9) * 1.12);
        string lag = dtFs is double dt
            ? string.Create(Inv, $"τ = {result.Lag} frames ({result.Lag * dt / 1000:0.###} ps)")
            : string.Create(Inv, $"τ = {result.Lag} frames");
        plt.Title(title ?? string.Create(Inv,
            $"bond rotation angles θ(t0, t0 + τ), {lag}: {result.Bonds} bonds × {result.Origins} origins"));
        plt.XLabel("θ (degrees)");
        plt.YLabel(string.Create(Inv, $"fraction of bond samples per {edges[1] - edges[0]:0.###}°"));
        plt.ShowLegend(ScottPlot.Alignment.UpperRight);
        plt.Legend.FontSize = 12;
    }

    private static int IndexOf(IReadOnlyList<double> values, double value)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    private static void Line(ScottPlot.Plot plt, double x, ScottPlot.Color color, ScottPlot.LinePattern pattern, string legend)
    {
        var vl = plt.Add.VerticalLine(x);
        vl.LineColor = color;
        vl.LinePattern = pattern;
        vl.LineWidth = 1.5f;
        vl.LegendText = legend;
    }
}
