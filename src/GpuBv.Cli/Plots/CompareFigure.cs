using GpuBv.Compare;
using GpuBv.Crystal;
using SkiaSharp;

namespace GpuBv.Cli.Plots;

/// <summary>
/// The PNG of <c>gpubv compare</c>: the cation's BVSE map (top row, E − E_min clipped at E_3D + 0.5 eV) and its MD density
/// (bottom row, summed over a slab ±0.4 Å thick about the plane) on the same three slices — the planes of constant a, b
/// and c through the densest MD point — with the contour at E_mig (white) drawn on both; below them, when measured, the
/// distribution of bond rotation angles θ(t0, t0 + τ) (<see cref="RotationAngleFigure"/>).
/// </summary>
internal static class CompareFigure
{
    private const double SlabHalfWidth = 0.4;

    public static void Save(string path, ComparisonResult r, Structure structure, string trajectory, double? dtFs = null)
    {
        var map = r.CationMap;
        var g = map.Grid;
        int[] n = [g.N1, g.N2, g.N3];
        var prob = r.Paths.Probability;
        var lat = structure.Lattice;
        int best = 0;
        for (int i = 1; i < prob.Length; i++)
        {
            if (prob[i] > prob[best])
            {
                best = i;
            }
        }
        int bk = best % n[2], bj = best / n[2] % n[1], bi = best / (n[1] * n[2]);
        int[] at = [bi, bj, bk];
        var perc = map.Percolation;
        double top = (perc.E3D ?? perc.E2D ?? perc.E1D ?? 2.0) + 0.5;
        double? level = r.EMig;
        const int w = 460, h = 400;
        var images = new List<byte[]>();
        string[] names = ["a", "b", "c"];
        var planes = new[] { (0, 1, 2), (1, 0, 2), (2, 0, 1) };
        var mdSlices = new List<double[,]>();
        foreach (var (fix, ax, ay) in planes)
        {
            int slab = Math.Max(0, (int)Math.Floor(SlabHalfWidth / (lat.PerpendicularWidths()[fix] / n[fix])));
            var md = new double[n[ay], n[ax]];
            for (int y = 0; y < n[ay]; y++)
            {
                for (int x = 0; x < n[ax]; x++)
                {
                    for (int t = -slab; t <= slab; t++)
                    {
                        int[] idx = [at[0], at[1], at[2]];
                        idx[ax] = x;
                        idx[ay] = y;
                        idx[fix] = ((at[fix] + t) % n[fix] + n[fix]) % n[fix];
                        md[y, x] += prob[g.Index(idx[0], idx[1], idx[2])];
                    }
                }
            }
            mdSlices.Add(md);
        }
        double mdTop = mdSlices.SelectMany(m => m.Cast<double>()).DefaultIfEmpty(0).Max();
        if (!(mdTop > 0))
        {
            mdTop = 1;
        }
        for (int row = 0; row < 2; row++)
        {
            for (int pl = 0; pl < 3; pl++)
            {
                var (fix, ax, ay) = planes[pl];
                var e = new double[n[ay], n[ax]];
                for (int y = 0; y < n[ay]; y++)
                {
                    for (int x = 0; x < n[ax]; x++)
                    {
                        int[] idx = [at[0], at[1], at[2]];
                        idx[ax] = x;
                        idx[ay] = y;
                        e[y, x] = map.Energies[g.Index(idx[0], idx[1], idx[2])] - map.EMinRaw;
                    }
                }
                var data = new double[n[ay], n[ax]];
                for (int y = 0; y < n[ay]; y++)
                {
                    for (int x = 0; x < n[ax]; x++)
                    {
                        data[n[ay] - 1 - y, x] = row == 0 ? Math.Min(e[y, x], top) : mdSlices[pl][y, x] / mdTop;
                    }
                }
                var plt = new ScottPlot.Plot();
                var hm = plt.Add.Heatmap(data);
                hm.Colormap = row == 0 ? new ScottPlot.Colormaps.Viridis() : new ScottPlot.Colormaps.Inferno();
                hm.Extent = new ScottPlot.CoordinateRect(-0.5 / n[ax], 1 - 0.5 / n[ax], -0.5 / n[ay], 1 - 0.5 / n[ay]);
                hm.ManualRange = row == 0 ? new ScottPlot.Range(0, top) : new ScottPlot.Range(0, 1);
                var bar = plt.Add.ColorBar(hm);
                bar.Label = row == 0 ? "E − E_min (eV)" : "MD probability (slab sum, / max)";
                if (level is double lv)
                {
                    foreach (var (x1, y1, x2, y2) in Contour(e, lv))
                    {
                        var line = plt.Add.Line(x1 / n[ax], y1 / n[ay], x2 / n[ax], y2 / n[ay]);
                        line.LineWidth = 1.5f;
                        line.LineColor = row == 0 ? ScottPlot.Colors.White : ScottPlot.Colors.Cyan;
                        line.MarkerSize = 0;
                    }
                }
                plt.Title(row == 0
                    ? $"BVSE, {names[fix]} = {(double)at[fix] / n[fix]:0.###}"
                    : $"MD density, {names[fix]} = {(double)at[fix] / n[fix]:0.###}");
                plt.XLabel($"{names[ax]} (fractional)");
                plt.YLabel($"{names[ay]} (fractional)");
                plt.Axes.SetLimits(-0.5 / n[ax], 1 - 0.5 / n[ax], -0.5 / n[ay], 1 - 0.5 / n[ay]);
                images.Add(plt.GetImageBytes(w, h, ScottPlot.ImageFormat.Png));
            }
        }
        string emig = level is double l ? $"contour: E_mig = {l:0.###} eV" : "no E_mig below encut (no contour)";
        string title = $"{Path.GetFileName(structure.Source)}" + (r.Registration.BuiltFromRun ? " (built from the run)" : "")
            + $" vs {Path.GetFileName(trajectory)}, {r.Frames} frames, {g.N1}×{g.N2}×{g.N3} grid\n"
            + $"top: BVSE map, E − E_min; bottom: MD probability of the {r.Paths.Ions} cations (slab ±{SlabHalfWidth} Å); {emig}";
        var lines = title.Split('\n');
        int titleH = FigureTitle.Height(lines);
        byte[]? anglePanel = null;
        if (r.Angles is { } angles)
        {
            var plt = new ScottPlot.Plot();
            double? flip = r.Rings is { Groups.Count: > 0 } rings ? rings.Groups.Min(x => x.FlipThresholdDeg) : null;
            RotationAngleFigure.Draw(plt, angles, $"bond rotation angles θ(t0, t0 + τ), τ = {angles.Lag} frames ({r.LagSource})",
                dtFs, flip);
            anglePanel = plt.GetImageBytes(3 * w, h, ScottPlot.ImageFormat.Png);
        }
        using var surface = SKSurface.Create(new SKImageInfo(3 * w, (anglePanel is null ? 2 : 3) * h + titleH));
        surface.Canvas.Clear(SKColors.White);
        FigureTitle.Draw(surface.Canvas, lines);
        for (int i = 0; i < images.Count; i++)
        {
            using var img = SKImage.FromEncodedData(images[i]);
            surface.Canvas.DrawImage(img, w * (i % 3), titleH + h * (i / 3));
        }
        if (anglePanel is not null)
        {
            using var img = SKImage.FromEncodedData(anglePanel);
            surface.Canvas.DrawImage(img, 0, titleH + 2 * h);
        }
        using var snap = surface.Snapshot();
        using var png = snap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }

