using GpuBv.Crystal;

namespace GpuBv.Trajectory.Analysis;

/// <summary>
/// Settings of <see cref="Hops.Analyze"/>. Frames are counted from the first frame the reader hands out (frame 0).
/// </summary>
/// <param name="Species">The mobile element (e.g. Li).</param>
/// <param name="TimeStep">Time between stored frames (fs, &gt; 0).</param>
public sealed record HopOptions(string Species, double TimeStep)
{
    /// <summary>Default <see cref="MinResidence"/> (frames).</summary>
    public const int DefaultMinResidence = 3;
    /// <summary>Default <see cref="GroupRadius"/> (Å).</summary>
    public const double DefaultGroupRadius = 4.0;

    /// <summary>Only these atoms (indices of <see cref="Species"/> atoms; null: every atom of the species).</summary>
    public IReadOnlyList<int>? Atoms { get; init; }

    /// <summary>Residence sites, fractional (e.g. density maxima); null: the species' positions on frame 0.</summary>
    public IReadOnlyList<Vec3>? Sites { get; init; }

    /// <summary>An ion counts as on a site only within this distance of it (Å); null: always on its nearest site.</summary>
    public double? SiteRadius { get; init; }

    /// <summary>Consecutive frames an ion must stay on a new site for the change to count as a hop (≥ 1).</summary>
    public int MinResidence { get; init; } = DefaultMinResidence;

    /// <summary>Centre element of the anion groups (e.g. P); null with <see cref="Groups"/> null: no groups, nothing is coupled.</summary>
    public string? Center { get; init; }

    /// <summary>Anion element of the groups (e.g. S); required with <see cref="Center"/>.</summary>
    public string? Anion { get; init; }

    /// <summary>Longest centre–anion bond when groups are found on frame 0 (Å), see <see cref="TrajectoryGroups.Find"/>.</summary>
    public double BondCutoff { get; init; } = TrajectoryGroups.DefaultBondCutoff;

    /// <summary>Anions per group at most (null: all within <see cref="BondCutoff"/>).</summary>
    public int? Coordination { get; init; }

    /// <summary>The groups, given directly (overrides <see cref="Center"/>/<see cref="Anion"/>).</summary>
    public IReadOnlyList<TrajectoryGroup>? Groups { get; init; }

    /// <summary>A group is near a hop when its centre comes within this distance (Å) of the cation at any frame of the window.</summary>
    public double GroupRadius { get; init; } = DefaultGroupRadius;

    /// <summary>Fixed rotation thresholds (degrees, in (0, 180]) reported beside the paper's criterion.</summary>
    public IReadOnlyList<double> ThresholdsDeg { get; init; } = [30, 45, 60, 120];
}

/// <summary>A group near a hop and its rotation during the hop window.</summary>
/// <param name="Group">Index into <see cref="HopResult.Groups"/>.</param>
/// <param name="CenterAtom">Atom index of the group's centre.</param>
/// <param name="MinDistance">Closest cation–centre approach during the window (Å, minimum image).</param>
/// <param name="ThetaMaxDeg">θ_max(t0, τ) of the group over the hop window (degrees).</param>
/// <param name="AverageThetaMaxDeg">The group's mean θ_max over every window of the same length τ in the trajectory (degrees).</param>
public sealed record HopNearGroup(int Group, int CenterAtom, double MinDistance, double ThetaMaxDeg, double AverageThetaMaxDeg)
{
    /// <summary>The paper's criterion for this group: θ_max over the hop window exceeds its average over windows of that length.</summary>
    public bool AboveAverage => ThetaMaxDeg > AverageThetaMaxDeg;
}

