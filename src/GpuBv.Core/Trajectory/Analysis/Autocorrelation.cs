using System.Numerics;
using GpuBv.Crystal;
using MathNet.Numerics.IntegralTransforms;

namespace GpuBv.Trajectory.Analysis;

/// <summary>Velocity autocorrelation of one species, from <see cref="Autocorrelation.Velocity"/>.</summary>
public sealed record VelocityAcfResult
{
    /// <summary>The species.</summary>
    public required string Species { get; init; }
    /// <summary>Its atom count.</summary>
    public required int AtomCount { get; init; }
    /// <summary>Number of velocity samples (frames − 1).</summary>
    public required int Samples { get; init; }
    /// <summary>Time between frames (fs).</summary>
    public required double TimeStepFs { get; init; }
    /// <summary>Lag times τ (fs), 0 … maxLag·Δt.</summary>
    public required double[] LagTimesFs { get; init; }
    /// <summary>⟨v(t₀)·v(t₀+τ)⟩ / ⟨v·v⟩ over atoms and all time origins (unbiased), 1 at τ = 0.</summary>
    public required double[] Acf { get; init; }
    /// <summary>⟨v·v⟩ (Å²/fs²), the normalisation.</summary>
    public required double MeanSquareVelocity { get; init; }
}

/// <summary>Bond-orientation autocorrelations of centre–anion bonds, from <see cref="Autocorrelation.BondOrientation"/>.</summary>
public sealed record BondOrientationResult
{
    /// <summary>Centre element (e.g. P).</summary>
    public required string Centre { get; init; }
    /// <summary>Anion element (e.g. S).</summary>
    public required string Anion { get; init; }
    /// <summary>The bonds (centre atom index, anion atom index), fixed from frame 0.</summary>
    public required IReadOnlyList<(int Centre, int Anion)> Bonds { get; init; }
    /// <summary>Frames read.</summary>
    public required int Frames { get; init; }
    /// <summary>Mean bond length in frame 0 (Å, minimum image).</summary>
    public required double MeanBondLengthFrame0 { get; init; }
    /// <summary>Mean bond length over all frames (Å, minimum image).</summary>
    public required double MeanBondLength { get; init; }
    /// <summary>C₁(τ) = ⟨u(t₀)·u(t₀+τ)⟩ over bonds and all origins (unbiased), τ = 0 … maxLag frames.</summary>
    public required double[] C1 { get; init; }
    /// <summary>C₂(τ) = ⟨P₂(u(t₀)·u(t₀+τ))⟩, P₂(x) = (3x² − 1)/2.</summary>
    public required double[] C2 { get; init; }
    /// <summary>θ̄(τ) = ⟨arccos(u(t₀)·u(t₀+τ))⟩ in degrees (a direct sum over origins).</summary>
    public required double[] MeanAngleDeg { get; init; }
    /// <summary>Number of bonds.</summary>
    public int BondCount => Bonds.Count;
}

/// <summary>
/// Autocorrelation functions averaged over all time origins without bias: C(τ) = Σₜ x(t)·x(t+τ) / (N − τ), by FFT
/// (MathNet.Numerics, zero-padded to a power of two ≥ 2N so that nothing wraps around) or by the direct O(N²) sum;
/// the velocity ACF of a species and the bond-orientation ACFs C₁, C₂ and mean angle θ̄ of centre–anion bonds.
/// No mean is subtracted.
/// </summary>
public static class Autocorrelation
{
    /// <summary>Normalised unbiased ACF by FFT: C(τ) / C(0), τ = 0 … maxLag (default N − 1).</summary>
    public static double[] Fft(ReadOnlySpan<double> series, int maxLag = -1)
        => Normalise(Unbiased(LagSumsFft([series.ToArray()], series.Length, maxLag < 0 ? series.Length - 1 : maxLag), series.Length));

