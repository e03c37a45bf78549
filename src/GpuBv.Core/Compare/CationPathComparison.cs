using GpuBv.Bvse;
using GpuBv.Percolation;

namespace GpuBv.Compare;

/// <summary>
/// The cation's MD probability on the points of its BVSE grid, against the map: the fraction of the probability inside
/// {E − E_min ≤ level} for a ladder of levels, the levels that enclose 80/90/95 %, the connected dimension of the region
/// holding 95 % of the probability, and (with a temperature) the overlap with the Boltzmann density.
/// </summary>
/// <param name="Grid">The BVSE grid (the structure's cell).</param>
/// <param name="Probability">The MD probability per grid point (sums to 1; smoothed when <paramref name="Sigma"/> is set).</param>
/// <param name="Sigma">Gaussian smoothing σ (Å), or null for none.</param>
/// <param name="Frames">Frames counted.</param>
/// <param name="Ions">Cations counted per frame.</param>
/// <param name="Samples">Positions counted (frames × ions).</param>
/// <param name="SamplesPerVoxel">Samples per grid point (all points).</param>
/// <param name="OccupiedVoxels">Grid points with at least one sample (before smoothing).</param>
/// <param name="SamplesPerOccupiedVoxel">Samples per grid point with at least one.</param>
/// <param name="DriftCorrected">Whether positions were drift-corrected by the framework.</param>
/// <param name="Levels">The ladder of levels (0, step, … up to E_3D + 0.5 eV, which is included, plus E_1D/E_2D/E_3D exactly),
/// ascending.</param>
/// <param name="Enclosing">The levels enclosing 80, 90 and 95 % of the probability.</param>
/// <param name="FractionAtEMig">Fraction inside {E − E_min ≤ E_mig} (null without E_mig).</param>
/// <param name="VolumeAtEMig">Fraction of the grid points inside {E − E_min ≤ E_mig} (null without E_mig).</param>
/// <param name="Region95Dimension">How many independent cell translations the connected region holding 95 % of the probability
/// (the densest grid points first) wraps by (0–3; 26-neighbour periodic connectivity).</param>
/// <param name="Overlap">The Boltzmann overlap, with a temperature; else null.</param>
public sealed record CationPathComparison(BvseGrid Grid, double[] Probability, double? Sigma, int Frames, int Ions, long Samples,
    double SamplesPerVoxel, int OccupiedVoxels, double SamplesPerOccupiedVoxel, bool DriftCorrected, IReadOnlyList<LevelFraction> Levels,
    IReadOnlyList<EnclosingLevel> Enclosing, double? FractionAtEMig, double? VolumeAtEMig, int Region95Dimension, BoltzmannOverlap? Overlap)
{
    /// <summary>Boltzmann's constant (eV/K).</summary>
    public const double BoltzmannEv = 8.617333262e-5;

    /// <summary>The fractions the enclosing levels are reported for.</summary>
    public static readonly double[] EnclosedFractions = [0.8, 0.9, 0.95];

    /// <summary>Bytes per grid point of the comparison at its peak: the counts and the probability, the energy order and the
    /// sorted energies, and the region's percolation (beside the map's 4-byte energies).</summary>
    public const int BytesPerPoint = 64;

    /// <summary>
    /// The comparison from the counts of <paramref name="acc"/> and the cation's map <paramref name="map"/>.
    /// </summary>
    /// <param name="acc">The deposited samples.</param>
    /// <param name="map">The cation's BVSE result on the same grid.</param>
    /// <param name="eMig">E_mig (eV) or null.</param>
    /// <param name="sigma">Gaussian σ (Å) or null.</param>
    /// <param name="temperature">T (K) for the Boltzmann overlap, or null.</param>
    /// <param name="step">Level step (eV).</param>
    /// <param name="encut">Top of the ladder when E_3D is absent (eV).</param>
    public static CationPathComparison Compute(CationPathAccumulator acc, BvseResult map, double? eMig, double? sigma, double? temperature,
        double step = 0.05, double encut = 5.0)
    {
        ArgumentNullException.ThrowIfNull(acc);
        ArgumentNullException.ThrowIfNull(map);
        var g = map.Grid;
        int n = (int)g.Count;
        var counts = acc.Counts;
        int occupied = counts.Count(c => c > 0);
        var p = sigma is double s && s > 0 ? Smooth(counts, g, acc.Registration.StructureCell, s) : (double[])counts.Clone();
        double total = p.Sum();
        if (total > 0)
            for (int i = 0; i < n; i++)
                p[i] /= total;

        // Energies relative to E_min in ascending order, with the probability accumulated along them.
        var e = new double[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            e[i] = map.Energies[i] - map.EMinRaw;
            order[i] = i;
        }
        Array.Sort(e, order);
        var cum = new double[n];
        double run = 0;
        for (int q = 0; q < n; q++)
        {
            run += p[order[q]];
            cum[q] = run;
        }
        double Fraction(double level)
        {
            int hi = UpperBound(e, level);
            return hi == 0 ? 0 : Math.Min(1, cum[hi - 1]);
        }
        double Volume(double level) => (double)UpperBound(e, level) / n;

        var perc = map.Percolation;
        double top = (perc.E3D ?? encut) + 0.5;
        var levels = new List<LevelFraction>();
        int steps = (int)Math.Floor(top / step + 1e-9);
        for (int k = 0; k <= steps; k++)
            levels.Add(new LevelFraction(Math.Round(k * step, 10), Fraction(k * step), null, Volume(k * step)));
        if (levels[^1].Level < top - 1e-9)
            levels.Add(new LevelFraction(top, Fraction(top), null, Volume(top)));
        foreach (var (label, v) in new[] { ("E_1D", perc.E1D), ("E_2D", perc.E2D), ("E_3D", perc.E3D) })
            if (v is double x)
                levels.Add(new LevelFraction(x, Fraction(x), label, Volume(x)));
        levels.Sort((a, b) => a.Level != b.Level ? a.Level.CompareTo(b.Level) : (a.Label is null ? 1 : -1));

        var enclosing = EnclosedFractions.Select(f =>
        {
            int q = 0;
            while (q < n - 1 && cum[q] < f * run - 1e-12)
                q++;
            return new EnclosingLevel(f, e[q]);
        }).ToList();

        int dim = RegionDimension(p, g, 0.95);
        BoltzmannOverlap? overlap = null;
        if (temperature is double t)
        {
            double kt = BoltzmannEv * t, z = 0, bc = 0;
            for (int i = 0; i < n; i++)
                z += Math.Exp(-(map.Energies[i] - map.EMinRaw) / kt);
            for (int i = 0; i < n; i++)
                if (p[i] > 0)
                    bc += Math.Sqrt(p[i] * Math.Exp(-(map.Energies[i] - map.EMinRaw) / kt) / z);
            overlap = new BoltzmannOverlap(t, Math.Min(1, bc));
        }
        return new CationPathComparison(g, p, sigma is > 0 ? sigma : null, acc.Frames, acc.Ions, acc.Samples,
            (double)acc.Samples / n, occupied, occupied == 0 ? 0 : (double)acc.Samples / occupied, acc.DriftCorrected, levels, enclosing,
            eMig is double m ? Fraction(m) : null, eMig is double mv ? Volume(mv) : null, dim, overlap);
    }

    /// <summary>Index of the first element of ascending <paramref name="a"/> greater than <paramref name="x"/>.</summary>
    private static int UpperBound(double[] a, double x)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The connected dimension of the region holding <paramref name="fraction"/> of the probability (grid points taken from the
    /// densest down until their sum reaches it): the exact percolation of <see cref="PercolationAnalysis"/> run on −P with the
    /// region's isovalue as the cut.
    /// </summary>
    public static int RegionDimension(double[] p, BvseGrid g, double fraction)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(g);
        var sorted = p.Where(v => v > 0).OrderDescending().ToArray();
        if (sorted.Length == 0)
            return 0;
        double total = sorted.Sum(), sum = 0, iso = sorted[^1];
        foreach (var v in sorted)
        {
            sum += v;
            if (sum >= fraction * total)
            {
                iso = v;
                break;
            }
        }
        double max = sorted[0];
        var neg = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
            neg[i] = -p[i];
        double cut = (max - iso) + 1e-12 * max;
        var r = PercolationAnalysis.Compute(neg, g.N1, g.N2, g.N3, Connectivity.Full26, cut);
        return r.E3D is not null ? 3 : r.E2D is not null ? 2 : r.E1D is not null ? 1 : 0;
    }

    /// <summary>
    /// Periodic Gaussian smoothing with σ Å, separable along the three grid axes (σ/(|a_i|/n_i) points each; exact for
    /// orthogonal cells, an approximation for oblique ones), kernel cut at 4σ.
    /// </summary>
    public static double[] Smooth(double[] values, BvseGrid g, GpuBv.Crystal.Lattice lattice, double sigma)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(lattice);
        int[] n = [g.N1, g.N2, g.N3];
        var cur = (double[])values.Clone();
        var next = new double[cur.Length];
        for (int ax = 0; ax < 3; ax++)
        {
            double s = sigma * n[ax] / lattice.Vector(ax).Length;
            int half = Math.Min((int)Math.Ceiling(4 * s), n[ax] / 2);
            if (half == 0)
                continue;
            var w = new double[2 * half + 1];
            for (int t = -half; t <= half; t++)
                w[t + half] = Math.Exp(-0.5 * t * t / (s * s));
            double wsum = w.Sum();
            for (int t = 0; t < w.Length; t++)
                w[t] /= wsum;
            int stride = ax == 0 ? n[1] * n[2] : ax == 1 ? n[2] : 1;
            int len = n[ax];
            Array.Clear(next);
            for (int idx = 0; idx < cur.Length; idx++)
            {
                double v = cur[idx];
                if (v == 0)
                    continue;
                int pos = idx / stride % len;
                int baseIdx = idx - pos * stride;
                for (int t = -half; t <= half; t++)
                {
                    int q = pos + t;
                    q = q < 0 ? q + len : q >= len ? q - len : q;
                    next[baseIdx + q * stride] += v * w[t + half];
                }
            }
            (cur, next) = (next, cur);
        }
        return cur;
    }
}
