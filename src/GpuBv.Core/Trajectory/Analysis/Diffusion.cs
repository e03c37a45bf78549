using GpuBv.Crystal;

namespace GpuBv.Trajectory.Analysis;

/// <summary>Settings of <see cref="Diffusion.Compute"/>; the defaults are pymatgen's DiffusionAnalyzer defaults.</summary>
public sealed record DiffusionOptions
{
    /// <summary>
    /// pymatgen's <c>min_obs</c>: the longest lag is min(N_species·N_frames // this, N_frames) frames (exclusive), so that
    /// each ion is seen over several uncorrelated windows. Default 30.
    /// </summary>
    public int MinimumObservations { get; init; } = 30;

    /// <summary>The shortest lag time in fs (pymatgen's hard-coded 1000 fs: lag int(1000 / Δt) frames). Default 1000.</summary>
    public double MinimumLagFs { get; init; } = 1000;

    /// <summary>Subtract the mean displacement of all atoms that are not of the mobile species (pymatgen does). Default true.</summary>
    public bool DriftCorrection { get; init; } = true;

    /// <summary>
    /// Charge of the mobile ion for the Nernst–Einstein conductivity. Null: the usual charge of common mobile ions
    /// (alkali, Ag, Cu, H: +1; alkaline earth, Zn: +2; Al, Ga, Sc, Y, La: +3; halides −1; O, S, Se −2), otherwise an
    /// <see cref="InputException"/> asks for it. (pymatgen takes the oxidation state or the number of electrons in the
    /// outermost subshell, which agrees for the alkali and alkaline-earth ions.)
    /// </summary>
    public double? Charge { get; init; }

    /// <summary>
    /// Most bytes the species' unwrapped trajectory (N_species × N_frames × 3 doubles) may take; null: 25 % of
    /// <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>.
    /// </summary>
    public long? MemoryBudgetBytes { get; init; }
}

/// <summary>
/// Self and charge diffusivity, Nernst–Einstein conductivity and Haven ratio of one species, computed with
/// <see cref="Diffusion.Compute"/>. Units: Å, fs, cm²/s, mS/cm.
/// </summary>
public sealed record DiffusionResult
{
    /// <summary>The mobile species.</summary>
    public required string Species { get; init; }
    /// <summary>Number of atoms of the species.</summary>
    public required int AtomCount { get; init; }
    /// <summary>Frames read.</summary>
    public required int Frames { get; init; }
    /// <summary>Time between stored frames (fs).</summary>
    public required double TimeStepFs { get; init; }
    /// <summary>Temperature (K) used for the conductivity.</summary>
    public required double TemperatureK { get; init; }
    /// <summary>Ion charge used for the conductivity.</summary>
    public required double Charge { get; init; }
    /// <summary>Cell volume of frame 0 (Å³).</summary>
    public required double VolumeA3 { get; init; }
    /// <summary>The lags used, in frames.</summary>
    public required int[] Lags { get; init; }
    /// <summary>The lags in fs.</summary>
    public required double[] LagTimesFs { get; init; }
    /// <summary>Mean square displacement of the species at each lag (Å²), averaged over ions and all time origins.</summary>
    public required double[] Msd { get; init; }
    /// <summary>Mean square charge displacement ⟨|Σᵢ Δrᵢ|²⟩ / N at each lag (Å²).</summary>
    public required double[] Mscd { get; init; }
    /// <summary>Cartesian x, y, z parts of the MSD at each lag (Å²), [lag, 3] flattened.</summary>
    public required double[] MsdComponents { get; init; }
    /// <summary>Self diffusivity D = slope / 60 (cm²/s).</summary>
    public required double Diffusivity { get; init; }
    /// <summary>Standard error of D from the weighted fit, pymatgen's formula (cm²/s).</summary>
    public required double DiffusivityStdErr { get; init; }
    /// <summary>Charge diffusivity (cm²/s).</summary>
    public required double ChargeDiffusivity { get; init; }
    /// <summary>Standard error of the charge diffusivity (cm²/s).</summary>
    public required double ChargeDiffusivityStdErr { get; init; }
    /// <summary>Diffusivity along Cartesian x, y, z (3 × the slope of the component MSD / 60, cm²/s).</summary>
    public required double[] DiffusivityComponents { get; init; }
    /// <summary>Nernst–Einstein conductivity from D (mS/cm).</summary>
    public required double Conductivity { get; init; }
    /// <summary>Its standard error (mS/cm).</summary>
    public required double ConductivityStdErr { get; init; }
    /// <summary>Conductivity from the charge diffusivity (mS/cm).</summary>
    public required double ChargeConductivity { get; init; }
    /// <summary>Its standard error (mS/cm).</summary>
    public required double ChargeConductivityStdErr { get; init; }
    /// <summary>Haven ratio D / D_charge.</summary>
    public double HavenRatio => Diffusivity / ChargeDiffusivity;
    /// <summary>Conductivity (mS/cm) per diffusivity (cm²/s): N z² e² N_A² / (V N_A R T), CODATA constants.</summary>
    public required double ConversionFactor { get; init; }
    /// <summary>Largest (drift-corrected) distance of any atom of each element from its start (Å).</summary>
    public required IReadOnlyDictionary<string, double> MaxDisplacement { get; init; }
    /// <summary>Largest (drift-corrected) distance of any atom not of the species from its start (Å); 0 if there is none.</summary>
    public required double MaxFrameworkDisplacement { get; init; }
}