    /// <summary>Normalised unbiased ACF by the direct O(N·maxLag) sum: C(τ) / C(0).</summary>
    public static double[] Direct(ReadOnlySpan<double> series, int maxLag = -1)
        => Normalise(Unbiased(LagSumsDirect([series.ToArray()], series.Length, maxLag < 0 ? series.Length - 1 : maxLag), series.Length));

    /// <summary>
    /// r(τ) = Σₛ wₛ Σ_{t=0}^{N−1−τ} xₛ(t) xₛ(t+τ) for τ = 0 … maxLag over equal-length series, by FFT: the power
    /// spectra of the zero-padded series (two real series per complex transform) are summed and transformed back once.
    /// </summary>
    /// <param name="series">The series, each of length <paramref name="length"/>.</param>
    /// <param name="length">N.</param>
    /// <param name="maxLag">Largest lag, at most N − 1.</param>
    /// <param name="weights">wₛ ≥ 0 per series; null for 1.</param>
    public static double[] LagSumsFft(IReadOnlyList<double[]> series, int length, int maxLag, IReadOnlyList<double>? weights = null)
    {
        Check(series, length, maxLag, weights);
        int m = 1;
        while (m < 2 * length)
            m <<= 1;
        var power = new double[m];
        var z = new Complex[m];
        for (int s = 0; s < series.Count; s += 2)
        {
            double w1 = Math.Sqrt(weights?[s] ?? 1.0);
            double w2 = s + 1 < series.Count ? Math.Sqrt(weights?[s + 1] ?? 1.0) : 0;
            var x1 = series[s];
            var x2 = s + 1 < series.Count ? series[s + 1] : null;
            for (int t = 0; t < length; t++)
                z[t] = new Complex(w1 * x1[t], x2 is null ? 0 : w2 * x2[t]);
            Array.Clear(z, length, m - length);
            Fourier.Forward(z, FourierOptions.NoScaling);
            // Z = A + iB with A, B the transforms of the two real series: |A(k)|² + |B(k)|² = (|Z(k)|² + |Z(−k)|²) / 2.
            for (int k = 0; k < m; k++)
            {
                var a = z[k];
                var b = z[(m - k) & (m - 1)];
                power[k] += 0.5 * (a.Real * a.Real + a.Imaginary * a.Imaginary + b.Real * b.Real + b.Imaginary * b.Imaginary);
            }
        }
        for (int k = 0; k < m; k++)
            z[k] = new Complex(power[k], 0);
        Fourier.Inverse(z, FourierOptions.NoScaling);
        var r = new double[maxLag + 1];
        for (int tau = 0; tau <= maxLag; tau++)
            r[tau] = z[tau].Real / m;
        return r;
    }

    /// <summary>The same sums as <see cref="LagSumsFft"/> by the direct double loop (reference).</summary>
    public static double[] LagSumsDirect(IReadOnlyList<double[]> series, int length, int maxLag, IReadOnlyList<double>? weights = null)
    {
        Check(series, length, maxLag, weights);
        var r = new double[maxLag + 1];
        for (int s = 0; s < series.Count; s++)
        {
            var x = series[s];
            double w = weights?[s] ?? 1.0;
            for (int tau = 0; tau <= maxLag; tau++)
            {
                double acc = 0;
                for (int t = 0; t + tau < length; t++)
                    acc += x[t] * x[t + tau];
                r[tau] += w * acc;
            }
        }
        return r;
    }

    /// <summary>Divides lag sums by the number of origins N − τ (and by <paramref name="perOrigin"/> series).</summary>
    public static double[] Unbiased(double[] lagSums, int length, double perOrigin = 1)
    {
        var c = new double[lagSums.Length];
        for (int tau = 0; tau < c.Length; tau++)
            c[tau] = lagSums[tau] / ((length - tau) * perOrigin);
        return c;
    }

