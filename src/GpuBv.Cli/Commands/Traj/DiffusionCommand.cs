using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GpuBv.Cli.Plots;
using GpuBv.Crystal;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using static GpuBv.Cli.Commands.Traj.TrajOutput;

namespace GpuBv.Cli.Commands.Traj;

/// <summary><c>gpubv traj diffusion</c>: MSD, self and charge diffusivity, Nernst–Einstein conductivity, Haven ratio (pymatgen DiffusionAnalyzer conventions).</summary>
internal static class DiffusionCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new TrajOptions();
        var species = new Option<string>("--species") { Description = "The mobile species, e.g. Li.", Required = true };
        var temperature = new Option<double>("--temperature") { Description = "Temperature in K (for the conductivity).", Required = true };
        var charge = new Option<double?>("--charge") { Description = "Ion charge for the conductivity (default: +1 alkali/Ag/Cu/H, +2 alkaline earth/Zn, +3 Al/Ga/Sc/Y/La, −1 halide, −2 O/S/Se)." };
        var smoothed = new Option<string>("--smoothed")
        {
            Description = "max: MSD over every time origin, lags from 1000 fs to N_ions·N_frames/30 frames, fit weighted by 1/t (pymatgen's default); " +
                          "none: displacement from the first frame only, every frame a point, unweighted fit.",
            DefaultValueFactory = _ => "max",
        };
        smoothed.AcceptOnlyFromAmong("max", "none");
        var png = new Option<string?>("--png") { Description = "Draw the MSD (and charge MSD) against time with the fitted line to FILE." };
        var cmd = new Command("diffusion",
            "Mean square displacement, self diffusivity D (cm²/s), charge diffusivity, Nernst–Einstein conductivity σ (mS/cm), Haven ratio and largest displacements, " +
            "following pymatgen-analysis-diffusion's DiffusionAnalyzer (unwrapped positions, drift corrected by the mean displacement of all other atoms). " +
            "Memory: --smoothed max keeps the species' unwrapped positions, N_species × N_frames × 3 doubles (refused beyond 25 % of the available memory); none streams.");
        o.AddTo(cmd);
        foreach (var opt in new Option[] { species, temperature, charge, smoothed, png }) cmd.Options.Add(opt);
        cmd.SetAction(p => o.Execute(p, stderr, ctx =>
        {
            var inv = CultureInfo.InvariantCulture;
            string el = ctx.Species(p.GetValue(species)!);
            double temp = p.GetValue(temperature);
            if (!(temp > 0) || !double.IsFinite(temp)) throw new InputException("--temperature", temp.ToString(inv), "must be a positive number of K");
            double? q = p.GetValue(charge);
            if (q is double qq && (qq == 0 || !double.IsFinite(qq))) throw new InputException("--charge", qq.ToString(inv), "must be a nonzero number");
            bool max = p.GetValue(smoothed) == "max";
            var r = max
                ? Diffusion.Compute(ctx.Stream, el, ctx.DtFs, temp, new DiffusionOptions { Charge = q })
                : Unsmoothed(ctx.Stream, el, ctx.DtFs, temp, q ?? Diffusion.DefaultCharge(el, ctx.Path));

            int nl = r.Lags.Length;
            // pymatgen floors the fitted slope at 1e-15 Å²/fs; a charge MSD that does not grow makes the Haven ratio meaningless.
            bool floored = r.ChargeDiffusivity <= 1e-15 / 60 * (1 + 1e-9);
            if (floored)
                stderr.WriteLine("gpubv: warning: the charge MSD does not grow over the fitted lags (slope ≤ 0): the charge diffusivity is pymatgen's floor 1e-15/60 cm²/s and the Haven ratio is meaningless (the run is too short for collective diffusion)");
            ctx.WriteCsv(["lag_ps", "msd_A2", "mscd_A2", "msd_x_A2", "msd_y_A2", "msd_z_A2"], Enumerable.Range(0, nl).Select(i =>
                (IEnumerable<string>)[F(r.LagTimesFs[i] / 1000), F(r.Msd[i]), F(r.Mscd[i]), F(r.MsdComponents[3 * i]), F(r.MsdComponents[3 * i + 1]), F(r.MsdComponents[3 * i + 2])]));

            if (p.GetValue(png) is string path)
            {
                var t = r.LagTimesFs.Select(x => x / 1000).ToArray();
                var (m, c) = Fit(r.LagTimesFs, r.Msd, max);
                var (mq, cq) = Fit(r.LagTimesFs, r.Mscd, max);
                var panel = new PlotPanel("time (ps)", "MSD (Å²)",
                [
                    new PlotSeries($"MSD {el}", t, r.Msd, Markers: true),
                    new PlotSeries(string.Create(inv, $"fit: D = {r.Diffusivity:0.###E+0} cm²/s"), t, r.LagTimesFs.Select(x => m * x + c).ToArray()),
                    new PlotSeries("charge MSD / N", t, r.Mscd, Markers: true),
                    new PlotSeries(string.Create(inv, $"fit: D_charge = {r.ChargeDiffusivity:0.###E+0} cm²/s"), t, r.LagTimesFs.Select(x => mq * x + cq).ToArray()),
                ]);
                Write(path, () => TrajPlots.Panels(path, string.Create(inv, $"{el} in {Path.GetFileName(ctx.Path)}, {temp:0.#} K, smoothed {(max ? "max" : "none")}"), [panel], 900, 560));
            }

            if (ctx.Json)
            {
                var obj = ctx.JsonHead("diffusion");
                obj["species"] = el;
                obj["ions"] = r.AtomCount;
                obj["temperature_K"] = temp;
                obj["charge"] = r.Charge;
                obj["smoothed"] = max ? "max" : "none";
                obj["D_cm2_s"] = Exact(r.Diffusivity);
                obj["D_stderr_cm2_s"] = Exact(r.DiffusivityStdErr);
                obj["D_components_cm2_s"] = new JsonArray(r.DiffusivityComponents.Select(Exact).ToArray());
                obj["sigma_mS_cm"] = Exact(r.Conductivity);
                obj["sigma_stderr_mS_cm"] = Exact(r.ConductivityStdErr);
                obj["charge_D_cm2_s"] = Exact(r.ChargeDiffusivity);
                obj["charge_D_stderr_cm2_s"] = Exact(r.ChargeDiffusivityStdErr);
                obj["charge_sigma_mS_cm"] = Exact(r.ChargeConductivity);
                obj["haven_ratio"] = Exact(r.HavenRatio);
                obj["charge_D_floored"] = floored;
                obj["max_displacement"] = new JsonObject(r.MaxDisplacement.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => KeyValuePair.Create(kv.Key, Num(kv.Value, 6))));
                obj["max_framework_displacement"] = Num(r.MaxFrameworkDisplacement, 6);
                obj["volume_A3"] = Num(r.VolumeA3, 6);
                obj["lags"] = new JsonObject { ["count"] = nl, ["first_ps"] = Num(r.LagTimesFs[0] / 1000), ["last_ps"] = Num(r.LagTimesFs[^1] / 1000) };
                ctx.WriteJson(stdout, obj);
            }
            else
            {
                stdout.WriteLine($"file:        {ctx.Path} ({r.Frames} frames, {r.AtomCount} {el}, {G(temp)} K, smoothed {(max ? "max" : "none")})");
                stdout.WriteLine(string.Create(inv, $"D:           {r.Diffusivity:0.####E+0} ± {r.DiffusivityStdErr:0.##E+0} cm²/s   (x, y, z: {string.Join(", ", r.DiffusivityComponents.Select(x => x.ToString("0.###E+0", inv)))})"));
                stdout.WriteLine(string.Create(inv, $"σ:           {r.Conductivity:0.####} ± {r.ConductivityStdErr:0.###} mS/cm (charge {r.Charge:+0.##;-0.##})"));
                stdout.WriteLine(string.Create(inv, $"D_charge:    {r.ChargeDiffusivity:0.####E+0} cm²/s, σ_charge {r.ChargeConductivity:0.####} mS/cm, Haven ratio {r.HavenRatio:0.###}"));
                stdout.WriteLine("max displacement (Å): " + string.Join(", ", r.MaxDisplacement.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {G(kv.Value, "0.##")}")));
            }
        }));
        return cmd;
    }

    /// <summary>Least squares MSD = m·t + c, rows weighted by 1/t (smoothed max) or not; for drawing the fitted line.</summary>
    private static (double m, double c) Fit(double[] t, double[] y, bool weighted)
    {
        double sw = 0, swx = 0, swy = 0;
        for (int i = 0; i < t.Length; i++) { double w = weighted ? 1 / t[i] : 1; sw += w; swx += w * t[i]; swy += w * y[i]; }
        double xm = swx / sw, ym = swy / sw, sxx = 0, sxy = 0;
        for (int i = 0; i < t.Length; i++) { double w = weighted ? 1 / t[i] : 1; sxx += w * (t[i] - xm) * (t[i] - xm); sxy += w * (t[i] - xm) * (y[i] - ym); }
        double m = sxx > 0 ? sxy / sxx : 0;
        return (m, ym - m * xm);
    }

    /// <summary>
    /// pymatgen's smoothed=False: the drift-corrected displacement of every ion from the first frame, MSD(t) over the
    /// ions for every frame t = 0 … N − 1, D from an unweighted least-squares line (slope / 60, cm²/s). Streams: O(atoms).
    /// </summary>
    private static DiffusionResult Unsmoothed(ITrajectoryReader reader, string species, double dt, double temperature, double charge)
    {
        var h = reader.Header;
        int n = h.AtomCount;
        int[] sel = h.IndicesOf(species);
        var isSel = new bool[n];
        foreach (int i in sel) isSel[i] = true;
        int[] fw = Enumerable.Range(0, n).Where(i => !isSel[i]).ToArray();
        var unw = new Unwrapper();
        Vec3[]? start = null;
        Lattice? lat0 = null;
        var msd = new List<double>(); var mscd = new List<double>(); var comps = new List<double>();
        var maxSq = new double[n];
        while (reader.TryRead(out var frame))
        {
            unw.Add(frame);
            var pos = unw.Positions;
            if (start is null) { start = pos.ToArray(); lat0 = frame.Lattice; }
            Vec3 drift = Vec3.Zero;
            if (fw.Length > 0)
            {
                foreach (int a in fw) drift += pos[a] - start[a];
                drift = drift * (1.0 / fw.Length);
            }
            double cx = 0, cy = 0, cz = 0; Vec3 sum = Vec3.Zero;
            for (int a = 0; a < n; a++)
            {
                var d = pos[a] - start[a] - drift;
                maxSq[a] = Math.Max(maxSq[a], Vec3.Dot(d, d));
                if (!isSel[a]) continue;
                cx += d.X * d.X; cy += d.Y * d.Y; cz += d.Z * d.Z;
                sum += d;
            }
            int ns = sel.Length;
            msd.Add((cx + cy + cz) / ns);
            comps.AddRange([cx / ns, cy / ns, cz / ns]);
            mscd.Add(Vec3.Dot(sum, sum) / ns);
        }
        int nf = msd.Count;
        if (nf < 3) throw new InputException(h.Source, "", $"the unsmoothed diffusivity needs at least 3 frames, the stretch has {nf}");
        var times = Enumerable.Range(0, nf).Select(i => i * dt).ToArray();
        var (d0, e0) = Ols(times, msd);
        var (dq, eq) = Ols(times, mscd);
        var dc = new double[3];
        for (int c = 0; c < 3; c++) dc[c] = 3 * Ols(times, Enumerable.Range(0, nf).Select(i => comps[3 * i + c]).ToList()).D;
        double volume = Math.Abs(lat0!.Volume);
        double conv = Diffusion.ConversionFactor(sel.Length, volume, charge, temperature);
        var maxDisp = new Dictionary<string, double>();
        double maxFw = 0;
        for (int a = 0; a < n; a++)
        {
            double m = Math.Sqrt(maxSq[a]);
            maxDisp[h.Elements[a]] = maxDisp.TryGetValue(h.Elements[a], out var old) ? Math.Max(old, m) : m;
            if (!isSel[a]) maxFw = Math.Max(maxFw, m);
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

    /// <summary>Unweighted least squares; D = max(slope, 1e−15) / 60 and pymatgen's standard error √(n·RSS / ((nΣt² − (Σt)²)(n − 2))) / 60.</summary>
    private static (double D, double Err) Ols(double[] t, IReadOnlyList<double> y)
    {
        int n = t.Length;
        double st = 0, sy = 0, stt = 0, sty = 0;
        for (int i = 0; i < n; i++) { st += t[i]; sy += y[i]; stt += t[i] * t[i]; sty += t[i] * y[i]; }
        double den = n * stt - st * st;
        double m = (n * sty - st * sy) / den, c = (sy - m * st) / n, rss = 0;
        for (int i = 0; i < n; i++) { double r = y[i] - m * t[i] - c; rss += r * r; }
        return (Math.Max(m, 1e-15) / 60, Math.Sqrt(n * rss / (den * (n - 2))) / 60);
    }
}
