using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Compare;

/// <summary>
/// The distribution of bond rotation angles at one lag (issue 16, in the spirit of the seed paper's SI Fig. S11): for
/// every centre–anion bond of the groups (fixed when the groups were found) and every time origin t0 = 0 … N − 1 − τ,
/// θ(t0, t0 + τ) is the angle between the bond's minimum-image vector at t0 and at t0 + τ, evaluated as
/// atan2(|u × v|, u · v) (<see cref="BondTracker.Angle"/>). Over all bonds and origins: a histogram, the mean, the median
/// and percentiles. The mean is θ̄(τ) of <c>traj acf</c> for the same bonds.
/// <para>
/// Memory: as <c>traj hops</c> and <c>traj acf</c>, the bond vectors of every frame are kept (3 doubles a bond), and
/// then one angle per bond and origin (1 double): <see cref="BytesPerBond"/> bytes per bond and frame at most, refused
/// with an <see cref="InputException"/> beyond <see cref="BudgetShare"/> of the memory budget.
/// </para>
/// </summary>
public static class BondRotationAngles
{
    /// <summary>The share of the memory budget the kept bond vectors and angles may use: one quarter.</summary>
    public const double BudgetShare = 0.25;

    /// <summary>Bytes kept per bond and frame: its vector (3 doubles) and its angle from that origin (1 double).</summary>
    public const int BytesPerBond = 4 * sizeof(double);

    /// <summary>The most histogram bins allowed (a smaller bin width is a caller error).</summary>
    public const int MaxBins = 1_000_000;

    /// <summary>Bytes kept per frame for <paramref name="bonds"/> bonds.</summary>
    /// <param name="bonds">The number of bonds followed.</param>
    public static long BytesPerFrame(int bonds) => (long)bonds * BytesPerBond;

