using GpuBv.Crystal;
using GpuBv.Groups;

namespace GpuBv.Trajectory.Analysis;

/// <summary>
/// Bond lengths, cation–anion distances and bond rotation angles of one group next to one cation, per frame from
/// t_ini (paper Eqs. S15–S17). Rows follow <c>Group.Anions</c>; columns follow <see cref="Times"/> (0 at t_ini).
/// </summary>
/// <param name="Cation">Atom index of the cation.</param>
/// <param name="CationElement">Its element.</param>
/// <param name="Group">The group followed.</param>
/// <param name="StartFrame">t_ini as a frame index.</param>
/// <param name="TimeStep">Time between stored frames (fs).</param>
/// <param name="Times">Time since t_ini (fs).</param>
/// <param name="BondLengths">d(centre–anion) (Å), [bond, frame], minimum image.</param>
/// <param name="CationAnionDistances">d(cation–anion) (Å), [anion, frame], minimum image.</param>
/// <param name="BondAnglesDeg">θ(t) of each centre–anion bond relative to its direction at t_ini (degrees), [bond, frame].</param>
/// <param name="CationCenterDistances">d(cation–centre) (Å) per frame, minimum image.</param>
public sealed record BondTrackResult(int Cation, string CationElement, TrajectoryGroup Group, int StartFrame, double TimeStep,
    double[] Times, double[,] BondLengths, double[,] CationAnionDistances, double[,] BondAnglesDeg, double[] CationCenterDistances);

/// <summary>Follows one group next to one cation through a trajectory in one streaming pass.</summary>
public static class BondTracker
{
    /// <summary>
    /// θ between two bond vectors (radians, in [0, π]): arccos(u·v / (|u||v|)), evaluated as atan2(|u×v|, u·v), which is
    /// the same angle without arccos's loss of precision near 0 and π.
    /// </summary>
    public static double Angle(Vec3 u, Vec3 v) => Math.Atan2(Vec3.Cross(u, v).Length, Vec3.Dot(u, v));

    /// <summary>The group whose centre is nearest (minimum image) to <paramref name="cation"/> on <paramref name="frame"/>.</summary>
    /// <exception cref="ArgumentException">No groups.</exception>
    public static TrajectoryGroup NearestGroup(Frame frame, int cation, IReadOnlyList<TrajectoryGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
            throw new ArgumentException("no groups to choose from", nameof(groups));
        if (cation < 0 || cation >= frame.AtomCount)
            throw new ArgumentOutOfRangeException(nameof(cation), cation,
            $"the cation index must lie in [0, {frame.AtomCount - 1}]");
        TrajectoryGroup best = groups[0];
        double bestD = double.MaxValue;
        foreach (var g in groups)
        {
            double d = frame.Lattice.MinimumImageVector(frame.Position(g.CenterAtom) - frame.Position(cation)).Length;
            if (d < bestD)
            {
                bestD = d;
                best = g;
            }
        }
        return best;
    }

    /// <summary>
    /// Follows <paramref name="group"/> and <paramref name="cation"/> from frame <paramref name="startFrame"/> on (at most
    /// <paramref name="frameCount"/> frames). Every distance and bond vector is the minimum-image one of its frame
    /// (exact in oblique cells); θ(t) is the angle between the bond vector at t_ini and at t_ini + t.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its valid range.</exception>
    /// <exception cref="ArgumentException">The trajectory ends before <paramref name="startFrame"/>.</exception>
    public static BondTrackResult Track(ITrajectoryReader reader, int cation, TrajectoryGroup group, double timeStep,
        int startFrame = 0, int? frameCount = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Run(reader, cation, _ => group, timeStep, startFrame, frameCount);
    }

    /// <summary>
    /// As <see cref="Track"/>, following the group of <paramref name="groups"/> whose centre is nearest to the cation at
    /// t_ini (<see cref="NearestGroup"/>), chosen during the same pass.
    /// </summary>
    public static BondTrackResult TrackNearest(ITrajectoryReader reader, int cation, IReadOnlyList<TrajectoryGroup> groups,
        double timeStep, int startFrame = 0, int? frameCount = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
            throw new ArgumentException("no groups to choose from", nameof(groups));
        return Run(reader, cation, f => NearestGroup(f, cation, groups), timeStep, startFrame, frameCount);
    }

    private static BondTrackResult Run(ITrajectoryReader reader, int cation, Func<Frame, TrajectoryGroup> pick, double timeStep,
        int startFrame, int? frameCount)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int n = reader.Header.AtomCount;
        reader.Header.CheckAtom(cation);
        AnalysisGuards.CheckWindow(timeStep, startFrame, frameCount);

        TrajectoryGroup? group = null;
        Vec3[] reference = [];
        var bond = new List<double[]>();
        var cationAnion = new List<double[]>();
        var theta = new List<double[]>();
        var cc = new List<double>();
        int index = 0;
        while ((frameCount is null || cc.Count < frameCount) && reader.TryRead(out var frame))
        {
            if (index++ < startFrame)
                continue;
            if (group is null)
            {
                group = pick(frame);
                foreach (var a in group.Anions.Append(group.CenterAtom))
                    if (a < 0 || a >= n)
                        throw new ArgumentOutOfRangeException(nameof(group), a,
                        $"group atom indices must lie in [0, {n - 1}]");
                reference = new Vec3[group.Anions.Count];
            }
            var lat = frame.Lattice;
            var fc = frame.Position(group.CenterAtom);
            var fcat = frame.Position(cation);
            int k = group.Anions.Count;
            var b = new double[k];
            var ca = new double[k];
            var th = new double[k];
            for (int j = 0; j < k; j++)
            {
                var fa = frame.Position(group.Anions[j]);
                var v = lat.MinimumImageVector(fa - fc);
                if (cc.Count == 0)
                    reference[j] = v;
                b[j] = v.Length;
                ca[j] = lat.MinimumImageVector(fa - fcat).Length;
                th[j] = Angle(reference[j], v) * 180.0 / Math.PI;
            }
            bond.Add(b);
            cationAnion.Add(ca);
            theta.Add(th);
            cc.Add(lat.MinimumImageVector(fc - fcat).Length);
        }
        if (group is null)
            throw new InputException(reader.Header.Source, "",
                $"the trajectory has {index} frames, so frame {startFrame} (0-based) does not exist");

        int frames = cc.Count, bonds = group.Anions.Count;
        var times = new double[frames];
        var bl = new double[bonds, frames];
        var cad = new double[bonds, frames];
        var ang = new double[bonds, frames];
        for (int t = 0; t < frames; t++)
        {
            times[t] = t * timeStep;
            for (int j = 0; j < bonds; j++)
            {
                bl[j, t] = bond[t][j];
                cad[j, t] = cationAnion[t][j];
                ang[j, t] = theta[t][j];
            }
        }
        return new BondTrackResult(cation, reader.Header.Elements[cation], group, startFrame, timeStep, times, bl, cad, ang, cc.ToArray());
    }
}