/// <summary>
/// One hop: a lasting change of residence site. The window runs from <see cref="StartFrame"/>, the last frame on the
/// old site, to <see cref="EndFrame"/>, the first frame of the stay on the new site.
/// </summary>
/// <param name="Atom">Atom index of the cation.</param>
/// <param name="Element">Its element.</param>
/// <param name="StartFrame">Last frame on the old site.</param>
/// <param name="EndFrame">First frame on the new site.</param>
/// <param name="StartTime">StartFrame × time step (fs).</param>
/// <param name="EndTime">EndFrame × time step (fs).</param>
/// <param name="FromSite">Old site (index into <see cref="HopResult.Sites"/>).</param>
/// <param name="ToSite">New site.</param>
/// <param name="NearGroups">Groups near the hop.</param>
/// <param name="CoupledPaper">Rotation-coupled by the paper's criterion (some near group above its average).</param>
/// <param name="CoupledAbove">Rotation-coupled at each fixed threshold of <see cref="HopResult.ThresholdsDeg"/> (some
/// near group's θ_max exceeds it).</param>
public sealed record Hop(int Atom, string Element, int StartFrame, int EndFrame, double StartTime, double EndTime, int FromSite, int ToSite,
    IReadOnlyList<HopNearGroup> NearGroups, bool CoupledPaper, IReadOnlyList<bool> CoupledAbove)
{
    /// <summary>Window length τ in frames (EndFrame − StartFrame, ≥ 1).</summary>
    public int WindowFrames => EndFrame - StartFrame;

    /// <summary>Largest θ_max of the near groups (degrees; 0 without near groups).</summary>
    public double MaxThetaDeg => NearGroups.Count == 0 ? 0 : NearGroups.Max(g => g.ThetaMaxDeg);
}

/// <summary>The hops of a trajectory and their coupling to group rotation.</summary>
/// <param name="Species">Mobile element.</param>
/// <param name="Frames">Frames read.</param>
/// <param name="TimeStep">Time between frames (fs).</param>
/// <param name="Atoms">The cations followed.</param>
/// <param name="Sites">Residence sites (fractional).</param>
/// <param name="Groups">Anion groups (from frame 0 or as given).</param>
/// <param name="ThresholdsDeg">Fixed thresholds (degrees).</param>
/// <param name="Hops">Hops in order of detection (by atom within a frame).</param>
/// <param name="CoupledFractionPaper">Fraction of hops coupled by the paper's criterion (null: no hops).</param>
/// <param name="CoupledFractionAbove">Fraction coupled at each fixed threshold (null: no hops).</param>
public sealed record HopResult(string Species, int Frames, double TimeStep, IReadOnlyList<int> Atoms, IReadOnlyList<Vec3> Sites,
    IReadOnlyList<TrajectoryGroup> Groups, IReadOnlyList<double> ThresholdsDeg, IReadOnlyList<Hop> Hops,
    double? CoupledFractionPaper, IReadOnlyList<double?> CoupledFractionAbove);

