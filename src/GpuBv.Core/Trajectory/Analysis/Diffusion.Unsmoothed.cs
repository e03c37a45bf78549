using GpuBv.Crystal;

namespace GpuBv.Trajectory.Analysis;

public static partial class Diffusion
{
    /// <summary>
    /// pymatgen's smoothed=False: the drift-corrected displacement of every ion from the first frame, MSD(t) over the
    /// ions for every frame t = 0 … N − 1, D from an unweighted least-squares line (slope / 60, cm²/s). Streams: O(atoms).
    /// </summary>
    /// <param name="reader">The trajectory (positions unwrapped on the fly).</param>
    /// <param name="species">The mobile species (element symbol).</param>
    /// <param name="dt">Time between frames (fs).</param>
    /// <param name="temperature">Temperature (K), for the conductivity.</param>
    /// <param name="charge">Ion charge, for the conductivity.</param>
    /// <exception cref="InputException">The stretch has fewer than 3 frames.</exception>
    public static DiffusionResult ComputeUnsmoothed(ITrajectoryReader reader, string species, double dt, double temperature, double charge)
    {
        var h = reader.Header;
        int n = h.AtomCount;
        int[] sel = h.IndicesOf(species);
        var isSel = new bool[n];
        foreach (int i in sel)
            isSel[i] = true;
        int[] fw = Enumerable.Range(0, n).Where(i => !isSel[i]).ToArray();
        var unw = new Unwrapper();
        Vec3[]? start = null;
        Lattice? lat0 = null;
        var msd = new List<double>();
        var mscd = new List<double>();
        var comps = new List<double>();
        var maxSq = new double[n];
        while (reader.TryRead(out var frame))
        {
            unw.Add(frame);
            var pos = unw.Positions;
            if (start is null)
            {
                start = pos.ToArray();
                lat0 = frame.Lattice;
            }
            Vec3 drift = Vec3.Zero;
            if (fw.Length > 0)
            {
                foreach (int a in fw)
                    drift += pos[a] - start[a];
                drift = drift * (1.0 / fw.Length);
            }
            double cx = 0, cy = 0, cz = 0;
            Vec3 sum = Vec3.Zero;
            for (int a = 0; a < n; a++)
            {
                var d = pos[a] - start[a] - drift;
                maxSq[a] = Math.Max(maxSq[a], Vec3.Dot(d, d));
                if (!isSel[a])
                    continue;
                cx += d.X * d.X;
                cy += d.Y * d.Y;
                cz += d.Z * d.Z;
                sum += d;
            }
            int ns = sel.Length;
            msd.Add((cx + cy + cz) / ns);
            comps.AddRange([cx / ns, cy / ns, cz / ns]);
            mscd.Add(Vec3.Dot(sum, sum) / ns);
        }
        int nf = msd.Count;
        if (nf < 3)
            throw new InputException(h.Source, "", $"the unsmoothed diffusivity needs at least 3 frames, the stretch has {nf}");
        var times = Enumerable.Range(0, nf).Select(i => i * dt).ToArray();
        var (d0, e0) = Ols(times, msd);
        var (dq, eq) = Ols(times, mscd);
        var dc = new double[3];
        for (int c = 0; c < 3; c++)
            dc[c] = 3 * Ols(times, Enumerable.Range(0, nf).Select(i => comps[3 * i + c]).ToList()).D;
        double volume = Math.Abs(lat0!.Volume);
        double conv = ConversionFactor(sel.Length, volume, charge, temperature);
        var maxDisp = new Dictionary<string, double>();
        double maxFw = 0;
        for (int a = 0; a < n; a++)
        {
            double m = Math.Sqrt(maxSq[a]);
            maxDisp[h.Elements[a]] = maxDisp.TryGetValue(h.Elements[a], out var old) ? Math.Max(old, m) : m;
            if (!isSel[a])
                maxFw = Math.Max(maxFw, m);
        }
        return new DiffusionResult
        {
            Species = species, AtomCount = sel.Length, Frames = nf, TimeStepFs = dt, TemperatureK = temperature, Charge = charge,
            VolumeA3 = volume, Lags = Enumerable.Range(0, nf).ToArray(), LagTimesFs = times, Msd = msd.ToArray(), Mscd = mscd.ToArray(),
            MsdComponents = comps.ToArray(), Diffusivity = d0, DiffusivityStdErr = e0, ChargeDiffusivity = dq, ChargeDiffusivityStdErr = eq,
            DiffusivityComponents = dc, Conductivity = d0 * conv, ConductivityStdErr = e0 * conv, ChargeConductivity = dq * conv,
            ChargeConductivityStdErr = eq * conv, ConversionFactor = conv, MaxDisplacement = maxDisp, MaxFrameworkDisplacement = maxFw,
        };
    }

    /// <summary>Unweighted least squares; D = max(slope, 1e−15) / 60 and pymatgen's standard error √(n·RSS /
    /// ((nΣt² − (Σt)²)(n − 2))) / 60.</summary>
    private static (double D, double Err) Ols(double[] t, IReadOnlyList<double> y)
    {
        int n = t.Length;
        double st = 0, sy = 0, stt = 0, sty = 0;
        for (int i = 0; i < n; i++)
        {
            st += t[i];
            sy += y[i];
            stt += t[i] * t[i];
            sty += t[i] * y[i];
        }
        double den = n * stt - st * st;
        double m = (n * sty - st * sy) / den, c = (sy - m * st) / n, rss = 0;
        for (int i = 0; i < n; i++)
        {
            double r = y[i] - m * t[i] - c;
            rss += r * r;
        }
        return (Math.Max(m, 1e-15) / 60, Math.Sqrt(n * rss / (den * (n - 2))) / 60);
    }
}
