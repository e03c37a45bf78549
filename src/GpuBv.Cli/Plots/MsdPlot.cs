using System.Globalization;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Cli.Plots;

/// <summary>The MSD figure of <c>traj diffusion --png</c>: MSD and charge MSD against time with their fitted lines.</summary>
internal static class MsdPlot
{
    /// <summary>Draws <paramref name="r"/>; <paramref name="weighted"/> as the fit (smoothed max weights rows by 1/t).</summary>
    public static void Draw(string path, DiffusionResult r, string file, bool weighted)
    {
        var inv = CultureInfo.InvariantCulture;
        var t = r.LagTimesFs.Select(x => x / 1000).ToArray();
        var (m, c) = Fit(r.LagTimesFs, r.Msd, weighted);
        var (mq, cq) = Fit(r.LagTimesFs, r.Mscd, weighted);
        var panel = new PlotPanel("time (ps)", "MSD (Å²)",
        [
            new PlotSeries($"MSD {r.Species}", t, r.Msd, Markers: true),
            new PlotSeries(string.Create(inv, $"fit: D = {r.Diffusivity:0.###E+0} cm²/s"), t, r.LagTimesFs.Select(x =>
                m * x + c).ToArray()),
            new PlotSeries("charge MSD / N", t, r.Mscd, Markers: true),
            new PlotSeries(string.Create(inv, $"fit: D_charge = {r.ChargeDiffusivity:0.###E+0} cm²/s"), t,
                r.LagTimesFs.Select(x => mq * x + cq).ToArray()),
        ]);
        string title = string.Create(inv, $"{r.Species} in {file}, {r.TemperatureK:0.#} K, smoothed {(weighted ? "max" : "none")}");
        TrajPlots.Panels(path, title, [panel], 900, 560);
    }

    /// <summary>Least squares MSD = m·t + c, rows weighted by 1/t or not; for drawing the fitted line.</summary>
    private static (double M, double C) Fit(double[] t, double[] y, bool weighted)
    {
        double sw = 0;
        double swx = 0;
        double swy = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double w = weighted ? 1 / t[i] : 1;
            sw += w;
            swx += w * t[i];
            swy += w * y[i];
        }
        double xm = swx / sw;
        double ym = swy / sw;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double w = weighted ? 1 / t[i] : 1;
            sxx += w * (t[i] - xm) * (t[i] - xm);
            sxy += w * (t[i] - xm) * (y[i] - ym);
        }
        double m = sxx > 0 ? sxy / sxx : 0;
        return (m, ym - m * xm);
    }
}
