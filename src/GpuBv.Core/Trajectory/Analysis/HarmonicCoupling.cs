namespace GpuBv.Trajectory.Analysis;

/// <summary>Sampled perpendicular vibrations x = A_c cos(ω_c t + φ_c), y = A_a cos(ω_a t + φ_a) (an ellipse for equal
/// frequencies, a Lissajous figure otherwise).</summary>
/// <param name="Times">Sample times.</param>
/// <param name="X">Cation coordinate x(t).</param>
/// <param name="Y">Anion coordinate y(t).</param>
public sealed record LissajousCurve(double[] Times, double[] X, double[] Y);

/// <summary>Sampled coupled amplitude A_c'(t) of parallel vibrations.</summary>
/// <param name="Times">Sample times.</param>
/// <param name="Amplitude">A_c'(t).</param>
/// <param name="Enhanced">A_c'(t) &gt; A_c.</param>
public sealed record CoupledAmplitudeCurve(double[] Times, double[] Amplitude, bool[] Enhanced);

/// <summary>
/// The simple harmonic coupling model (DESIGN §5, paper S12/S13): a cation vibrating as x_c = A_c cos(ω_c t + φ_c) next
/// to an anion vibrating along the same direction as x_a = A_a cos(ω_a t + φ_a) moves with the amplitude
/// A_c' = sqrt(A_c² + A_a² + 2 A_c A_a cos Δ(t)), Δ(t) = (ω_c − ω_a) t + (φ_c − φ_a). The coupling enhances the
/// cation's amplitude (A_c' &gt; A_c, strictly) exactly when cos Δ &gt; −A_a / (2 A_c). Angles and phases are in radians;
/// ω in radians per unit of t (any time unit, used consistently). Amplitudes must be &gt; 0, frequencies ≥ 0.
/// </summary>
public static class HarmonicCoupling
{
    /// <summary>Δ(t) = (ω_c − ω_a) t + (φ_c − φ_a).</summary>
    public static double PhaseDifference(double omegaC, double omegaA, double phiC, double phiA, double t)
    {
        CheckFrequency(omegaC, nameof(omegaC));
        CheckFrequency(omegaA, nameof(omegaA));
        CheckFinite(phiC, nameof(phiC));
        CheckFinite(phiA, nameof(phiA));
        CheckFinite(t, nameof(t));
        return (omegaC - omegaA) * t + (phiC - phiA);
    }

    /// <summary>A_c' = sqrt(A_c² + A_a² + 2 A_c A_a cos Δ).</summary>
    public static double CoupledAmplitude(double ac, double aa, double delta)
    {
        CheckAmplitudes(ac, aa);
        CheckFinite(delta, nameof(delta));
        return Math.Sqrt(Math.Max(0, ac * ac + aa * aa + 2 * ac * aa * Math.Cos(delta)));
    }

    /// <summary>−A_a / (2 A_c) clamped to [−1, 1]: cos Δ must exceed it for enhancement.</summary>
    public static double EnhancementThreshold(double ac, double aa)
    {
        CheckAmplitudes(ac, aa);
        return Math.Clamp(-aa / (2 * ac), -1.0, 1.0);
    }

    /// <summary>Whether the coupling enhances the cation's amplitude at phase difference Δ: cos Δ &gt; −A_a / (2 A_c).
    /// For A_a &gt; 2 A_c this holds for every Δ; at A_a = 2 A_c it fails only at Δ = π (mod 2π), where A_c' = A_c.</summary>
    public static bool IsEnhanced(double ac, double aa, double delta)
    {
        CheckAmplitudes(ac, aa);
        CheckFinite(delta, nameof(delta));
        return Math.Cos(delta) > -aa / (2 * ac);
    }

    /// <summary>
    /// Equal frequencies: the critical phase difference arccos(−A_a / (2 A_c)) in [π/2, π] (argument clamped to
    /// [−1, 1]; π when A_a ≥ 2 A_c). The amplitude is enhanced when |φ_c − φ_a|, reduced to [0, π], is below it.
    /// </summary>
    public static double CriticalPhaseDifference(double ac, double aa) => Math.Acos(EnhancementThreshold(ac, aa));

    /// <summary>|φ_c − φ_a| reduced to [0, π] (the distance of the phase difference from the nearest multiple of 2π).</summary>
    public static double ReducedPhaseDifference(double phiC, double phiA)
    {
        CheckFinite(phiC, nameof(phiC));
        CheckFinite(phiA, nameof(phiA));
        double d = Math.IEEERemainder(phiC - phiA, 2 * Math.PI);
        return Math.Min(Math.Abs(d), Math.PI);
    }

    /// <summary>
    /// Equal frequencies: enhanced when the reduced phase difference is below <see cref="CriticalPhaseDifference"/>,
    /// i.e. always when A_a &gt; 2 A_c (and at A_a = 2 A_c for every phase difference but π). Same answer as
    /// <see cref="IsEnhanced"/> at Δ = φ_c − φ_a.
    /// </summary>
    public static bool IsEnhancedEqualFrequency(double ac, double aa, double phiC, double phiA)
        => ReducedPhaseDifference(phiC, phiA) < CriticalPhaseDifference(ac, aa) || aa > 2 * ac;

