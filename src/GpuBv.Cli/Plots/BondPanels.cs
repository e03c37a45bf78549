using GpuBv.Trajectory.Analysis;

namespace GpuBv.Cli.Plots;

/// <summary>The four panels of the paper's Figs. S3–S8, drawn by <c>traj bonds</c> and <c>traj hops</c>.</summary>
internal static class BondPanels
{
    /// <summary>
    /// Cation displacement, centre–anion distances, cation–anion distances and bond rotation angles, against
    /// <paramref name="times"/> (ps), with the shaded <paramref name="spans"/>.
    /// </summary>
    public static List<PlotPanel> FigS3(BondTrackResult t, double[,] displacement, double[] times, string anion,
        IReadOnlyList<(double, double)> spans)
    {
        int nt = times.Length;
        int nb = t.Group.Anions.Count;
        double[] Row(double[,] m, int b) => Enumerable.Range(0, nt).Select(j => m[b, j]).ToArray();
        var names = t.Group.Anions.Select(a => $"{anion}{a}").ToArray();
        List<PlotSeries> PerBond(double[,] m) => Enumerable.Range(0, nb).Select(b => new PlotSeries(names[b], times, Row(m, b))).ToList();
        var cat = $"{t.CationElement}{t.Cation}";
        return
        [
            new PlotPanel("time (ps)", $"{cat} displacement (Å)", [new PlotSeries(null, times, Row(displacement, 0))]) { Spans = spans },
            new PlotPanel("time (ps)", $"d({t.Group.CenterElement}–{anion}) (Å)", PerBond(t.BondLengths)) { Spans = spans },
            new PlotPanel("time (ps)", $"d({t.CationElement}–{anion}) (Å)", PerBond(t.CationAnionDistances)) { Spans = spans },
            new PlotPanel("time (ps)", "rotation angle θ (°)", PerBond(t.BondAnglesDeg)) { Spans = spans },
        ];
    }
}