    /// <summary>Divides by the value at lag 0; an <see cref="ArgumentException"/> when that is 0 (a zero series).</summary>
    public static double[] Normalise(double[] c)
    {
        if (c.Length == 0 || c[0] == 0
            || !double.IsFinite(c[0]))
            throw new ArgumentException("the autocorrelation at lag 0 is zero or not finite");
        double c0 = c[0];
        var n = new double[c.Length];
        for (int i = 0; i < c.Length; i++)
            n[i] = c[i] / c0;
        return n;
    }

    private static void Check(IReadOnlyList<double[]> series, int length, int maxLag, IReadOnlyList<double>? weights)
    {
        if (length < 1)
            throw new ArgumentException("the series are empty");
        if (maxLag < 0 || maxLag >= length)
            throw new ArgumentOutOfRangeException(nameof(maxLag),
            $"the lag must lie in 0 … {length - 1}");
        if (weights is not null && weights.Count != series.Count)
            throw new ArgumentException("one weight per series");
        foreach (var s in series)
            if (s.Length < length)
                throw new ArgumentException("a series is shorter than the given length");
    }

    /// <summary>
    /// Velocity ACF of <paramref name="species"/>: velocities by forward differences of the unwrapped positions,
    /// v(t) = (r(t+1) − r(t)) / Δt, t = 0 … N_frames − 2; ⟨v(t₀)·v(t₀+τ)⟩ over the atoms and all origins (unbiased),
    /// normalised to 1 at τ = 0. Keeps N_species × (N_frames − 1) × 3 doubles and refuses with an
    /// <see cref="InputException"/> beyond <paramref name="memoryBudgetBytes"/> (default the default memory budget (MemoryBudget.Default)).
    /// </summary>
    public static VelocityAcfResult Velocity(ITrajectoryReader reader, string species, double timeStepFs, int maxLag = -1,
        long? memoryBudgetBytes = null, IProgress<int>? progress = null)
    {
        var header = reader.Header;
        string src = header.Source;
        if (!(timeStepFs > 0) || double.IsInfinity(timeStepFs))
            throw new InputException(src, "",
            $"the time step must be positive (got {timeStepFs} fs)");
        int[] sel = AnalysisGuards.SpeciesIndices(header, species);
        long budget = AnalysisGuards.Budget(memoryBudgetBytes);
        int ns = sel.Length;
        var unw = new Unwrapper();
        var prev = new Vec3[ns];
        var rows = new List<double[]>();
        long perFrame = (long)ns * 3 * sizeof(double);
        int frames = 0;
        while (reader.TryRead(out var frame))
        {
            if (frame.AtomCount != header.AtomCount)
                throw new InputException(src, $"frame {frames + 1}",
                $"has {frame.AtomCount} atoms, the header {header.AtomCount}");
            unw.Add(frame);
            var pos = unw.Positions;
            if (frames > 0)
            {
                long need = (rows.Count + 1) * perFrame;
                if (need > budget)
                    throw new InputException(src, $"frame {frames + 1}",
                        $"the velocities of the {ns} {species} atoms need {AnalysisGuards.Bytes(need)} by this frame, "
                            + $"over the memory budget of {AnalysisGuards.Bytes(budget)}");
                var row = new double[3 * ns];
                for (int k = 0; k < ns; k++)
                {
                    var v = (pos[sel[k]] - prev[k]) * (1 / timeStepFs);
                    row[3 * k] = v.X;
                    row[3 * k + 1] = v.Y;
                    row[3 * k + 2] = v.Z;
                }
                rows.Add(row);
            }
            for (int k = 0; k < ns; k++)
                prev[k] = pos[sel[k]];
            frames++;
            progress?.Report(frames);
        }
        int n = rows.Count;
        if (n < 1)
            throw new InputException(src, "", "the velocity ACF needs at least two frames");
        if (maxLag < 0 || maxLag > n - 1)
            maxLag = n - 1;
        var series = new double[3 * ns][];
        for (int s = 0; s < 3 * ns; s++)
        {
            var x = new double[n];
            for (int t = 0; t < n; t++)
                x[t] = rows[t][s];
            series[s] = x;
        }
        rows.Clear();
        var c = Unbiased(LagSumsFft(series, n, maxLag), n, ns);
        if (!(c[0] > 0))
            throw new InputException(src, "", $"the {species} atoms do not move: the velocity ACF is undefined");
        return new VelocityAcfResult
        {
            Species = species, AtomCount = ns, Samples = n, TimeStepFs = timeStepFs,
            LagTimesFs = Enumerable.Range(0, maxLag + 1).Select(t => t * timeStepFs).ToArray(),
            Acf = Normalise(c), MeanSquareVelocity = c[0],
        };
    }