/// <summary>
/// Finds cation hops and tests each for coupling to anion-group rotation (DESIGN §5), in one streaming pass.
/// <para>
/// Sites: <see cref="HopOptions.Sites"/> or the species' frame-0 positions. Each frame every ion is assigned its
/// nearest site (minimum image; beyond <see cref="HopOptions.SiteRadius"/> it is in transit, assigned to none). Its
/// residence is the site of the first frame it is assigned; a hop is a change of residence: the ion is assigned to
/// another site on <see cref="HopOptions.MinResidence"/> consecutive frames. A shorter visit (rattling A→B→A) is not a
/// hop. The window runs from the last frame on the old residence to the first frame of the lasting stay.
/// </para>
/// <para>
/// Coupling: a group is near a hop when its centre lies within <see cref="HopOptions.GroupRadius"/> of the cation on
/// any frame of the window. θ_max(t0, τ) = max over the group's bonds and t ∈ [t0, t0 + τ] of the angle between the
/// bond (minimum image) at t0 and at t. A hop is coupled (paper) when some near group's θ_max over the window exceeds
/// that group's average θ_max over all windows of the same τ in the trajectory (t0 = 0 … N_frames − 1 − τ), and at a
/// fixed threshold when some near group's θ_max exceeds it. Hops without near groups are not coupled.
/// </para>
/// <para>
/// Memory: O(atoms) plus, per frame, the followed ions' and group centres' positions and the groups' bond unit
/// vectors (3 doubles each). Averages cost O(N_frames · τ_max · bonds) for the groups and τ that hops need.
/// </para>
/// </summary>
public static class Hops
{
    /// <summary>Reads the trajectory once and returns its hops; see <see cref="Hops"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its valid range.</exception>
    /// <exception cref="InputException">The species or atoms are not in the trajectory, or it has no frames.</exception>
    /// <exception cref="ArgumentException">The groups name atoms outside the trajectory.</exception>
    public static HopResult Analyze(ITrajectoryReader reader, HopOptions options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        var header = reader.Header;
        int n = header.AtomCount;
        Validate(options);

        int[] atoms = options.Atoms?.ToArray() ?? header.IndicesOf(header.ResolveSpecies(options.Species));
        if (atoms.Length == 0)
            throw new InputException(InputParameter.CationAtom, "", "no atoms selected");
        foreach (var a in atoms)
        {
            header.CheckAtom(a);
        }
        double[] thresholds = options.ThresholdsDeg.ToArray();

        if (!reader.TryRead(out var first))
            throw new InputException(header.Source, "", "the trajectory has no frames");
        if (first.AtomCount != n)
            throw new ArgumentException($"frame 0 has {first.AtomCount} atoms, the header {n}", nameof(reader));

        Vec3[] sites = options.Sites?.ToArray() ?? atoms.Select(first.Position).ToArray();
        if (sites.Length == 0)
            throw new ArgumentException("no residence sites", nameof(options));

        IReadOnlyList<TrajectoryGroup> groups = options.Groups
            ?? (options.Center is not null && options.Anion is not null
                ? TrajectoryGroups.Find(header, first, options.Center, options.Anion, options.BondCutoff, options.Coordination)
                : []);
        foreach (var g in groups)
            foreach (var a in g.Anions.Append(g.CenterAtom))
                if (a < 0 || a >= n)
                    throw new ArgumentException($"group {g.Index} names atom {a}, outside [0, {n - 1}]", nameof(options));
        int[] bondOffset = new int[groups.Count + 1];
        for (int g = 0; g < groups.Count; g++)
            bondOffset[g + 1] = bondOffset[g] + groups[g].Anions.Count;
        int totalBonds = bondOffset[groups.Count];

        // Per-frame stores (small: selected ions, centres and bond directions only).
        var ionFrac = new List<double[]>();
        var halfWidths = new List<double>();
        var centreFrac = new List<double[]>();
        var bondUnit = new List<double[]>();
        var lattices = new List<Lattice>();

        // Per-ion residence state.
        int ni = atoms.Length;
        var residence = new int[ni];
        Array.Fill(residence, -1);
        var lastOnResidence = new int[ni];
        var candidate = new int[ni];
        Array.Fill(candidate, -1);
        var candidateStart = new int[ni];
        var candidateCount = new int[ni];
        var previousSite = new int[ni];
        Array.Fill(previousSite, -1);
        var raw = new List<(int ion, int start, int end, int from, int to)>();

        Lattice? halfLattice = null;
        double halfMinSite = 0, halfWidth = 0;
        double radius = options.SiteRadius ?? double.PositiveInfinity;
        var frame = first;
        int t = 0;
        while (true)
        {
            if (frame.AtomCount != n)
                throw new ArgumentException($"frame {t} has {frame.AtomCount} atoms, the header {n}", nameof(reader));
            var lat = frame.Lattice;
            if (!ReferenceEquals(lat, halfLattice))
            {
                halfWidth = HalfWidth(lat);
                halfMinSite = 0.5 * MinSiteSeparation(lat, sites, halfWidth);
                halfLattice = lat;
            }

            var fi = new double[3 * ni];
            for (int i = 0; i < ni; i++)
            {
                var p = frame.Position(atoms[i]);
                fi[3 * i] = p.X;
                fi[3 * i + 1] = p.Y;
                fi[3 * i + 2] = p.Z;
                int s = NearestSite(lat, halfWidth, p, sites, previousSite[i], halfMinSite, out double d);
                previousSite[i] = s;
                if (d > radius)
                    s = -1;
                Step(i, s, t);
            }
            ionFrac.Add(fi);

            var fc = new double[3 * groups.Count];
            var u = new double[3 * totalBonds];
            for (int g = 0; g < groups.Count; g++)
            {
                var c = frame.Position(groups[g].CenterAtom);
                fc[3 * g] = c.X;
                fc[3 * g + 1] = c.Y;
                fc[3 * g + 2] = c.Z;
                for (int j = 0; j < groups[g].Anions.Count; j++)
                {
                    var v = MinimumImage(lat, halfWidth, frame.Position(groups[g].Anions[j]) - c);
                    double len = v.Length;
                    int o = 3 * (bondOffset[g] + j);
                    u[o] = v.X / len;
                    u[o + 1] = v.Y / len;
                    u[o + 2] = v.Z / len;
                }
            }
            centreFrac.Add(fc);
            bondUnit.Add(u);
            lattices.Add(lat);
            halfWidths.Add(halfWidth);
            t++;
            if (!reader.TryRead(out frame))
                break;
        }
        int frames = t;

        void Step(int i, int s, int tt)
        {
            if (s < 0)
            {
                candidate[i] = -1;
                return;
            }
            if (residence[i] < 0)
            {
                residence[i] = s;
                lastOnResidence[i] = tt;
                return;
            }
            if (s == residence[i])
            {
                lastOnResidence[i] = tt;
                candidate[i] = -1;
                return;
            }
            if (s == candidate[i])
                candidateCount[i]++;
            else
            {
                candidate[i] = s;
                candidateStart[i] = tt;
                candidateCount[i] = 1;
            }
            if (candidateCount[i] >= options.MinResidence)
            {
                raw.Add((i, lastOnResidence[i], candidateStart[i], residence[i], s));
                residence[i] = s;
                lastOnResidence[i] = tt;
                candidate[i] = -1;
            }
        }

        // Near groups of each hop.
        var near = new List<(int g, double dmin)>[raw.Count];
        var needed = new SortedSet<int>[groups.Count];
        for (int h = 0; h < raw.Count; h++)
        {
            var (ion, start, end, _, _) = raw[h];
            near[h] = [];
            for (int g = 0; g < groups.Count; g++)
            {
                double dmin = double.PositiveInfinity;
                for (int tt = start; tt <= end; tt++)
                {
                    var fi = ionFrac[tt];
                    var fc = centreFrac[tt];
                    var diff = new Vec3(fc[3 * g] - fi[3 * ion], fc[3 * g + 1] - fi[3 * ion + 1], fc[3 * g + 2] - fi[3 * ion + 2]);
                    dmin = Math.Min(dmin, MinimumImage(lattices[tt], halfWidths[tt], diff).Length);
                }
                if (dmin <= options.GroupRadius)
                {
                    near[h].Add((g, dmin));
                    (needed[g] ??= []).Add(end - start);
                }
            }
        }

        // Average θ_max per (group, τ), each needed τ computed once.
        var average = new Dictionary<int, double>[groups.Count];
        Parallel.For(0, groups.Count, g =>
        {
            average[g] = needed[g] is { Count: > 0 } taus ? AverageThetaMax(bondUnit, bondOffset[g], groups[g].Anions.Count,
                taus.ToArray()) : [];
        });

        const double Deg = 180.0 / Math.PI;
        var hops = new List<Hop>(raw.Count);
        for (int h = 0; h < raw.Count; h++)
        {
            var (ion, start, end, from, to) = raw[h];
            int tau = end - start;
            var list = new List<HopNearGroup>();
            bool paper = false;
            var above = new bool[thresholds.Length];
            foreach (var (g, dmin) in near[h])
            {
                double thetaMax = ThetaMax(bondUnit, bondOffset[g], groups[g].Anions.Count, start, tau);
                double avg = average[g][tau];
                list.Add(new HopNearGroup(g, groups[g].CenterAtom, dmin, thetaMax * Deg, avg * Deg));
                if (thetaMax > avg)
                    paper = true;
                for (int k = 0; k < thresholds.Length; k++)
                    if (thetaMax > thresholds[k] / Deg)
                        above[k] = true;
            }
            int atom = atoms[ion];
            hops.Add(new Hop(atom, header.Elements[atom], start, end, start * options.TimeStep, end * options.TimeStep, from, to,
                list, paper, above));
        }

        double? paperFraction = hops.Count == 0 ? null : hops.Count(x => x.CoupledPaper) / (double)hops.Count;
        var fixedFractions = thresholds.Select((_, k) => hops.Count == 0 ? (double?)null : hops.Count(x =>
            x.CoupledAbove[k]) / (double)hops.Count).ToArray();
        return new HopResult(options.Species, frames, options.TimeStep, atoms, sites, groups, thresholds, hops, paperFraction,
            fixedFractions);
    }