/// <summary>
/// Diffusion analysis following pymatgen-analysis-diffusion's <c>DiffusionAnalyzer</c> (smoothed = "max"): unwrapping
/// by Δfrac − round(Δfrac) summed in Cartesian space (<see cref="Unwrapper"/>), drift correction by the mean
/// displacement of all atoms that are not of the species, lags from int(1000 fs / Δt) to
/// min(N·N_frames // 30, N_frames) (exclusive) in steps of max((max − min) // 200, 1), every time origin,
/// MSD vs t fitted by least squares with the rows weighted by 1/√t, D = slope / 60 (cm²/s from Å²/fs).
/// </summary>
public static partial class Diffusion
{
    // CODATA 2018 (exact SI values; R as scipy.constants gives it).
    private const double Avogadro = 6.02214076e23;
    private const double ElementaryCharge = 1.602176634e-19;
    private const double GasConstant = 8.314462618;

    /// <summary>
    /// Streams <paramref name="reader"/> once and analyses the diffusion of <paramref name="species"/>. Keeps the
    /// species' drift-corrected unwrapped trajectory (N × N_frames × 3 doubles) and refuses with an
    /// <see cref="InputException"/> when it would exceed the memory budget.
    /// </summary>
    /// <param name="reader">The trajectory, at its first frame.</param>
    /// <param name="species">The mobile element, e.g. "Na".</param>
    /// <param name="timeStepFs">Time between stored frames in fs (MD step × output interval).</param>
    /// <param name="temperatureK">Temperature in K (for the conductivity).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">Receives the number of frames read so far.</param>
    public static DiffusionResult Compute(ITrajectoryReader reader, string species, double timeStepFs, double temperatureK,
        DiffusionOptions? options = null, IProgress<int>? progress = null)
    {
        options ??= new DiffusionOptions();
        var header = reader.Header;
        string src = header.Source;
        if (!(timeStepFs > 0) || double.IsInfinity(timeStepFs))
            throw new InputException(src, "",
            $"the time step must be positive (got {timeStepFs} fs)");
        if (!(temperatureK > 0) || double.IsInfinity(temperatureK))
            throw new InputException(src, "",
            $"the temperature must be positive (got {temperatureK} K)");
        if (options.MinimumObservations < 1)
            throw new InputException(src, "", "the minimum number of observations must be at least 1");
        int[] sel = AnalysisGuards.SpeciesIndices(header, species);
        double charge = options.Charge ?? DefaultCharge(species, src);
        long budget = AnalysisGuards.Budget(options.MemoryBudgetBytes);

        int n = header.AtomCount, ns = sel.Length;
        var isSel = new bool[n];
        foreach (int i in sel)
            isSel[i] = true;
        int[] framework = Enumerable.Range(0, n).Where(i => !isSel[i]).ToArray();
        bool drift = options.DriftCorrection && framework.Length > 0;

        var unw = new Unwrapper();
        Vec3[]? start = null;
        Lattice? lattice0 = null;
        var store = new List<double[]>();
        long perFrame = (long)ns * 3 * sizeof(double);
        var maxSq = new double[n];
        while (reader.TryRead(out var frame))
        {
            if (frame.AtomCount != n)
                throw new InputException(src, $"frame {store.Count + 1}", $"has {frame.AtomCount} atoms, the header {n}");
            unw.Add(frame);
            var pos = unw.Positions;
            if (start is null)
            {
                start = pos.ToArray();
                lattice0 = frame.Lattice;
            }
            Vec3 d0 = Vec3.Zero;
            if (drift)
            {
                double sx = 0, sy = 0, sz = 0;
                foreach (int a in framework)
                {
                    var d = pos[a] - start[a];
                    sx += d.X;
                    sy += d.Y;
                    sz += d.Z;
                }
                d0 = new Vec3(sx / framework.Length, sy / framework.Length, sz / framework.Length);
            }
            long need = (store.Count + 1) * perFrame;
            if (need > budget)
                throw new InputException(src, $"frame {store.Count + 1}",
                    $"the unwrapped trajectory of the {ns} {species} atoms needs {AnalysisGuards.Bytes(need)} by this frame " +
                    $"({AnalysisGuards.Bytes(perFrame)} per frame, more for every further frame), over the memory budget "
                        + $"of {AnalysisGuards.Bytes(budget)}");
            var row = new double[ns * 3];
            for (int k = 0; k < ns; k++)
            {
                var d = pos[sel[k]] - start[sel[k]] - d0;
                row[3 * k] = d.X;
                row[3 * k + 1] = d.Y;
                row[3 * k + 2] = d.Z;
            }
            store.Add(row);
            for (int a = 0; a < n; a++)
            {
                var d = pos[a] - start[a] - d0;
                double s = Vec3.Dot(d, d);
                if (s > maxSq[a])
                    maxSq[a] = s;
            }
            progress?.Report(store.Count);
        }
        int nf = store.Count;
        if (nf == 0)
            throw new InputException(src, "", "the trajectory has no frames");

        int minLag = Math.Max(1, (int)(options.MinimumLagFs / timeStepFs));
        int maxLag = (int)Math.Min((long)ns * nf / options.MinimumObservations, nf);
        if (minLag >= maxLag)
            throw new InputException(src, "",
                $"not enough data for the diffusivity: the lags would run from {minLag} frames ({options.MinimumLagFs} fs) to below "
                    + $"{maxLag} frames " +
                $"({nf} frames, {ns} {species} atoms, at least {options.MinimumObservations} observations)");
        int step = Math.Max((maxLag - minLag) / 200, 1);
        var lags = new List<int>();
        for (int l = minLag; l < maxLag; l += step)
            lags.Add(l);
        int nl = lags.Count;

        var msd = new double[nl];
        var mscd = new double[nl];
        var comps = new double[nl * 3];
        Parallel.For(0, nl, i =>
        {
            int lag = lags[i];
            double sq = 0, cx = 0, cy = 0, cz = 0, chg = 0;
            for (int t = 0; t + lag < nf; t++)
            {
                var a = store[t];
                var b = store[t + lag];
                double qx = 0, qy = 0, qz = 0;
                for (int k = 0; k < 3 * ns; k += 3)
                {
                    double dx = b[k] - a[k], dy = b[k + 1] - a[k + 1], dz = b[k + 2] - a[k + 2];
                    cx += dx * dx;
                    cy += dy * dy;
                    cz += dz * dz;
                    qx += dx;
                    qy += dy;
                    qz += dz;
                }
                chg += qx * qx + qy * qy + qz * qz;
            }
            sq = cx + cy + cz;
            double origins = nf - lag;
            msd[i] = sq / (ns * origins);
            mscd[i] = chg / origins / ns;
            comps[3 * i] = cx / (ns * origins);
            comps[3 * i + 1] = cy / (ns * origins);
            comps[3 * i + 2] = cz / (ns * origins);
        });

        var times = lags.Select(l => l * timeStepFs).ToArray();
        if (times.Length < 2)
        {
            // Too few frames for two lags: bad input (a short stretch), not a programming error.
            throw new InputException(src, "", "need at least two (t, MSD) points of equal count");
        }
        var (dSelf, dSelfErr) = DiffusivityFromMsd(msd, times);
        var (dChg, dChgErr) = DiffusivityFromMsd(mscd, times);
        var dComp = new double[3];
        for (int c = 0; c < 3; c++)
        {
            var y = new double[nl];
            for (int i = 0; i < nl; i++)
                y[i] = comps[3 * i + c];
            dComp[c] = 3 * DiffusivityFromMsd(y, times).D;
        }

        double volume = Math.Abs(lattice0!.Volume);
        double conv = ConversionFactor(ns, volume, charge, temperatureK);

        var maxDisp = new Dictionary<string, double>();
        double maxFramework = 0;
        for (int a = 0; a < n; a++)
        {
            double m = Math.Sqrt(maxSq[a]);
            var el = header.Elements[a];
            maxDisp[el] = maxDisp.TryGetValue(el, out var old) ? Math.Max(old, m) : m;
            if (!isSel[a])
                maxFramework = Math.Max(maxFramework, m);
        }

        return new DiffusionResult
        {
            Species = species, AtomCount = ns, Frames = nf, TimeStepFs = timeStepFs, TemperatureK = temperatureK, Charge = charge,
            VolumeA3 = volume, Lags = lags.ToArray(), LagTimesFs = times, Msd = msd, Mscd = mscd, MsdComponents = comps,
            Diffusivity = dSelf, DiffusivityStdErr = dSelfErr, ChargeDiffusivity = dChg, ChargeDiffusivityStdErr = dChgErr,
            DiffusivityComponents = dComp,
            Conductivity = dSelf * conv, ConductivityStdErr = dSelfErr * conv,
            ChargeConductivity = dChg * conv, ChargeConductivityStdErr = dChgErr * conv,
            ConversionFactor = conv, MaxDisplacement = maxDisp, MaxFrameworkDisplacement = maxFramework,
        };
    }

