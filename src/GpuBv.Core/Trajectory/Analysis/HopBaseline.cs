using GpuBv.Crystal;

namespace GpuBv.Trajectory.Analysis;

/// <summary>
/// The chance level of the hop–rotation coupling test: how often the test would pass if every hop's window (same
/// length τ, same near groups) were moved to every other time of the run. Records the unit vectors of the groups'
/// bonds on every frame (minimum image; 3 doubles per bond per frame) while the hops are found, then scores each hop
/// against the θ_max(t0, τ) series of its near groups.
/// </summary>
public sealed class HopBaseline
{
    private readonly IReadOnlyList<TrajectoryGroup> _groups;
    private readonly int[] _offset;
    private readonly List<Vec3[]> _unit = [];

    /// <summary>Follows the bonds of <paramref name="groups"/> (the groups <see cref="Hops.Analyze"/> uses).</summary>
    /// <param name="groups">The groups, indexed as in <see cref="HopResult.Groups"/>.</param>
    public HopBaseline(IReadOnlyList<TrajectoryGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = groups;
        _offset = new int[groups.Count + 1];
        for (int g = 0; g < groups.Count; g++)
        {
            _offset[g + 1] = _offset[g] + groups[g].Anions.Count;
        }
    }

    /// <summary>Frames recorded.</summary>
    public int Frames => _unit.Count;

    /// <summary>Reads <paramref name="reader"/> to its end, keeping the bond directions of every frame.</summary>
    public void Record(ITrajectoryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (reader.TryRead(out var f))
        {
            var u = new Vec3[_offset[^1]];
            int k = 0;
            foreach (var g in _groups)
            {
                var c = f.Position(g.CenterAtom);
                foreach (var a in g.Anions)
                {
                    var v = f.Lattice.MinimumImageVector(f.Position(a) - c);
                    u[k++] = v * (1 / v.Length);
                }
            }
            _unit.Add(u);
        }
    }

    /// <summary>
    /// θ_max(t0, τ) in degrees of group <paramref name="group"/> for t0 = 0 … N − 1 − τ: the largest angle between a
    /// bond at t0 and the same bond at t0 + 1 … t0 + τ.
    /// </summary>
    /// <param name="group">Index of the group.</param>
    /// <param name="tau">Window length in frames (≥ 1).</param>
    public double[] ThetaMaxSeries(int group, int tau)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(group);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(group, _groups.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(tau, 1);
        int offset = _offset[group];
        int bonds = _groups[group].Anions.Count;
        var s = new double[Math.Max(0, Frames - tau)];
        for (int t0 = 0; t0 < s.Length; t0++)
        {
            double best = 0;
            for (int t = t0 + 1; t <= t0 + tau; t++)
            {
                for (int b = 0; b < bonds; b++)
                {
                    best = Math.Max(best, BondTracker.Angle(_unit[t0][offset + b], _unit[t][offset + b]));
                }
            }
            s[t0] = best * 180 / Math.PI;
        }
        return s;
    }

    /// <summary>
    /// The chance level of each criterion, paper first, then <see cref="HopResult.ThresholdsDeg"/>: for every hop, the
    /// fraction of the windows of its length τ starting at t0 = 0 … N − 1 − τ in which some of its near groups would
    /// pass (θ_max(t0, τ) above that group's average, or above the threshold), averaged over the hops. A hop without
    /// near groups counts 0, as in the test itself. All null when there are no hops.
    /// </summary>
    /// <param name="result">The hops.</param>
    /// <param name="directions">The bond directions recorded over the same frames; null when there are no groups.</param>
    public static double?[] ChanceLevel(HopResult result, HopBaseline? directions)
    {
        ArgumentNullException.ThrowIfNull(result);
        var thresholds = result.ThresholdsDeg;
        var level = new double?[1 + thresholds.Count];
        if (result.Hops.Count == 0)
        {
            return level;
        }
        var sums = new double[level.Length];
        var cache = new Dictionary<(int, int), double[]>();
        foreach (var h in result.Hops)
        {
            if (h.NearGroups.Count == 0 || directions is null)
            {
                continue;
            }
            int tau = h.WindowFrames;
            int windows = directions.Frames - tau;
            if (windows <= 0)
            {
                continue;
            }
            var series = h.NearGroups.Select(g => (s: directions.Cached(cache, g.Group, tau), avg: g.AverageThetaMaxDeg)).ToList();
            var hits = new int[level.Length];
            for (int t0 = 0; t0 < windows; t0++)
            {
                double best = 0;
                bool paper = false;
                foreach (var (s, avg) in series)
                {
                    best = Math.Max(best, s[t0]);
                    paper |= s[t0] > avg;
                }
                if (paper)
                {
                    hits[0]++;
                }
                for (int i = 0; i < thresholds.Count; i++)
                {
                    if (best > thresholds[i])
                    {
                        hits[i + 1]++;
                    }
                }
            }
            for (int i = 0; i < level.Length; i++)
            {
                sums[i] += hits[i] / (double)windows;
            }
        }
        for (int i = 0; i < level.Length; i++)
        {
            level[i] = sums[i] / result.Hops.Count;
        }
        return level;
    }

    private double[] Cached(Dictionary<(int, int), double[]> cache, int group, int tau)
    {
        if (!cache.TryGetValue((group, tau), out var s))
        {
            cache[(group, tau)] = s = ThetaMaxSeries(group, tau);
        }
        return s;
    }
}