    /// <summary>
    /// θ_max(t0, τ) in radians of one group: the largest angle over its bonds and t ∈ [t0, t0 + τ] between the bond at
    /// t0 and at t, from per-frame bond unit vectors (3 doubles per bond, the group's bonds from <paramref name="offset"/>).
    /// </summary>
    private static double ThetaMax(List<double[]> unit, int offset, int bonds, int t0, int tau)
    {
        double best = 0;
        var u0 = unit[t0];
        for (int t = t0 + 1; t <= t0 + tau; t++)
        {
            var u = unit[t];
            for (int b = 0; b < bonds; b++)
            {
                int o = 3 * (offset + b);
                best = Math.Max(best, Angle(u0, u, o));
            }
        }
        return best;
    }

    /// <summary>Mean θ_max(t0, τ) over t0 = 0 … N − 1 − τ for each τ of <paramref name="taus"/>
    /// (ascending), in one sweep.</summary>
    private static Dictionary<int, double> AverageThetaMax(List<double[]> unit, int offset, int bonds, int[] taus)
    {
        int frames = unit.Count;
        int tauMax = taus[^1];
        var sums = new double[taus.Length];
        for (int t0 = 0; t0 + taus[0] < frames; t0++)
        {
            var u0 = unit[t0];
            double running = 0;
            int k = 0;
            int last = Math.Min(t0 + tauMax, frames - 1);
            for (int t = t0 + 1; t <= last; t++)
            {
                var u = unit[t];
                for (int b = 0; b < bonds; b++)
                    running = Math.Max(running, Angle(u0, u, 3 * (offset + b)));
                while (k < taus.Length && t0 + taus[k] == t)
                    sums[k++] += running;
            }
        }
        var result = new Dictionary<int, double>(taus.Length);
        for (int k = 0; k < taus.Length; k++)
            result[taus[k]] = sums[k] / (frames - taus[k]);
        return result;
    }

