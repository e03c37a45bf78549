using System.Globalization;
using GpuBv.Groups;
using GpuBv.Screening;

namespace GpuBv.Cli.Plots;

/// <summary>
/// The seed paper's Figure 1(a) from a coupling screen: E_rot (x) against E_mig (y), the line E_mig = threshold · E_rot,
/// points coloured by mode, the most extreme labelled by formula, E_mig above encut drawn at the top edge.
/// </summary>
internal static class CouplingFigure
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Draws <paramref name="data"/> to PNG and/or SVG files.</summary>
    public static void Save(CouplingScatter data, string title, int labels, string? png, string? svg)
        => Write(dashed => Build(data, title, labels, dashed), png, svg, 900, 700);

    private static ScottPlot.Plot Build(CouplingScatter data, string title, int labels, bool dashed)
    {
        var plt = new ScottPlot.Plot();
        double xMax = Math.Max(0.05, data.Points.Max(p => p.ERot)) * 1.12;
        double yData = data.Points.Select(p => p.EMig).OfType<double>().DefaultIfEmpty(0).Max();
        double yMax = Math.Max(Math.Max(0.05, yData), Math.Min(data.Threshold * xMax, 2 * Math.Max(yData, 0.05))) * 1.12;
        double yTop = yMax / 1.12 * 1.06;

        var line = plt.Add.Line(0, 0, xMax, data.Threshold * xMax);
        line.LineColor = ScottPlot.Colors.Gray;
        line.LinePattern = dashed ? ScottPlot.LinePattern.Dashed : ScottPlot.LinePattern.Solid;
        line.LineWidth = 1.5f;
        line.LegendText = string.Create(Inv, $"E_mig = {data.Threshold:0.##} · E_rot");

        Series(plt, data.Points.Where(p => p.Mode == CouplingMode.Rotate && p.EMig is not null), yTop, ScottPlot.Colors.Red,
            ScottPlot.MarkerShape.FilledCircle, $"rotate ({data.Points.Count(p => p.Mode == CouplingMode.Rotate && p.EMig is not null)})");
        Series(plt, data.Points.Where(p => p.Mode == CouplingMode.Vibrate), yTop, ScottPlot.Colors.Blue,
            ScottPlot.MarkerShape.FilledSquare, $"vibrate ({data.Points.Count(p => p.Mode == CouplingMode.Vibrate)})");
        Series(plt, data.Points.Where(p => p.EMig is null), yTop, ScottPlot.Colors.DarkRed, ScottPlot.MarkerShape.FilledTriangleUp,
            $"E_mig > encut ({data.AboveEncut}, at the top edge)");

        // Labels: one per formula and point (copies of a structure share one), right, left, above or below the point, wherever
        // it overlaps no marker and no label already placed (boxes estimated from the text length).
        const double plotWidthPx = 780;
        const double plotHeightPx = 560;
        double charWidth = 6.6 * xMax / plotWidthPx;
        double rowHeight = 15 * yMax / plotHeightPx;
        double gap = 8 * xMax / plotWidthPx;
        var points = new HashSet<(string, double, double)>();
        double mx = 6 * xMax / plotWidthPx;
        double my = 6 * yMax / plotHeightPx;
        var boxes = data.Points.Select(p => (X0: p.ERot - mx, X1: p.ERot + mx, Y0: (p.EMig ?? yTop) - my, Y1: (p.EMig ?? yTop) + my))
            .ToList();
        foreach (var p in data.MostExtreme(labels))
        {
            string label = p.Formula ?? Path.GetFileNameWithoutExtension(p.Name);
            double x = p.ERot;
            double y = p.EMig ?? yTop;
            if (!points.Add((label, Math.Round(x, 4), Math.Round(y, 4))))
            {
                continue;
            }
            double width = label.Length * charWidth;
            // Candidate places: right, left, above, below the point; the first that is free and inside the plot wins.
            var candidates = new (double X0, double Y, ScottPlot.Alignment Align, double Ax)[]
            {
                (x + gap, y, ScottPlot.Alignment.MiddleLeft, x + gap),
                (x - gap - width, y, ScottPlot.Alignment.MiddleRight, x - gap),
                (x - width / 2, y + rowHeight, ScottPlot.Alignment.MiddleCenter, x),
                (x - width / 2, y - rowHeight, ScottPlot.Alignment.MiddleCenter, x),
            };
            bool Free((double X0, double Y, ScottPlot.Alignment, double) c) => c.X0 >= 0 && c.X0 + width <= xMax
                && !boxes.Any(b => b.X0 < c.X0 + width && c.X0 < b.X1 && b.Y0 < c.Y + rowHeight / 2 && c.Y - rowHeight / 2 < b.Y1);
            var place = candidates.FirstOrDefault(Free, candidates[x > 0.7 * xMax ? 1 : 0]);
            boxes.Add((place.X0, place.X0 + width, place.Y - rowHeight / 2, place.Y + rowHeight / 2));
            var text = plt.Add.Text(label, place.Ax, place.Y);
            text.LabelFontSize = 11;
            text.LabelFontColor = ScottPlot.Colors.Black;
            text.LabelAlignment = place.Align;
        }
        if (data.NoGroups > 0)
        {
            // Counted in the legend, not drawn: an entry without a marker.
            var none = plt.Add.Scatter(Array.Empty<double>(), Array.Empty<double>());
            none.LegendText = $"no groups: {data.NoGroups} (not drawn)";
            none.MarkerSize = 0;
            none.LineWidth = 0;
        }
        plt.Axes.SetLimits(0, xMax, 0, yMax);
        plt.Title(title);
        plt.XLabel("E_rot (eV)");
        plt.YLabel($"E_mig = E_{data.Dimension}D (eV)");
        plt.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plt.Legend.FontSize = 12;
        return plt;
    }

    private static void Series(ScottPlot.Plot plt, IEnumerable<CouplingPoint> points, double yTop, ScottPlot.Color color,
        ScottPlot.MarkerShape shape, string legend)
    {
        var list = points.ToList();
        if (list.Count == 0)
        {
            return;
        }
        var sc = plt.Add.ScatterPoints(list.Select(p => p.ERot).ToArray(), list.Select(p => p.EMig ?? yTop).ToArray());
        sc.Color = color;
        sc.MarkerShape = shape;
        sc.MarkerSize = 9;
        sc.LegendText = legend;
    }

    /// <summary>
    /// Saves the figure <paramref name="build"/> makes as PNG and/or SVG; the SVG is built without dashed lines (Skia's SVG
    /// canvas has no path effects: it would warn and draw them solid anyway).
    /// </summary>
    public static void Write(Func<bool, ScottPlot.Plot> build, string? png, string? svg, int width, int height)
    {
        if (png is not null)
        {
            build(true).SavePng(png, width, height);
        }
        if (svg is not null)
        {
            build(false).SaveSvg(svg, width, height);
        }
    }
}
