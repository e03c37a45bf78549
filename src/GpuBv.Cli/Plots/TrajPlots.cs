using SkiaSharp;

namespace GpuBv.Cli.Plots;

/// <summary>
/// The PNGs of <c>gpubv traj</c> and <c>gpubv shm</c>: ScottPlot panels, several composed into one image with SkiaSharp
/// (ScottPlot 5.1.59 has no multiplot), and the ions × time displacement heat map (Fig. S2).
/// </summary>
internal static class TrajPlots
{
    private static readonly ScottPlot.Color[] Palette =
    [
        ScottPlot.Colors.Blue, ScottPlot.Colors.Red, ScottPlot.Colors.Green, ScottPlot.Colors.Orange,
        ScottPlot.Colors.Purple, ScottPlot.Colors.Brown, ScottPlot.Colors.Teal, ScottPlot.Colors.Magenta,
    ];

    /// <summary>Draws <paramref name="panels"/> stacked vertically (or side by side) under a title.</summary>
    public static void Panels(string path, string title, IReadOnlyList<PlotPanel> panels, int width = 900, int panelHeight = 260,
        bool sideBySide = false)
    {
        // Stacked panels share the x range and the plot area's margins, so that the x axes line up.
        (double, double)? xr = null;
        if (!sideBySide)
        {
            var xs = panels.SelectMany(p => p.Series.SelectMany(s => s.X).Concat(p.Spans.SelectMany(s => new[] { s.From,
                s.To }))).Where(double.IsFinite).ToList();
            if (xs.Count > 0 && xs.Max() > xs.Min())
                xr = (xs.Min(), xs.Max());
        }
        // The legend sits right of the plot area: leave room for its longest entry (about 6.5 px a character at size 10).
        int longest = panels.SelectMany(p => p.Legend ? p.Series : []).Select(s => s.Name?.Length ?? 0).DefaultIfEmpty(0).Max();
        int right = Math.Max(110, (int)(6.5 * longest) + 50);
        var images = panels.Select(p => Render(p, width, panelHeight, xr, fixedMargins: !sideBySide, right)).ToList();
        var lines = title.Split('\n');
        int titleHeight = FigureTitle.Height(lines);
        int w = sideBySide ? width * panels.Count : width, h = titleHeight + (sideBySide ? panelHeight : panelHeight * panels.Count);
        using var surface = SKSurface.Create(new SKImageInfo(w, h));
        surface.Canvas.Clear(SKColors.White);
        FigureTitle.Draw(surface.Canvas, lines);
        for (int i = 0; i < images.Count; i++)
            using (var img = SKImage.FromEncodedData(images[i]))
                surface.Canvas.DrawImage(img, sideBySide ? width * i : 0, titleHeight + (sideBySide ? 0 : panelHeight * i));
        Save(surface, path);
    }

    private static byte[] Render(PlotPanel p, int width, int height, (double Min, double Max)? xRange, bool fixedMargins,
        int rightMargin)
    {
        var plt = new ScottPlot.Plot();
        foreach (var (from, to) in p.Spans)
        {
            var span = plt.Add.HorizontalSpan(from, to);
            span.FillStyle.Color = ScottPlot.Colors.Gold.WithAlpha(0.25);
            span.LineStyle.Width = 0;
        }
        foreach (var y in p.HLines)
        {
            var line = plt.Add.HorizontalLine(y);
            line.LineStyle.Color = ScottPlot.Colors.Gray;
            line.LineStyle.Pattern = ScottPlot.LinePattern.Dashed;
            line.LineStyle.Width = 1;
        }
        for (int i = 0; i < p.Series.Count; i++)
        {
            var s = p.Series[i];
            var sc = plt.Add.Scatter(s.X, s.Y);
            sc.Color = Palette[i % Palette.Length];
            sc.LineWidth = s.Markers ? 0 : 1.5f;
            sc.MarkerSize = s.Markers ? 5 : 0;
            if (s.Name is not null)
                sc.LegendText = s.Name;
        }
        if (p.Title is not null)
            plt.Title(p.Title);
        plt.XLabel(p.XLabel);
        plt.YLabel(p.YLabel);
        if (p.SquareAxes)
            plt.Axes.SquareUnits();
        if (xRange is var (lo, hi))
        {
            double m = 0.02 * (hi - lo);
            plt.Axes.SetLimitsX(lo - m, hi + m);
        }
        if (fixedMargins)
            plt.Layout.Fixed(new ScottPlot.PixelPadding(85, rightMargin, 50, p.Title is null ? 12 : 36));
        if (p.Legend && p.Series.Any(s => s.Name is not null))
        {
            // Stacked panels: the legend sits right of the plot area, clear of the curves.
            if (fixedMargins)
                plt.ShowLegend(ScottPlot.Edge.Right);
            else
                plt.ShowLegend(ScottPlot.Alignment.UpperRight);
            plt.Legend.FontSize = 10;
        }
        return plt.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
    }