    private static double Angle(double[] a, double[] b, int o)
    {
        double ax = a[o], ay = a[o + 1], az = a[o + 2], bx = b[o], by = b[o + 1], bz = b[o + 2];
        double cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
        return Math.Atan2(Math.Sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz);
    }

    /// <summary>Half the smallest perpendicular width of the cell (Å).</summary>
    private static double HalfWidth(Lattice lat)
    {
        var w = lat.PerpendicularWidths();
        return 0.5 * Math.Min(w.X, Math.Min(w.Y, w.Z));
    }

    /// <summary>
    /// The minimum-image vector of a fractional difference: the image of the rounded difference when it is no longer
    /// than half the smallest perpendicular width w (then no other image can be shorter: a lattice translation with a
    /// nonzero component n_i moves the point at least (|n_i| − ½)·w_i ≥ w/2 along that axis), otherwise
    /// <see cref="Lattice.MinimumImageVector"/>.
    /// </summary>
    private static Vec3 MinimumImage(Lattice lat, double halfWidth, Vec3 fracDiff)
    {
        var r = lat.ToCartesian(fracDiff.MinimumImage());
        return Vec3.Dot(r, r) <= halfWidth * halfWidth ? r : lat.MinimumImageVector(fracDiff);
    }

    /// <summary>
    /// Nearest site by minimum image. When the ion is within half the smallest site separation of <paramref name="hint"/>,
    /// that site is the nearest (triangle inequality) and the others are not searched. Otherwise every site is tried;
    /// a site whose rounded image lies beyond half the cell width w is at least w/2 away, so it needs the full image
    /// search only while no site nearer than w/2 has been found.
    /// </summary>
    private static int NearestSite(Lattice lat, double halfWidth, Vec3 p, Vec3[] sites, int hint, double halfMinSeparation,
        out double distance)
    {
        if (hint >= 0)
        {
            double dh = MinimumImage(lat, halfWidth, sites[hint] - p).Length;
            if (dh < halfMinSeparation)
            {
                distance = dh;
                return hint;
            }
        }
        int best = -1;
        double best2 = double.PositiveInfinity;
        double hw2 = halfWidth * halfWidth;
        for (int s = 0; s < sites.Length; s++)
        {
            var fd = sites[s] - p;
            var r = lat.ToCartesian(fd.MinimumImage());
            double d2 = Vec3.Dot(r, r);
            if (d2 > hw2)
            {
                if (best2 <= hw2)
                    continue;
                var v = lat.MinimumImageVector(fd);
                d2 = Vec3.Dot(v, v);
            }
            if (d2 < best2)
            {
                best2 = d2;
                best = s;
            }
        }
        distance = Math.Sqrt(best2);
        return best;
    }