    /// <summary>
    /// pymatgen's <c>get_diffusivity_from_msd</c> for smoothed = "max": least squares of MSD = m·t + c with the rows
    /// weighted by 1/√t; D = max(m, 1e−15) / 60 (cm²/s for Å² and fs); its standard error
    /// √(n·RSS_w / ((n·Σt'² − (Σt')²)(n − 2))) / 60 / 1000 with t' = t / 1000 fs (NaN for fewer than 3 points).
    /// </summary>
    public static (double D, double StdErr) DiffusivityFromMsd(IReadOnlyList<double> msd, IReadOnlyList<double> timesFs)
    {
        int n = timesFs.Count;
        if (msd.Count != n || n < 2)
            throw new ArgumentException("need at least two (t, MSD) points of equal count");
        double sw = 0, swx = 0, swy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = 1 / timesFs[i];
            sw += w;
            swx += w * timesFs[i];
            swy += w * msd[i];
        }
        double xm = swx / sw, ym = swy / sw, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = 1 / timesFs[i], dx = timesFs[i] - xm;
            sxx += w * dx * dx;
            sxy += w * dx * (msd[i] - ym);
        }
        double m = sxy / sxx, c = ym - m * xm, res = 0;
        for (int i = 0; i < n; i++)
        {
            double r = msd[i] - m * timesFs[i] - c;
            res += r * r / timesFs[i];
        }
        double d = Math.Max(m, 1e-15) / 60;
        double s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++)
        {
            double t = timesFs[i] / 1000;
            s1 += t;
            s2 += t * t;
        }
        double denom = (n * s2 - s1 * s1) * (n - 2);
        double err = n > 2 ? Math.Sqrt(n * res / denom) / 60 / 1000 : double.NaN;
        return (d, err);
    }

    /// <summary>
    /// Nernst–Einstein factor, conductivity (mS/cm) = factor × diffusivity (cm²/s):
    /// 1000 · N / (V·10⁻²⁴ · N_A) · z² · (N_A e)² / (R T), as pymatgen's <c>get_conversion_factor</c>.
    /// </summary>
    public static double ConversionFactor(int ions, double volumeA3, double charge, double temperatureK)
    {
        double vol = volumeA3 * 1e-24;
        double f = Avogadro * ElementaryCharge;
        return 1000 * ions / (vol * Avogadro) * charge * charge * f * f / (GasConstant * temperatureK);
    }

    /// <summary>
    /// The charge used for the conductivity when none is given: +1 for H, the alkali metals, Ag, Cu, Tl; +2 for the
    /// alkaline earths and Zn; +3 for Al, Ga, Sc, Y, La; −1 for the halides; −2 for O, S, Se; otherwise an
    /// <see cref="InputException"/> (naming <paramref name="src"/>) asks for it.
    /// </summary>
    public static double DefaultCharge(string species, string src = "") => species switch
    {
        "H" or "Li" or "Na" or "K" or "Rb" or "Cs" or "Ag" or "Cu" or "Tl" => 1,
        "Be" or "Mg" or "Ca" or "Sr" or "Ba" or "Zn" => 2,
        "Al" or "Ga" or "Sc" or "Y" or "La" => 3,
        "F" or "Cl" or "Br" or "I" => -1,
        "O" or "S" or "Se" => -2,
        _ => throw new InputException(src, "", $"no default charge for {species}: give the ion charge for the conductivity"),
    };
}
