using GpuBv.Bvse;
using SkiaSharp;

namespace GpuBv.Cli.Plots;

/// <summary>
/// Three ScottPlot heat maps of E − E_min through one grid point (the saddle): the planes of constant a, b and c
/// fractional coordinate, side by side in one PNG, colour scale clipped at <c>top</c> eV, the point marked.
/// </summary>
internal static class BvseSlicePlot
{
    public static void Save(string path, BvseResult r, GpuBv.Crystal.Vec3 point, string title, double top)
    {
        var g = r.Grid;
        int pi = (int)Math.Round(point.X * g.N1) % g.N1;
        int pj = (int)Math.Round(point.Y * g.N2) % g.N2;
        int pk = (int)Math.Round(point.Z * g.N3) % g.N3;
        const int w = 460, h = 420;
        var images = new List<byte[]>();
        // (fixed axis, x axis, y axis)
        foreach (var (fix, ax, ay) in new[] { (0, 1, 2), (1, 0, 2), (2, 0, 1) })
        {
            int[] n = [g.N1, g.N2, g.N3];
            int[] p = [pi, pj, pk];
            var data = new double[n[ay], n[ax]];
            for (int y = 0; y < n[ay]; y++)
                for (int x = 0; x < n[ax]; x++)
                {
                    int[] idx = [p[0], p[1], p[2]];
                    idx[ax] = x;
                    idx[ay] = y;
                    double e = r.Energies[g.Index(idx[0], idx[1], idx[2])] - r.EMinRaw;
                    data[n[ay] - 1 - y, x] = Math.Min(e, top); // first row is drawn at the top
                }
            var plt = new ScottPlot.Plot();
            var hm = plt.Add.Heatmap(data);
            hm.Colormap = new ScottPlot.Colormaps.Viridis();
            hm.Extent = new ScottPlot.CoordinateRect(-0.5 / n[ax], 1 - 0.5 / n[ax], -0.5 / n[ay], 1 - 0.5 / n[ay]);
            hm.ManualRange = new ScottPlot.Range(0, top);
            var bar = plt.Add.ColorBar(hm);
            bar.Label = "E − E_min (eV)";
            plt.Add.Marker((double)p[ax] / n[ax], (double)p[ay] / n[ay], ScottPlot.MarkerShape.Cross, 14, ScottPlot.Colors.Red);
            string[] names = ["a", "b", "c"];
            plt.Title($"{names[fix]} = {(double)p[fix] / n[fix]:0.###}");
            plt.XLabel($"{names[ax]} (fractional)");
            plt.YLabel($"{names[ay]} (fractional)");
            images.Add(plt.GetImageBytes(w, h, ScottPlot.ImageFormat.Png));
        }
        using var surface = SKSurface.Create(new SKImageInfo(3 * w, h + 36));
        surface.Canvas.Clear(SKColors.White);
        using (var font = new SKFont(SKTypeface.Default, 18))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
            surface.Canvas.DrawText(title, 12, 24, font, paint);
        for (int i = 0; i < 3; i++)
            using (var img = SKImage.FromEncodedData(images[i]))
                surface.Canvas.DrawImage(img, w * i, 36);
        using var snap = surface.Snapshot();
        using var png = snap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }
}