    /// <summary>Reads <paramref name="reader"/> to its end and measures θ(t0, t0 + τ) of every bond of <paramref name="groups"/>.</summary>
    /// <param name="reader">The trajectory, at its first frame.</param>
    /// <param name="groups">The groups whose bonds are followed (<see cref="TrajectoryGroups.Find"/>).</param>
    /// <param name="options">The lag, bins, percentiles and memory budget.</param>
    /// <param name="progress">Receives the number of frames read so far.</param>
    /// <exception cref="InputException">
    /// No groups, fewer than τ + 1 frames, a frame whose atom count differs from the header's, or more kept than
    /// <see cref="BudgetShare"/> of the memory budget.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">An option outside its range.</exception>
    /// <exception cref="ArgumentException">A group names atoms outside the trajectory.</exception>
    public static BondRotationAnglesResult Analyze(ITrajectoryReader reader, IReadOnlyList<TrajectoryGroup> groups,
        BondRotationAnglesOptions options, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var header = reader.Header;
        string src = header.Source;
        if (groups.Count == 0)
        {
            throw new InputException(src, "", "no anion groups to follow: the bond rotation angles need at least one");
        }
        foreach (var g in groups)
        {
            foreach (int a in g.Anions.Append(g.CenterAtom))
            {
                if (a < 0 || a >= header.AtomCount)
                {
                    throw new ArgumentException($"group {g.Index} names atom {a}, outside [0, {header.AtomCount - 1}]", nameof(groups));
                }
            }
        }
        var bonds = groups.SelectMany((g, gi) => g.Anions.Select(a => (Group: gi, Centre: g.CenterAtom, Anion: a))).ToArray();
        int nb = bonds.Length;
        var budget = MemoryBudget.Or(options.Memory);
        long limit = (long)(budget.Bytes * BudgetShare);
        long perFrame = BytesPerFrame(nb);

        var rows = new List<double[]>();
        while (reader.TryRead(out var frame))
        {
            int t = rows.Count;
            if (frame.AtomCount != header.AtomCount)
            {
                throw new InputException(src, $"frame {t + 1}", $"has {frame.AtomCount} atoms, the header {header.AtomCount}");
            }
            long need = (t + 1) * perFrame;
            if (need > limit)
            {
                throw new InputException(src, $"frame {t + 1}",
                    $"the bond rotation angles of {nb} bonds keep {perFrame} bytes a frame ({BytesPerBond} a bond: its vector and "
                    + $"its angle), {MemoryBudget.Format(need)} by this frame, over {BudgetShare:P0} of the memory budget "
                    + $"({InputException.Ref(InputParameter.Memory)} {budget}, so {MemoryBudget.Format(limit)}); "
                    + "use fewer frames or a larger budget");
            }
            var lat = frame.Lattice;
            var row = new double[3 * nb];
            for (int b = 0; b < nb; b++)
            {
                var v = lat.MinimumImageVector(frame.Position(bonds[b].Anion) - frame.Position(bonds[b].Centre));
                row[3 * b] = v.X;
                row[3 * b + 1] = v.Y;
                row[3 * b + 2] = v.Z;
            }
            rows.Add(row);
            progress?.Report(rows.Count);
        }
        int n = rows.Count, lag = options.Lag;
        if (n <= lag)
        {
            throw new InputException(src, "",
                $"the trajectory has {n} frame(s): a lag of {lag} frame(s) needs at least {lag + 1}");
        }

        int origins = n - lag;
        var angles = new double[(long)nb * origins];
        var groupSum = new double[groups.Count];
        var groupCount = new long[groups.Count];
        double sum = 0;
        for (int b = 0; b < nb; b++)
        {
            double bondSum = 0;
            for (int t = 0; t < origins; t++)
            {
                double[] r0 = rows[t], r1 = rows[t + lag];
                var u = new Vec3(r0[3 * b], r0[3 * b + 1], r0[3 * b + 2]);
                var v = new Vec3(r1[3 * b], r1[3 * b + 1], r1[3 * b + 2]);
                double theta = BondTracker.Angle(u, v) * (180 / Math.PI);
                angles[(long)b * origins + t] = theta;
                bondSum += theta;
            }
            sum += bondSum;
            groupSum[bonds[b].Group] += bondSum;
            groupCount[bonds[b].Group] += origins;
        }
        rows.Clear();
        Array.Sort(angles);
        double max = angles[^1];
        var percentiles = options.Percentiles.ToArray();
        var values = percentiles.Select(p => Percentile(angles, p)).ToArray();
        var (edges, counts) = Histogram(angles, options.BinWidthDeg);
        return new BondRotationAnglesResult(n, lag, nb, origins, angles.LongLength, sum / angles.LongLength, Percentile(angles, 50),
            max, percentiles, values, edges, counts, groupSum.Select((s, g) => s / groupCount[g]).ToArray(), perFrame, limit);
    }

    /// <summary>
    /// The <paramref name="p"/>-th percentile of ascending <paramref name="sorted"/> values: linear interpolation between
    /// the values at the ranks around p/100 · (n − 1) (numpy's default).
    /// </summary>
    private static double Percentile(double[] sorted, double p)
    {
        double rank = p / 100 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Bins of width <paramref name="width"/> from 0 up to the first multiple of it at or above the largest value.</summary>
    private static (double[] Edges, long[] Counts) Histogram(double[] sorted, double width)
    {
        double max = sorted[^1];
        int bins = (int)Math.Max(1, Math.Min(MaxBins, Math.Ceiling(max / width)));
        var counts = new long[bins];
        foreach (double x in sorted)
        {
            counts[Math.Clamp((int)Math.Floor(x / width), 0, bins - 1)]++;
        }
        return (Enumerable.Range(0, bins + 1).Select(i => i * width).ToArray(), counts);
    }

    private static void Validate(BondRotationAnglesOptions o)
    {
        if (o.Lag < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(o), o.Lag, "the lag must be ≥ 1 frame");
        }
        if (!(o.BinWidthDeg > 0) || !double.IsFinite(o.BinWidthDeg) || 180 / o.BinWidthDeg > MaxBins)
        {
            throw new ArgumentOutOfRangeException(nameof(o), o.BinWidthDeg,
                $"the bin width must be finite and at least 180°/{MaxBins} degrees");
        }
        ArgumentNullException.ThrowIfNull(o.Percentiles);
        foreach (double p in o.Percentiles)
        {
            if (!(p >= 0 && p <= 100))
            {
                throw new ArgumentOutOfRangeException(nameof(o), p, "a percentile must lie in [0, 100]");
            }
        }
    }
}
