using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GpuBv.Cli.Plots;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Cli.Commands;

/// <summary>
/// <c>gpubv shm</c>: the simple harmonic coupling model (DESIGN §5, paper S12/S13). Units: amplitudes in Å, angular
/// frequencies ω in rad/ps, phases in rad, times in ps.
/// </summary>
internal static class ShmCommand
{
    private const int Samples = 2000;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var ac = new Option<double>("--ac") { Description = "Cation vibration amplitude A_c (Å).", Required = true };
        var aa = new Option<double>("--aa") { Description = "Anion vibration amplitude A_a (Å).", Required = true };
        var wc = new Option<double>("--wc") { Description = "Cation angular frequency ω_c (rad/ps; 2π × 10 THz ≈ 62.8).", DefaultValueFactory = _ => 50.0 };
        var wa = new Option<double?>("--wa") { Description = "Anion angular frequency ω_a (rad/ps; default: ω_c)." };
        var phic = new Option<double>("--phic") { Description = "Cation phase φ_c (rad).", DefaultValueFactory = _ => 0.0 };
        var phia = new Option<double>("--phia") { Description = "Anion phase φ_a (rad).", DefaultValueFactory = _ => 0.0 };
        var duration = new Option<double?>("--duration") { Description = "Time span drawn and sampled (ps; default: two beat periods, or three vibration periods for equal frequencies)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var png = new Option<string?>("--png") { Description = "Draw the perpendicular-vibration path (ellipse or Lissajous figure) and A_c'(t) with the enhanced stretches shaded to FILE." };
        var cmd = new Command("shm",
            "Simple harmonic coupling model: a cation x_c = A_c cos(ω_c t + φ_c) next to an anion x_a = A_a cos(ω_a t + φ_a) along the same direction moves with " +
            "A_c' = sqrt(A_c² + A_a² + 2 A_c A_a cos Δ(t)), Δ(t) = (ω_c − ω_a) t + φ_c − φ_a; enhanced (A_c' > A_c) when cos Δ > −A_a/(2A_c). " +
            "Units: Å, rad/ps, rad, ps.")
        {
            ac, aa, wc, wa, phic, phia, duration, json, png,
        };
        cmd.SetAction(p =>
        {
            var inv = CultureInfo.InvariantCulture;
            double Ac = p.GetValue(ac), Aa = p.GetValue(aa), Wc = p.GetValue(wc), Wa = p.GetValue(wa) ?? Wc, Pc = p.GetValue(phic), Pa = p.GetValue(phia);
            if (!(Ac > 0) || !double.IsFinite(Ac)) throw new InputException("--ac", Ac.ToString(inv), "must be a positive amplitude in Å");
            if (!(Aa > 0) || !double.IsFinite(Aa)) throw new InputException("--aa", Aa.ToString(inv), "must be a positive amplitude in Å");
            if (!(Wc >= 0) || !double.IsFinite(Wc)) throw new InputException("--wc", Wc.ToString(inv), "must be an angular frequency ≥ 0 (rad/ps)");
            if (!(Wa >= 0) || !double.IsFinite(Wa)) throw new InputException("--wa", Wa.ToString(inv), "must be an angular frequency ≥ 0 (rad/ps)");
            if (!double.IsFinite(Pc)) throw new InputException("--phic", Pc.ToString(inv), "must be a finite phase (rad)");
            if (!double.IsFinite(Pa)) throw new InputException("--phia", Pa.ToString(inv), "must be a finite phase (rad)");
            bool equal = Wc == Wa;
            double? beat = equal ? null : HarmonicCoupling.BeatPeriod(Wc, Wa);
            double? window = equal ? null : HarmonicCoupling.EnhancementWindow(Ac, Aa, Wc, Wa);
            double dur = p.GetValue(duration) ?? (beat is double b ? 2 * b : Wc > 0 ? 3 * 2 * Math.PI / Wc : 1.0);
            if (!(dur > 0) || !double.IsFinite(dur)) throw new InputException("--duration", dur.ToString(inv), "must be a positive time in ps");

            double delta0 = HarmonicCoupling.PhaseDifference(Wc, Wa, Pc, Pa, 0);
            double acp0 = HarmonicCoupling.CoupledAmplitude(Ac, Aa, delta0);
            bool enhanced0 = HarmonicCoupling.IsEnhanced(Ac, Aa, delta0);
            double threshold = -Aa / (2 * Ac);
            double critical = HarmonicCoupling.CriticalPhaseDifference(Ac, Aa);
            double reduced = HarmonicCoupling.ReducedPhaseDifference(Pc, Pa);
            bool always = Aa > 2 * Ac;
            // Fraction of time enhanced: equal frequencies 1 or 0; unequal the window over the beat period.
            double fraction = equal ? (enhanced0 ? 1 : 0) : window!.Value / beat!.Value;
            var amp = HarmonicCoupling.SampleCoupledAmplitude(Ac, Aa, Wc, Wa, Pc, Pa, dur, Samples);

            if (p.GetValue(png) is string path)
            {
                var path2 = HarmonicCoupling.SamplePerpendicular(Ac, Aa, Wc, Wa, Pc, Pa, dur, Samples);
                var left = new PlotPanel("cation x = A_c cos(ω_c t + φ_c) (Å)", "anion y = A_a cos(ω_a t + φ_a) (Å)", [new PlotSeries(null, path2.X, path2.Y)])
                {
                    Title = equal ? "perpendicular vibrations: ellipse" : "perpendicular vibrations: Lissajous figure",
                    SquareAxes = true,
                };
                var right = new PlotPanel("t (ps)", "A_c'(t) (Å)", [new PlotSeries("A_c'(t)", amp.Times, amp.Amplitude)])
                {
                    Title = "parallel vibrations: coupled amplitude (shaded: A_c' > A_c)",
                    Spans = TrajPlots.Stretches(amp.Times, amp.Enhanced),
                    HLines = [Ac],
                };
                string title = string.Create(inv, $"A_c = {Ac} Å, A_a = {Aa} Å, ω_c = {Wc} rad/ps, ω_a = {Wa} rad/ps, φ_c = {Pc}, φ_a = {Pa} rad");
                try { TrajPlots.Panels(path, title, [left, right], 620, 560, sideBySide: true); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InputException(path, "", $"cannot write: {e.Message}"); }
            }

            if (p.GetValue(json))
            {
                var obj = new JsonObject
                {
                    ["units"] = "amplitudes A, angular frequencies rad/ps, phases rad, times ps",
                    ["A_c"] = Ac, ["A_a"] = Aa, ["omega_c"] = Wc, ["omega_a"] = Wa, ["phi_c"] = Pc, ["phi_a"] = Pa,
                    ["equal_frequencies"] = equal,
                    ["delta0"] = delta0,
                    ["A_c_prime"] = acp0,
                    ["enhanced"] = enhanced0,
                    ["enhancement_threshold_cos"] = threshold,
                    ["always_enhanced"] = always,
                    ["critical_phase_difference"] = critical,
                    ["reduced_phase_difference"] = reduced,
                    ["beat_period"] = beat,
                    ["enhancement_window"] = window,
                    ["enhanced_fraction"] = fraction,
                    ["A_c_prime_min"] = Math.Abs(Ac - Aa),
                    ["A_c_prime_max"] = Ac + Aa,
                    ["A_c_prime_sampled_min"] = amp.Amplitude.Min(),
                    ["A_c_prime_sampled_max"] = amp.Amplitude.Max(),
                    ["duration"] = dur,
                };
                stdout.WriteLine(obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                stdout.WriteLine(string.Create(inv, $"A_c' at t = 0:  {acp0:0.#####} Å (Δ = {delta0:0.####} rad) — {(enhanced0 ? "enhanced" : "not enhanced")} (A_c = {Ac} Å)"));
                stdout.WriteLine(string.Create(inv, $"enhanced when:  cos Δ > −A_a/(2A_c) = {threshold:0.####}{(always ? " (A_a > 2A_c: always)" : "")}"));
                if (equal)
                    stdout.WriteLine(string.Create(inv, $"equal ω:        critical phase difference arccos(−A_a/(2A_c)) = {critical:0.####} rad ({critical * 180 / Math.PI:0.##}°); |φ_c − φ_a| reduced = {reduced:0.####} rad"));
                else
                    stdout.WriteLine(string.Create(inv, $"unequal ω:      beat period {beat:0.#####} ps, one enhancement window of {window:0.#####} ps per beat ({100 * fraction:0.#} % of the time)"));
                stdout.WriteLine(string.Create(inv, $"A_c' range:     {Math.Abs(Ac - Aa):0.####} … {Ac + Aa:0.####} Å"));
            }
            return 0;
        });
        return cmd;
    }
}