    private static double MinSiteSeparation(Lattice lat, Vec3[] sites, double halfWidth)
    {
        double m = double.PositiveInfinity;
        for (int a = 0; a < sites.Length; a++)
            for (int b = a + 1; b < sites.Length; b++)
                m = Math.Min(m, MinimumImage(lat, halfWidth, sites[b] - sites[a]).Length);
        return m;
    }

    private static void Validate(HopOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Species))
            throw new ArgumentException("the mobile species is required", nameof(o));
        if (!(o.TimeStep > 0) || !double.IsFinite(o.TimeStep))
            throw new ArgumentOutOfRangeException(nameof(o), o.TimeStep,
            "TimeStep must be finite and > 0 fs");
        if (o.MinResidence < 1)
            throw new ArgumentOutOfRangeException(nameof(o), o.MinResidence, "MinResidence must be ≥ 1 frame");
        if (o.SiteRadius is { } r && (!(r > 0) || !double.IsFinite(r)))
            throw new ArgumentOutOfRangeException(nameof(o), r,
            "SiteRadius must be finite and > 0 Å (or null for none)");
        if (!(o.GroupRadius > 0) || !double.IsFinite(o.GroupRadius))
            throw new ArgumentOutOfRangeException(nameof(o),
            o.GroupRadius, "GroupRadius must be finite and > 0 Å");
        if (!(o.BondCutoff > 0) || !double.IsFinite(o.BondCutoff))
            throw new ArgumentOutOfRangeException(nameof(o), o.BondCutoff,
            "BondCutoff must be finite and > 0 Å");
        if (o.Coordination is < 2)
            throw new ArgumentOutOfRangeException(nameof(o), o.Coordination, "Coordination must be ≥ 2 (or null)");
        if ((o.Center is null) != (o.Anion is null)
            && o.Groups is null)
            throw new ArgumentException("Center and Anion go together: give both or neither", nameof(o));
        foreach (var th in o.ThresholdsDeg)
            if (!(th > 0 && th <= 180))
                throw new ArgumentOutOfRangeException(nameof(o), th,
                "rotation thresholds must lie in (0, 180] degrees");
    }
}
