using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Trajectory;

public sealed class HarmonicCouplingTests
{
    [Theory]
    [InlineData(1.0, 1.0, 0.0, 2.0)]
    [InlineData(1.0, 1.0, Math.PI, 0.0)]
    [InlineData(1.0, 1.0, Math.PI / 2, 1.4142135623730951)]
    [InlineData(2.0, 1.0, Math.PI / 3, 2.6457513110645907)] // sqrt(4 + 1 + 2)
    [InlineData(0.3, 0.5, 2.0, 0.463849)]
    public void CoupledAmplitudeFormula(double ac, double aa, double delta, double expected)
    {
        double exact = Math.Sqrt(ac * ac + aa * aa + 2 * ac * aa * Math.Cos(delta));
        Assert.Equal(exact, HarmonicCoupling.CoupledAmplitude(ac, aa, delta), 12);
        Assert.Equal(expected, HarmonicCoupling.CoupledAmplitude(ac, aa, delta), 4);
    }

    [Fact]
    public void PhaseDifferenceIsLinearInTime()
        => Assert.Equal((3.0 - 2.0) * 1.5 + (0.4 - 0.1), HarmonicCoupling.PhaseDifference(3.0, 2.0, 0.4, 0.1, 1.5), 12);

    [Fact]
    public void EqualFrequencyCriticalPhase()
    {
        double ac = 1.0, aa = 1.0;
        double crit = HarmonicCoupling.CriticalPhaseDifference(ac, aa);
        Assert.Equal(2 * Math.PI / 3, crit, 12); // arccos(−1/2)
        Assert.Equal(ac, HarmonicCoupling.CoupledAmplitude(ac, aa, crit), 12); // A_c' = A_c at the critical phase
        Assert.True(HarmonicCoupling.IsEnhancedEqualFrequency(ac, aa, crit - 1e-6, 0));
        Assert.False(HarmonicCoupling.IsEnhancedEqualFrequency(ac, aa, crit + 1e-6, 0));
        // |φ_c − φ_a| is reduced to [0, π]: 2π − (crit − ε) is as enhanced as crit − ε, and sign does not matter.
        Assert.True(HarmonicCoupling.IsEnhancedEqualFrequency(ac, aa, 0.3, 0.3 + 2 * Math.PI - (crit - 1e-6)));
        Assert.True(HarmonicCoupling.IsEnhancedEqualFrequency(ac, aa, 0, crit - 1e-6));
        // The equal-frequency rule agrees with cos Δ > −A_a/(2A_c) and with A_c' > A_c on a phase scan.
        for (double phi = -7; phi <= 7; phi += 0.01)
        {
            bool byAmplitude = HarmonicCoupling.CoupledAmplitude(0.8, 0.5, phi) > 0.8;
            Assert.Equal(byAmplitude, HarmonicCoupling.IsEnhanced(0.8, 0.5, phi));
            Assert.Equal(byAmplitude, HarmonicCoupling.IsEnhancedEqualFrequency(0.8, 0.5, phi, 0));
        }
    }

    [Fact]
    public void LargeAnionAmplitudeAlwaysEnhances()
    {
        Assert.Equal(Math.PI, HarmonicCoupling.CriticalPhaseDifference(1.0, 2.0), 12);
        Assert.Equal(Math.PI, HarmonicCoupling.CriticalPhaseDifference(1.0, 5.0), 12); // clamped arccos argument
        for (double phi = 0; phi <= 2 * Math.PI; phi += 0.01)
        {
            Assert.True(HarmonicCoupling.IsEnhanced(1.0, 2.5, phi));
            Assert.True(HarmonicCoupling.IsEnhancedEqualFrequency(1.0, 2.5, phi, 0));
            Assert.True(HarmonicCoupling.IsEnhancedEqualFrequency(1.0, 2.0, phi, 0));
        }
        Assert.True(HarmonicCoupling.IsEnhanced(1.0, 2.5, Math.PI));
        // Unequal frequencies: the window is the whole beat period.
        Assert.Equal(HarmonicCoupling.BeatPeriod(3, 1), HarmonicCoupling.EnhancementWindow(1.0, 2.5, 3, 1), 12);
    }

    [Theory]
    [InlineData(1.0, 0.7, 3.0, 2.2)]
    [InlineData(1.0, 1.9, 1.0, 4.0)]
    [InlineData(2.0, 0.2, 0.0, 0.5)]
    public void UnequalFrequencyWindowMatchesAScanOverOneBeat(double ac, double aa, double wc, double wa)
    {
        double period = HarmonicCoupling.BeatPeriod(wc, wa);
        Assert.Equal(2 * Math.PI / Math.Abs(wc - wa), period, 12);
        const int n = 400_000;
        var curve = HarmonicCoupling.SampleCoupledAmplitude(ac, aa, wc, wa, 0.37, -1.2, period, n + 1);
        int enhanced = 0;
        for (int i = 0; i < n; i++) // [0, period): the end point repeats the start
        {
            Assert.Equal(curve.Amplitude[i] > ac, curve.Enhanced[i]);
            if (curve.Enhanced[i])
                enhanced++;
        }
        double scanned = period * enhanced / n;
        double window = HarmonicCoupling.EnhancementWindow(ac, aa, wc, wa);
        Assert.Equal(2 * Math.Acos(-aa / (2 * ac)) / Math.Abs(wc - wa), window, 12);
        Assert.Equal(window, scanned, period * 1e-5 * 3);
    }

    [Fact]
    public void PerpendicularEqualFrequenciesTraceAnEllipse()
    {
        double ac = 0.3, aa = 0.7, w = 2.0;
        var c = HarmonicCoupling.SamplePerpendicular(ac, aa, w, w, Math.PI / 2, 0, 2 * Math.PI / w, 101);
        Assert.Equal(101, c.Times.Length);
        for (int i = 0; i < c.Times.Length; i++)
        {
            Assert.Equal(1.0, c.X[i] * c.X[i] / (ac * ac) + c.Y[i] * c.Y[i] / (aa * aa), 12);
            Assert.Equal(ac * Math.Cos(w * c.Times[i] + Math.PI / 2), c.X[i], 12);
        }
        Assert.Equal(c.X[0], c.X[^1], 12); // closed after one period
        var l = HarmonicCoupling.SamplePerpendicular(ac, aa, 2, 3, 0, 0, 10, 50);
        Assert.Equal(aa * Math.Cos(3 * l.Times[7]), l.Y[7], 12);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => HarmonicCoupling.CoupledAmplitude(0, 1, 0));
        Assert.Contains("> 0", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => HarmonicCoupling.CoupledAmplitude(1, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => HarmonicCoupling.CriticalPhaseDifference(double.NaN, 1));
        e = Assert.Throws<ArgumentOutOfRangeException>(() => HarmonicCoupling.BeatPeriod(-1, 1));
        Assert.Contains("≥ 0", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => HarmonicCoupling.EnhancementWindow(1, 1, 1, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => HarmonicCoupling.BeatPeriod(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => HarmonicCoupling.SamplePerpendicular(1, 1, 1, 1, 0, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => HarmonicCoupling.SampleCoupledAmplitude(1, 1, 1, 2, 0, 0, 0, 10));
    }
}
