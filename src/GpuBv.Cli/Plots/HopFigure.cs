using GpuBv.Trajectory.Analysis;

namespace GpuBv.Cli.Plots;

/// <summary>The Fig. S3-style panels of one hop (<c>traj hops --png</c>).</summary>
internal static class HopFigure
{
    /// <summary>Draws hop <paramref name="k"/> as <paramref name="trace"/> follows it.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="trace">The hop's cation and group over the hop window and its pad.</param>
    /// <param name="k">The hop's number in the table.</param>
    /// <param name="startFrame">t_ini as a frame index of the file (frame numbers and times are the file's).</param>
    /// <param name="dtFs">Time between frames (fs).</param>
    public static void Draw(string path, HopTrace trace, int k, int startFrame, double dtFs)
    {
        var hop = trace.Hop;
        var group = trace.Group;
        int off = startFrame;
        var times = Enumerable.Range(trace.FromFrame, trace.Count).Select(i => (off + i) * dtFs / 1000).ToArray();
        string title = FormattableString.Invariant($"hop {k}: {hop.Element}{hop.Atom} site {hop.FromSite}→{hop.ToSite}, frames ")
            + FormattableString.Invariant($"{off + hop.StartFrame}–{off + hop.EndFrame} (shaded)")
            + FormattableString.Invariant($"\n{group.Formula} centre {group.CenterElement}{group.CenterAtom}")
            + (trace.Near is not { } near
                ? " (nearest; not within the group radius)"
                : FormattableString.Invariant($", θ_max {near.ThetaMaxDeg:0.#}° vs average {near.AverageThetaMaxDeg:0.#}°"))
            + "; displacement and θ relative to the hop start";
        var spans = new List<(double, double)> { ((off + hop.StartFrame) * dtFs / 1000, (off + hop.EndFrame) * dtFs / 1000) };
        TrajPlots.Panels(path, title, BondPanels.FigS3(trace.Track, trace.Displacement, times, group.AnionElements[0], spans), 1000, 230);
    }
}