    /// <summary>
    /// Heat map of <paramref name="values"/>[row, column] (rows = ions, columns = times from 0 to
    /// <paramref name="tMax"/>), colour = value (<paramref name="colourLabel"/>), first row at the bottom.
    /// </summary>
    public static void Heatmap(string path, string title, double[,] values, double tMax, string xLabel, string yLabel, string colourLabel)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var data = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                data[rows - 1 - r, c] = values[r, c]; // first row of the array is drawn at the top
        var plt = new ScottPlot.Plot();
        var hm = plt.Add.Heatmap(data);
        hm.Colormap = new ScottPlot.Colormaps.Turbo();
        double dx = cols > 1 ? tMax / (cols - 1) : 1;
        hm.Extent = new ScottPlot.CoordinateRect(-0.5 * dx, tMax + 0.5 * dx, -0.5, rows - 0.5);
        var bar = plt.Add.ColorBar(hm);
        bar.Label = colourLabel;
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        plt.Axes.SetLimits(-0.5 * dx, tMax + 0.5 * dx, -0.5, rows - 0.5);
        plt.SavePng(path, 1000, 620);
    }

    /// <summary>Heat maps side by side (e.g. density projections), each with its own colour bar.</summary>
    public static void Heatmaps(string path, string title, IReadOnlyList<(double[,] Data, string Title, string XLabel,
        string YLabel)> maps, string colourLabel, int width = 460, int height = 420)
    {
        var images = new List<byte[]>();
        foreach (var (data, t, xl, yl) in maps)
        {
            var plt = new ScottPlot.Plot();
            var hm = plt.Add.Heatmap(data);
            hm.Colormap = new ScottPlot.Colormaps.Viridis();
            hm.Extent = new ScottPlot.CoordinateRect(0, 1, 0, 1);
            var bar = plt.Add.ColorBar(hm);
            bar.Label = colourLabel;
            plt.Title(t);
            plt.XLabel(xl);
            plt.YLabel(yl);
            images.Add(plt.GetImageBytes(width, height, ScottPlot.ImageFormat.Png));
        }
        const int titleHeight = 34;
        using var surface = SKSurface.Create(new SKImageInfo(width * maps.Count, height + titleHeight));
        surface.Canvas.Clear(SKColors.White);
        using (var font = new SKFont(SKTypeface.Default, 17))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
            surface.Canvas.DrawText(title, 12, 23, font, paint);
        for (int i = 0; i < images.Count; i++)
            using (var img = SKImage.FromEncodedData(images[i]))
                surface.Canvas.DrawImage(img, width * i, titleHeight);
        Save(surface, path);
    }

    private static void Save(SKSurface surface, string path)
    {
        using var snap = surface.Snapshot();
        using var png = snap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }

    /// <summary>Contiguous stretches of x where <paramref name="flag"/> holds.</summary>
    public static List<(double, double)> Stretches(double[] x, bool[] flag)
    {
        var list = new List<(double, double)>();
        int i = 0;
        while (i < x.Length)
        {
            if (!flag[i])
            {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < x.Length && flag[j + 1])
                j++;
            list.Add((x[i], x[j]));
            i = j + 1;
        }
        return list;
    }
}
