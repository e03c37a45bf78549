using System.CommandLine;
using System.Globalization;
using GpuBv.Cli.Plots;
using GpuBv.Cli.Reports;
using GpuBv.Cli.Reports.Traj;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Cli.Commands;

/// <summary>
/// <c>gpubv shm</c>: the simple harmonic coupling model (DESIGN §5, paper S12/S13). Units: amplitudes in Å, angular
/// frequencies ω in rad/ps, phases in rad, times in ps.
/// </summary>
internal static class ShmCommand
{
    private const int Samples = 2000;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var ac = new Option<double>("--ac") { Description = "Cation vibration amplitude A_c (Å).", Required = true };
        var aa = new Option<double>("--aa") { Description = "Anion vibration amplitude A_a (Å).", Required = true };
        var wc = new Option<double>("--wc")
        {
            Description = "Cation angular frequency ω_c (rad/ps; 2π × 10 THz ≈ 62.8).",
            DefaultValueFactory = _ => 50.0
        };
        var wa = new Option<double?>("--wa") { Description = "Anion angular frequency ω_a (rad/ps; default: ω_c)." };
        var phic = new Option<double>("--phic") { Description = "Cation phase φ_c (rad).", DefaultValueFactory = _ => 0.0 };
        var phia = new Option<double>("--phia") { Description = "Anion phase φ_a (rad).", DefaultValueFactory = _ => 0.0 };
        var duration = new Option<double?>("--duration")
        {
            Description = "Time span drawn and sampled (ps; default: two beat periods, or three vibration periods for equal frequencies).",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var png = new Option<string?>("--png")
        {
            Description =
                "Draw the perpendicular-vibration path (ellipse or Lissajous figure) and A_c'(t) with the enhanced stretches shaded "
                    + "to FILE.",
        };
        var cmd = new Command("shm",
            "Simple harmonic coupling model: a cation x_c = A_c cos(ω_c t + φ_c) next to an anion x_a = A_a cos(ω_a t + φ_a) "
                + "along the same direction moves with "
            + "A_c' = sqrt(A_c² + A_a² + 2 A_c A_a cos Δ(t)), Δ(t) = (ω_c − ω_a) t + φ_c − φ_a; enhanced (A_c' > A_c) "
                + "when cos Δ > −A_a/(2A_c). "
            + "Units: Å, rad/ps, rad, ps.")
        {
            ac, aa, wc, wa, phic, phia, duration, json, png,
        };
        cmd.SetAction(p =>
        {
            double a = Check("--ac", p.GetValue(ac), v => v > 0, "must be a positive amplitude in Å");
            double b = Check("--aa", p.GetValue(aa), v => v > 0, "must be a positive amplitude in Å");
            double c = Check("--wc", p.GetValue(wc), v => v >= 0, "must be an angular frequency ≥ 0 (rad/ps)");
            double w = Check("--wa", p.GetValue(wa) ?? c, v => v >= 0, "must be an angular frequency ≥ 0 (rad/ps)");
            double pc = Check("--phic", p.GetValue(phic), _ => true, "must be a finite phase (rad)");
            double pa = Check("--phia", p.GetValue(phia), _ => true, "must be a finite phase (rad)");
            double dur = Check("--duration", p.GetValue(duration) ?? HarmonicCouplingSummary.DefaultDuration(c, w), v => v > 0,
                "must be a positive time in ps");
            var s = HarmonicCouplingSummary.Compute(a, b, c, w, pc, pa, dur, Samples);
            if (p.GetValue(png) is string path)
            {
                Draw(path, s);
            }
            if (p.GetValue(json))
            {
                ReportJson.Write(stdout, Report(s));
            }
            else
            {
                WriteText(stdout, s);
            }
            return 0;
        });
        return cmd;
    }

    private static double Check(string flag, double value, Func<double, bool> valid, string problem)
    {
        if (!valid(value) || !double.IsFinite(value))
        {
            throw new InputException(flag, value.ToString(Inv), problem);
        }
        return value;
    }

