namespace GpuBv.Trajectory.Analysis;

/// <summary>
/// The simple harmonic coupling model for one cation–anion pair vibrating along the same direction (paper S12/S13):
/// the coupled amplitude at t = 0, when it is enhanced, and over a sampled stretch. Units: amplitudes in Å, angular
/// frequencies in rad/ps, phases in rad, times in ps.
/// </summary>
/// <param name="Ac">Cation amplitude A_c.</param>
/// <param name="Aa">Anion amplitude A_a.</param>
/// <param name="OmegaC">Cation angular frequency ω_c.</param>
/// <param name="OmegaA">Anion angular frequency ω_a.</param>
/// <param name="PhiC">Cation phase φ_c.</param>
/// <param name="PhiA">Anion phase φ_a.</param>
/// <param name="Duration">The time span sampled.</param>
/// <param name="Delta0">Phase difference Δ at t = 0.</param>
/// <param name="CoupledAmplitude0">A_c' at t = 0.</param>
/// <param name="Enhanced0">Whether A_c' &gt; A_c at t = 0.</param>
/// <param name="Threshold">−A_a/(2A_c): enhanced when cos Δ exceeds it.</param>
/// <param name="CriticalPhaseDifference">arccos(−A_a/(2A_c)).</param>
/// <param name="ReducedPhaseDifference">|φ_c − φ_a| reduced to [0, π].</param>
/// <param name="AlwaysEnhanced">A_a &gt; 2A_c: enhanced at every phase difference.</param>
/// <param name="BeatPeriod">The beat period (null for equal frequencies).</param>
/// <param name="EnhancementWindow">The enhanced time per beat (null for equal frequencies).</param>
/// <param name="EnhancedFraction">Fraction of the time enhanced: 1 or 0 for equal frequencies, else window / beat.</param>
/// <param name="Amplitude">A_c'(t) sampled over <paramref name="Duration"/>.</param>
public sealed record HarmonicCouplingSummary(double Ac, double Aa, double OmegaC, double OmegaA, double PhiC, double PhiA, double Duration,
    double Delta0, double CoupledAmplitude0, bool Enhanced0, double Threshold, double CriticalPhaseDifference,
        double ReducedPhaseDifference,
    bool AlwaysEnhanced, double? BeatPeriod, double? EnhancementWindow, double EnhancedFraction, CoupledAmplitudeCurve Amplitude)
{
    /// <summary>Whether ω_c = ω_a (no beat).</summary>
    public bool EqualFrequencies => OmegaC == OmegaA;

    /// <summary>The smallest possible coupled amplitude, |A_c − A_a|.</summary>
    public double MinAmplitude => Math.Abs(Ac - Aa);

    /// <summary>The largest possible coupled amplitude, A_c + A_a.</summary>
    public double MaxAmplitude => Ac + Aa;

    /// <summary>The default span: two beat periods, or three vibration periods for equal frequencies (1 ps when ω = 0).</summary>
    public static double DefaultDuration(double omegaC, double omegaA)
    {
        if (omegaC != omegaA)
        {
            return 2 * HarmonicCoupling.BeatPeriod(omegaC, omegaA);
        }
        return omegaC > 0 ? 3 * 2 * Math.PI / omegaC : 1.0;
    }

    /// <summary>The model for these vibrations, with A_c'(t) sampled at <paramref name="samples"/> times over
    /// <paramref name="duration"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An amplitude, frequency, phase or the duration is out of range.</exception>
    public static HarmonicCouplingSummary Compute(double ac, double aa, double omegaC, double omegaA, double phiC, double phiA,
        double duration, int samples = 2000)
    {
        bool equal = omegaC == omegaA;
        double? beat = equal ? null : HarmonicCoupling.BeatPeriod(omegaC, omegaA);
        double? window = equal ? null : HarmonicCoupling.EnhancementWindow(ac, aa, omegaC, omegaA);
        double delta0 = HarmonicCoupling.PhaseDifference(omegaC, omegaA, phiC, phiA, 0);
        bool enhanced0 = HarmonicCoupling.IsEnhanced(ac, aa, delta0);
        return new HarmonicCouplingSummary(ac, aa, omegaC, omegaA, phiC, phiA, duration, delta0,
            HarmonicCoupling.CoupledAmplitude(ac, aa, delta0), enhanced0, -aa / (2 * ac),
            HarmonicCoupling.CriticalPhaseDifference(ac, aa), HarmonicCoupling.ReducedPhaseDifference(phiC, phiA), aa > 2 * ac,
            beat, window, equal ? (enhanced0 ? 1 : 0) : window!.Value / beat!.Value,
            HarmonicCoupling.SampleCoupledAmplitude(ac, aa, omegaC, omegaA, phiC, phiA, duration, samples));
    }
}