    /// <summary>
    /// Marching squares: the segments (grid units, x then y) where <paramref name="v"/>[y, x] crosses <paramref name="level"/>.
    /// </summary>
    internal static List<(double, double, double, double)> Contour(double[,] v, double level)
    {
        int ny = v.GetLength(0), nx = v.GetLength(1);
        var segs = new List<(double, double, double, double)>();
        for (int y = 0; y < ny - 1; y++)
        {
            for (int x = 0; x < nx - 1; x++)
            {
                // Corners counter-clockwise from (x, y); edge crossings by linear interpolation.
                double a = v[y, x], b = v[y, x + 1], c = v[y + 1, x + 1], d = v[y + 1, x];
                var pts = new List<(double, double)>(4);
                void Edge(double v0, double v1, double x0, double y0, double x1, double y1)
                {
                    if ((v0 <= level) != (v1 <= level))
                    {
                        double t = (level - v0) / (v1 - v0);
                        pts.Add((x0 + t * (x1 - x0), y0 + t * (y1 - y0)));
                    }
                }
                Edge(a, b, x, y, x + 1, y);
                Edge(b, c, x + 1, y, x + 1, y + 1);
                Edge(c, d, x + 1, y + 1, x, y + 1);
                Edge(d, a, x, y + 1, x, y);
                for (int k = 0; k + 1 < pts.Count; k += 2)
                {
                    segs.Add((pts[k].Item1, pts[k].Item2, pts[k + 1].Item1, pts[k + 1].Item2));
                }
            }
        }
        return segs;
    }
}