    /// <summary>Unequal frequencies: the beat period 2π / |ω_c − ω_a| over which Δ sweeps 2π.</summary>
    /// <exception cref="ArgumentException">Equal frequencies (no beat).</exception>
    public static double BeatPeriod(double omegaC, double omegaA)
    {
        CheckFrequency(omegaC, nameof(omegaC));
        CheckFrequency(omegaA, nameof(omegaA));
        if (omegaC == omegaA)
            throw new ArgumentException("equal frequencies have no beat; ω_c must differ from ω_a", nameof(omegaA));
        return 2 * Math.PI / Math.Abs(omegaC - omegaA);
    }

    /// <summary>
    /// Unequal frequencies: the length of the one enhancement window in each beat period,
    /// 2 arccos(−A_a / (2 A_c)) / |ω_c − ω_a| (the whole beat period when A_a ≥ 2 A_c). Two hops closer in time than
    /// this can both be enhanced (paper S13).
    /// </summary>
    /// <exception cref="ArgumentException">Equal frequencies.</exception>
    public static double EnhancementWindow(double ac, double aa, double omegaC, double omegaA)
    {
        CheckAmplitudes(ac, aa);
        double beat = BeatPeriod(omegaC, omegaA);
        return beat * CriticalPhaseDifference(ac, aa) / Math.PI;
    }

    /// <summary>Samples A_c'(t) at <paramref name="samples"/> evenly spaced times from 0 to <paramref name="duration"/>.</summary>
    public static CoupledAmplitudeCurve SampleCoupledAmplitude(double ac, double aa, double omegaC, double omegaA, double phiC,
        double phiA, double duration, int samples)
    {
        CheckAmplitudes(ac, aa);
        CheckFrequency(omegaC, nameof(omegaC));
        CheckFrequency(omegaA, nameof(omegaA));
        CheckFinite(phiC, nameof(phiC));
        CheckFinite(phiA, nameof(phiA));
        CheckSampling(duration, samples);
        var t = Times(duration, samples);
        var amp = new double[samples];
        var enh = new bool[samples];
        for (int i = 0; i < samples; i++)
        {
            double delta = (omegaC - omegaA) * t[i] + (phiC - phiA);
            amp[i] = Math.Sqrt(Math.Max(0, ac * ac + aa * aa + 2 * ac * aa * Math.Cos(delta)));
            enh[i] = Math.Cos(delta) > -aa / (2 * ac);
        }
        return new CoupledAmplitudeCurve(t, amp, enh);
    }

    /// <summary>
    /// Samples perpendicular vibrations x = A_c cos(ω_c t + φ_c), y = A_a cos(ω_a t + φ_a) at <paramref name="samples"/>
    /// evenly spaced times from 0 to <paramref name="duration"/>, for plotting the ellipse / Lissajous figure.
    /// </summary>
    public static LissajousCurve SamplePerpendicular(double ac, double aa, double omegaC, double omegaA, double phiC, double phiA,
        double duration, int samples)
    {
        CheckAmplitudes(ac, aa);
        CheckFrequency(omegaC, nameof(omegaC));
        CheckFrequency(omegaA, nameof(omegaA));
        CheckFinite(phiC, nameof(phiC));
        CheckFinite(phiA, nameof(phiA));
        CheckSampling(duration, samples);
        var t = Times(duration, samples);
        var x = new double[samples];
        var y = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            x[i] = ac * Math.Cos(omegaC * t[i] + phiC);
            y[i] = aa * Math.Cos(omegaA * t[i] + phiA);
        }
        return new LissajousCurve(t, x, y);
    }

    private static double[] Times(double duration, int samples)
    {
        var t = new double[samples];
        for (int i = 0; i < samples; i++)
            t[i] = duration * i / (samples - 1);
        return t;
    }

    private static void CheckAmplitudes(double ac, double aa)
    {
        if (!(ac > 0) || !double.IsFinite(ac))
            throw new ArgumentOutOfRangeException(nameof(ac), ac,
            "the cation amplitude A_c must be finite and > 0");
        if (!(aa > 0) || !double.IsFinite(aa))
            throw new ArgumentOutOfRangeException(nameof(aa), aa,
            "the anion amplitude A_a must be finite and > 0");
    }

    private static void CheckFrequency(double omega, string name)
    {
        if (!(omega >= 0) || !double.IsFinite(omega))
            throw new ArgumentOutOfRangeException(name, omega,
            "angular frequencies must be finite and ≥ 0");
    }

    private static void CheckFinite(double v, string name)
    {
        if (!double.IsFinite(v))
            throw new ArgumentOutOfRangeException(name, v, "must be a finite number");
    }

    private static void CheckSampling(double duration, int samples)
    {
        if (!(duration > 0) || !double.IsFinite(duration))
            throw new ArgumentOutOfRangeException(nameof(duration), duration,
            "the duration must be finite and > 0");
        if (samples < 2)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "at least 2 samples are needed (≥ 2)");
    }
}