    /// <summary>
    /// Bond-orientation ACFs of centre–anion bonds (e.g. P–S in PS₄ groups). The bonds are fixed from frame 0 as the
    /// <paramref name="neighbours"/> nearest anions of each centre (minimum image; ties by atom order); in every frame
    /// u is the minimum-image unit vector centre → anion. Over bonds and all time origins (unbiased):
    /// C₁(τ) = ⟨u(t₀)·u(t₀+τ)⟩ and C₂(τ) = ⟨P₂(u(t₀)·u(t₀+τ))⟩ by FFT, θ̄(τ) =
    /// ⟨arccos(u(t₀)·u(t₀+τ))⟩ (degrees) by a
    /// direct sum, evaluated as atan2(|u×u'|, u·u') (the same angle, accurate near 0° and 180°). Keeps
    /// N_bonds × N_frames × 3 doubles, checked against <paramref name="memoryBudgetBytes"/>.
    /// </summary>
    /// <param name="reader">The trajectory, at its first frame.</param>
    /// <param name="centre">Centre element (e.g. "P").</param>
    /// <param name="anion">Anion element (e.g. "S").</param>
    /// <param name="neighbours">Bonds per centre (4 for tetrahedra).</param>
    /// <param name="maxLag">Largest lag in frames; default N_frames − 1. θ̄ costs N_bonds × Σ_τ (N − τ) angles.</param>
    /// <param name="memoryBudgetBytes">Default the default memory budget (MemoryBudget.Default).</param>
    /// <param name="progress">Receives the number of frames read so far.</param>
    public static BondOrientationResult BondOrientation(ITrajectoryReader reader, string centre, string anion, int neighbours = 4,
        int maxLag = -1, long? memoryBudgetBytes = null, IProgress<int>? progress = null)
    {
        var header = reader.Header;
        string src = header.Source;
        if (neighbours < 1)
            throw new InputException(src, "", "the number of bonds per centre must be at least 1");
        int[] centres = AnalysisGuards.SpeciesIndices(header, centre);
        int[] anions = AnalysisGuards.SpeciesIndices(header, anion);
        if (anions.Length < neighbours)
            throw new InputException(src, "",
            $"only {anions.Length} {anion} atoms for {neighbours} bonds per {centre}");
        long budget = AnalysisGuards.Budget(memoryBudgetBytes);

        (int Centre, int Anion)[] bonds = [];
        var rows = new List<double[]>();
        double length0 = 0, lengthSum = 0;
        long perFrame = 0;
        int frames = 0;
        while (reader.TryRead(out var frame))
        {
            if (frame.AtomCount != header.AtomCount)
                throw new InputException(src, $"frame {frames + 1}",
                $"has {frame.AtomCount} atoms, the header {header.AtomCount}");
            var lat = frame.Lattice;
            if (frames == 0)
            {
                var list = new List<(int, int)>();
                foreach (int c in centres)
                {
                    var pc = frame.Position(c);
                    var near = anions.Select(a => (a, d: lat.MinimumImageDistance(pc, frame.Position(a))))
                        .Where(x => x.a != c).OrderBy(x => x.d).ThenBy(x => x.a).Take(neighbours);
                    foreach (var (a, _) in near)
                        list.Add((c, a));
                }
                bonds = list.ToArray();
                perFrame = (long)bonds.Length * 3 * sizeof(double);
            }
            long need = (rows.Count + 1) * perFrame;
            if (need > budget)
                throw new InputException(src, $"frame {frames + 1}",
                    $"the {bonds.Length} bond vectors need {AnalysisGuards.Bytes(need)} by this frame, over the memory "
                        + $"budget of {AnalysisGuards.Bytes(budget)}");
            var row = new double[3 * bonds.Length];
            double sum = 0;
            for (int b = 0; b < bonds.Length; b++)
            {
                var v = lat.MinimumImageVector(frame.Position(bonds[b].Anion) - frame.Position(bonds[b].Centre));
                double len = v.Length;
                if (!(len > 0))
                    throw new InputException(src, $"frame {frames + 1}",
                    $"atoms {bonds[b].Centre + 1} and {bonds[b].Anion + 1} coincide");
                sum += len;
                row[3 * b] = v.X / len;
                row[3 * b + 1] = v.Y / len;
                row[3 * b + 2] = v.Z / len;
            }
            if (frames == 0)
                length0 = sum / bonds.Length;
            lengthSum += sum / bonds.Length;
            rows.Add(row);
            frames++;
            progress?.Report(frames);
        }
        int n = rows.Count;
        if (n == 0)
            throw new InputException(src, "", "the trajectory has no frames");
        if (maxLag < 0 || maxLag > n - 1)
            maxLag = n - 1;
        int nb = bonds.Length;

        // per bond: ux, uy, uz series, then the six products for P2
        var comps = new double[3 * nb][];
        for (int s = 0; s < 3 * nb; s++)
        {
            var x = new double[n];
            for (int t = 0; t < n; t++)
                x[t] = rows[t][s];
            comps[s] = x;
        }
        rows.Clear();
        var c1 = Unbiased(LagSumsFft(comps, n, maxLag), n, nb);

        // (u·u')² = Σ_cd (u_c u_d)(u'_c u'_d): the diagonal products with weight 1, the off-diagonal ones with weight 2
        var prods = new List<double[]>(6 * nb);
        var weights = new List<double>(6 * nb);
        for (int b = 0; b < nb; b++)
            for (int p = 0; p < 3; p++)
                for (int q = p; q < 3; q++)
                {
                    var x = new double[n];
                    var up = comps[3 * b + p];
                    var uq = comps[3 * b + q];
                    for (int t = 0; t < n; t++)
                        x[t] = up[t] * uq[t];
                    prods.Add(x);
                    weights.Add(p == q ? 1 : 2);
                }
        var sq = Unbiased(LagSumsFft(prods, n, maxLag, weights), n, nb);
        var c2 = new double[maxLag + 1];
        for (int tau = 0; tau <= maxLag; tau++)
            c2[tau] = 1.5 * sq[tau] - 0.5;

        var theta = new double[maxLag + 1];
        Parallel.For(1, maxLag + 1, tau =>
        {
            double acc = 0;
            for (int b = 0; b < nb; b++)
            {
                var ux = comps[3 * b];
                var uy = comps[3 * b + 1];
                var uz = comps[3 * b + 2];
                for (int t = 0; t + tau < n; t++)
                {
                    double ax = ux[t], ay = uy[t], az = uz[t], bx = ux[t + tau], by = uy[t + tau], bz = uz[t + tau];
                    double dot = ax * bx + ay * by + az * bz;
                    double cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
                    acc += Math.Atan2(Math.Sqrt(cx * cx + cy * cy + cz * cz), dot);
                }
            }
            theta[tau] = acc / ((double)nb * (n - tau)) * (180 / Math.PI);
        });

        return new BondOrientationResult
        {
            Centre = centre, Anion = anion, Bonds = bonds, Frames = n,
            MeanBondLengthFrame0 = length0, MeanBondLength = lengthSum / n,
            C1 = c1, C2 = c2, MeanAngleDeg = theta,
        };
    }
}
