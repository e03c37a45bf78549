using System.Globalization;
using GpuBv.Screening;

namespace GpuBv.Cli.Plots;

/// <summary>
/// The distribution of E_1D/E_2D/E_3D over a screen: for each, the number of structures with a barrier at or below E
/// (a cumulative count against E), the chosen levels as dashed lines, and the counts below them and above encut in the
/// legend.
/// </summary>
internal static class BarrierFigure
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly ScottPlot.Color[] Colours = [ScottPlot.Colors.Green, ScottPlot.Colors.Orange, ScottPlot.Colors.Purple];

    /// <summary>Draws <paramref name="data"/> to PNG and/or SVG files.</summary>
    public static void Save(BarrierDistribution data, string title, string? png, string? svg)
        => CouplingFigure.Write(dashed => Build(data, title, dashed), png, svg, 900, 620);

    private static ScottPlot.Plot Build(BarrierDistribution data, string title, bool dashed)
    {
        var plt = new ScottPlot.Plot();
        double xMax = Math.Max(data.Levels[^1], data.Values.SelectMany(v => v).DefaultIfEmpty(0).Max()) * 1.08;
        int total = data.Values[0].Length + data.AboveEncut[0];
        for (int d = 0; d < 3; d++)
        {
            var v = data.Values[d];
            // Steps: 0 at E = 0, then one more structure at each barrier; flat to the right edge.
            var xs = new List<double> { 0 };
            var ys = new List<double> { 0 };
            for (int i = 0; i < v.Length; i++)
            {
                xs.Add(v[i]);
                ys.Add(i + 1);
            }
            xs.Add(xMax);
            ys.Add(v.Length);
            var sc = plt.Add.Scatter(xs.ToArray(), ys.ToArray());
            sc.ConnectStyle = ScottPlot.ConnectStyle.StepHorizontal;
            sc.Color = Colours[d];
            sc.LineWidth = 2;
            sc.MarkerSize = 0;
            string counts = string.Join(", ", data.Levels.Select((l, k) => string.Create(Inv, $"{data.Below[d][k]} ≤ {l:0.##}")));
            sc.LegendText = $"E_{d + 1}D: {counts} eV; {data.AboveEncut[d]} > encut";
        }
        foreach (var level in data.Levels)
        {
            var vl = plt.Add.VerticalLine(level);
            vl.LineColor = ScottPlot.Colors.Gray;
            vl.LinePattern = dashed ? ScottPlot.LinePattern.Dashed : ScottPlot.LinePattern.Solid;
            vl.LineWidth = 1;
        }
        plt.Axes.SetLimits(0, xMax, 0, Math.Max(1, total) * 1.05);
        plt.Title(title);
        plt.XLabel("barrier E (eV)");
        plt.YLabel($"structures with barrier ≤ E (of {total} ok)");
        plt.ShowLegend(ScottPlot.Alignment.LowerRight);
        plt.Legend.FontSize = 12;
        return plt;
    }
}
