using GpuBv.Groups;

namespace GpuBv.Cli.Plots;

/// <summary>
/// The shell map of one anion group as a heat map over directions from the centre (azimuth φ, polar angle θ): for each
/// direction the lowest E − E_shell,min among the shell points that way. The group's anion sites are marked; a
/// rotating group shows low-energy paths (rings) joining them below E_rot.
/// </summary>
internal static class ShellPlot
{
    public static void Save(string path, ShellMap map, GroupRotation rot, string title)
    {
        const int nPhi = 144, nTheta = 72;
        var data = new double[nTheta, nPhi];
        for (int a = 0; a < nTheta; a++)
            for (int b = 0; b < nPhi; b++)
                data[a, b] = double.NaN;
        var g = map.Grid;
        var centre = rot.Group.CenterCartesian;
        double shellMin = double.PositiveInfinity;
        for (int n = 0; n < map.Energies.Length; n++)
            if (map.InShell[n])
                shellMin = Math.Min(shellMin, map.Energies[n]);
        for (int n = 0; n < map.Energies.Length; n++)
        {
            if (!map.InShell[n])
                continue;
            var d = g.Point(n / (g.N2 * g.N3), n / g.N3 % g.N2, n % g.N3) - centre;
            var (phi, theta) = Angles(d);
            int b = Math.Clamp((int)((phi + 180) / 360 * nPhi), 0, nPhi - 1), a = Math.Clamp((int)(theta / 180 * nTheta), 0, nTheta - 1);
            double e = map.Energies[n] - shellMin;
            if (double.IsNaN(data[nTheta - 1 - a, b]) || e < data[nTheta - 1 - a, b])
                data[nTheta - 1 - a, b] = e;
        }
        double top = Math.Max(0.2, 2.5 * rot.ERot);
        for (int a = 0; a < nTheta; a++)
            for (int b = 0; b < nPhi; b++)
                if (!double.IsNaN(data[a, b]))
                    data[a, b] = Math.Min(data[a, b], top);

        var plt = new ScottPlot.Plot();
        var hm = plt.Add.Heatmap(data);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        hm.Extent = new ScottPlot.CoordinateRect(-180, 180, 0, 180);
        hm.ManualRange = new ScottPlot.Range(0, top);
        var bar = plt.Add.ColorBar(hm);
        bar.Label = "E − E_shell,min (eV)";
        foreach (var an in rot.Group.Anions)
        {
            var (phi, theta) = Angles(an.Cartesian - centre);
            plt.Add.Marker(phi, theta, ScottPlot.MarkerShape.OpenCircle, 14, ScottPlot.Colors.Red);
        }
        var (jp, jt) = Angles(rot.JoinCartesian - centre);
        plt.Add.Marker(jp, jt, ScottPlot.MarkerShape.Cross, 14, ScottPlot.Colors.White);
        plt.Title(title);
        plt.XLabel("azimuth φ (°)");
        plt.YLabel("polar angle θ (°)");
        plt.SavePng(path, 1000, 560);
    }

    private static (double phi, double theta) Angles(GpuBv.Crystal.Vec3 d)
    {
        double r = d.Length;
        return (Math.Atan2(d.Y, d.X) * 180 / Math.PI, Math.Acos(Math.Clamp(d.Z / r, -1, 1)) * 180 / Math.PI);
    }
}
