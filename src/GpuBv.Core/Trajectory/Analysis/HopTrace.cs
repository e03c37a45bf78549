using GpuBv.Crystal;

namespace GpuBv.Trajectory.Analysis;

/// <summary>
/// One hop seen up close, from frames kept by a <see cref="FrameRecorder"/>: its cation and one group — the near group
/// with the largest θ_max, else the group nearest the cation at the hop start — over the hop window widened by a pad.
/// The displacement and the bond angles are relative to the hop start t0 (the last frame on the old site), so that
/// over the window the largest θ is the θ_max the coupling test uses.
/// </summary>
/// <param name="Hop">The hop.</param>
/// <param name="Group">The group followed (atom numbers of the trajectory).</param>
/// <param name="Near">Its entry among the hop's near groups; null when it is only the nearest group.</param>
/// <param name="FromFrame">First frame of the stretch (0 = first analysed frame).</param>
/// <param name="Track">Bond lengths, distances and θ(t0, t) over the stretch; cation and group as in the trajectory.</param>
/// <param name="Displacement">The cation's displacement from the hop start (Å), [0, frame of the stretch].</param>
public sealed record HopTrace(Hop Hop, TrajectoryGroup Group, HopNearGroup? Near, int FromFrame, BondTrackResult Track,
    double[,] Displacement)
{
    /// <summary>Frames in the stretch.</summary>
    public int Count => Displacement.GetLength(1);

    /// <summary>Hop <paramref name="k"/> of <paramref name="result"/>, from the frames <paramref name="recorder"/> kept.</summary>
    /// <param name="result">The hops and groups.</param>
    /// <param name="k">The hop (index into <see cref="HopResult.Hops"/>).</param>
    /// <param name="recorder">Frames of the species, centre and anion atoms over the analysed stretch.</param>
    /// <param name="timeStepFs">Time between frames (fs).</param>
    /// <param name="pad">Frames before and after the hop window (≥ 0).</param>
    /// <exception cref="ArgumentException">There are no groups.</exception>
    public static HopTrace Compute(HopResult result, int k, FrameRecorder recorder, double timeStepFs, int pad)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentOutOfRangeException.ThrowIfNegative(pad);
        var hop = result.Hops[k];
        int cation = recorder.Index(hop.Atom);
        TrajectoryGroup group;
        if (hop.NearGroups.Count > 0)
        {
            group = result.Groups[hop.NearGroups.MaxBy(g => g.ThetaMaxDeg)!.Group];
        }
        else
        {
            var compact = result.Groups.Select(recorder.Map).ToList();
            group = result.Groups[BondTracker.NearestGroup(recorder.Frame(hop.StartFrame), cation, compact).Index];
        }
        int from = Math.Max(0, hop.StartFrame - pad);
        int to = Math.Min(recorder.Count - 1, hop.EndFrame + pad);
        int count = to - from + 1;
        var cg = recorder.Map(group);
        var track = BondTracker.Track(recorder.Reader(), cation, cg, timeStepFs, from, count) with { Cation = hop.Atom, Group = group };
        var unwrapper = new Unwrapper();
        var cart = new Vec3[count];
        for (int t = 0; t <= to; t++)
        {
            unwrapper.Add(recorder.Frame(t));
            if (t >= from)
            {
                cart[t - from] = unwrapper.Positions[cation];
            }
        }
        var displacement = new double[1, count];
        var theta = new double[cg.Anions.Count, count];
        var f0 = recorder.Frame(hop.StartFrame);
        var reference = cg.Anions.Select(a => f0.Lattice.MinimumImageVector(f0.Position(a) - f0.Position(cg.CenterAtom))).ToArray();
        for (int j = 0; j < count; j++)
        {
            displacement[0, j] = (cart[j] - cart[hop.StartFrame - from]).Length;
            var f = recorder.Frame(from + j);
            for (int b = 0; b < cg.Anions.Count; b++)
            {
                var bond = f.Lattice.MinimumImageVector(f.Position(cg.Anions[b]) - f.Position(cg.CenterAtom));
                theta[b, j] = BondTracker.Angle(reference[b], bond) * 180 / Math.PI;
            }
        }
        var near = hop.NearGroups.FirstOrDefault(g => g.Group == group.Index);
        return new HopTrace(hop, group, near, from, track with { BondAnglesDeg = theta }, displacement);
    }
}