    private static void Draw(string path, HarmonicCouplingSummary s)
    {
        var curve = HarmonicCoupling.SamplePerpendicular(s.Ac, s.Aa, s.OmegaC, s.OmegaA, s.PhiC, s.PhiA, s.Duration, Samples);
        var left = new PlotPanel("cation x = A_c cos(ω_c t + φ_c) (Å)", "anion y = A_a cos(ω_a t + φ_a) (Å)",
            [new PlotSeries(null, curve.X, curve.Y)])
        {
            Title = s.EqualFrequencies ? "perpendicular vibrations: ellipse" : "perpendicular vibrations: Lissajous figure",
            SquareAxes = true,
        };
        var amp = s.Amplitude;
        var right = new PlotPanel("t (ps)", "A_c'(t) (Å)", [new PlotSeries("A_c'(t)", amp.Times, amp.Amplitude)])
        {
            Title = "parallel vibrations: coupled amplitude (shaded: A_c' > A_c)",
            Spans = TrajPlots.Stretches(amp.Times, amp.Enhanced),
            HLines = [s.Ac],
        };
        string title = string.Create(Inv,
            $"A_c = {s.Ac} Å, A_a = {s.Aa} Å, ω_c = {s.OmegaC} rad/ps, ω_a = {s.OmegaA} rad/ps, φ_c = {s.PhiC}, φ_a = {s.PhiA} rad");
        try
        {
            TrajPlots.Panels(path, title, [left, right], 620, 560, sideBySide: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, "", $"cannot write: {e.Message}");
        }
    }

    private static ShmReport Report(HarmonicCouplingSummary s) => new()
    {
        Ac = s.Ac, Aa = s.Aa, OmegaC = s.OmegaC, OmegaA = s.OmegaA, PhiC = s.PhiC, PhiA = s.PhiA,
        EqualFrequencies = s.EqualFrequencies,
        Delta0 = s.Delta0,
        AcPrime = s.CoupledAmplitude0,
        Enhanced = s.Enhanced0,
        EnhancementThresholdCos = s.Threshold,
        AlwaysEnhanced = s.AlwaysEnhanced,
        CriticalPhaseDifference = s.CriticalPhaseDifference,
        ReducedPhaseDifference = s.ReducedPhaseDifference,
        BeatPeriod = s.BeatPeriod,
        EnhancementWindow = s.EnhancementWindow,
        EnhancedFraction = s.EnhancedFraction,
        AcPrimeMin = s.MinAmplitude,
        AcPrimeMax = s.MaxAmplitude,
        AcPrimeSampledMin = s.Amplitude.Amplitude.Min(),
        AcPrimeSampledMax = s.Amplitude.Amplitude.Max(),
        Duration = s.Duration,
    };

    private static void WriteText(TextWriter stdout, HarmonicCouplingSummary s)
    {
        string enhanced = s.Enhanced0 ? "enhanced" : "not enhanced";
        stdout.WriteLine(string.Create(Inv,
            $"A_c' at t = 0:  {s.CoupledAmplitude0:0.#####} Å (Δ = {s.Delta0:0.####} rad) — {enhanced} (A_c = {s.Ac} Å)"));
        string always = s.AlwaysEnhanced ? " (A_a > 2A_c: always)" : "";
        stdout.WriteLine(string.Create(Inv, $"enhanced when:  cos Δ > −A_a/(2A_c) = {s.Threshold:0.####}{always}"));
        if (s.EqualFrequencies)
        {
            double critical = s.CriticalPhaseDifference;
            stdout.WriteLine(string.Create(Inv, $"equal ω:        critical phase difference arccos(−A_a/(2A_c)) = {critical:0.####} rad "
                + $"({critical * 180 / Math.PI:0.##}°); |φ_c − φ_a| reduced = {s.ReducedPhaseDifference:0.####} rad"));
        }
        else
        {
            stdout.WriteLine(string.Create(Inv, $"unequal ω:      beat period {s.BeatPeriod:0.#####} ps, one enhancement window of "
                + $"{s.EnhancementWindow:0.#####} ps per beat ({100 * s.EnhancedFraction:0.#} % of the time)"));
        }
        stdout.WriteLine(string.Create(Inv, $"A_c' range:     {s.MinAmplitude:0.####} … {s.MaxAmplitude:0.####} Å"));
    }
}
