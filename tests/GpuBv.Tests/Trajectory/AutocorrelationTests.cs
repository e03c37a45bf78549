using GpuBv.Crystal;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Trajectory;

/// <summary><see cref="Autocorrelation"/>: FFT against the direct sum, exact cases, and the P–S reference of SOURCES.md.</summary>
public sealed class AutocorrelationTests
{
    private static readonly Lazy<BondOrientationResult> PS = new(() =>
    {
        using var r = TrajectoryFile.Open(DiffusionTests.Na3PS4);
        return Autocorrelation.BondOrientation(r, "P", "S", 4);
    });

    [Fact]
    public void Fft_equals_the_direct_sum_on_random_series()
    {
        var rng = new Random(12345);
        var x = Enumerable.Range(0, 157).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var fft = Autocorrelation.Fft(x);
        var direct = Autocorrelation.Direct(x);
        Assert.Equal(x.Length, fft.Length);
        Assert.Equal(1.0, fft[0], 1e-15);
        for (int t = 0; t < x.Length; t++)
            Assert.Equal(direct[t], fft[t], 1e-10);

        // several weighted series (an odd count, so one FFT carries a single series), raw lag sums
        var series = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 64).Select(_ => rng.NextDouble() - 0.3).ToArray()).ToArray();
        double[] w = [1, 2, 0.5, 3, 1];
        var a = Autocorrelation.LagSumsFft(series, 64, 40, w);
        var b = Autocorrelation.LagSumsDirect(series, 64, 40, w);
        Assert.Equal(41, a.Length);
        for (int t = 0; t <= 40; t++)
            Assert.Equal(b[t], a[t], 1e-10);
    }

    [Fact]
    public void Cosine_over_whole_periods_gives_its_exact_unbiased_acf()
    {
        // x(t) = cos(ωt), t = 0 … N−1, ω = 2πm/N. Σ_{t<N−τ} cos(ωt)cos(ω(t+τ)) = (N−τ)/2·cos(ωτ)
        // + ½·Σ cos(ω(2t+τ)),
        // and Σ_{t=0}^{L−1} cos(ωτ + 2ωt) = sin(ωL)·cos(ωτ + (L−1)ω)/sin ω with L = N−τ: sin(ω(N−τ)) = −sin(ωτ),
        // cos(ω(N−1)) = cos ω. With C(0) = ½ this gives C(τ)/C(0) = cos(ωτ) − sin(ωτ)·cot(ω)/(N−τ).
        const int n = 64, m = 3;
        double w = 2 * Math.PI * m / n;
        var x = Enumerable.Range(0, n).Select(t => Math.Cos(w * t)).ToArray();
        var fft = Autocorrelation.Fft(x);
        var direct = Autocorrelation.Direct(x);
        for (int tau = 0; tau < n; tau++)
        {
            double exact = Math.Cos(w * tau) - Math.Sin(w * tau) / Math.Tan(w) / (n - tau);
            Assert.Equal(exact, fft[tau], 1e-12);
            Assert.Equal(exact, direct[tau], 1e-12);
        }
        // for a long series the unbiased estimator approaches cos(ωτ) at short lags
        var longX = Enumerable.Range(0, 20000).Select(t => Math.Cos(0.1 * t)).ToArray();
        var lc = Autocorrelation.Fft(longX, 50);
        for (int tau = 0; tau <= 50; tau++)
            Assert.Equal(Math.Cos(0.1 * tau), lc[tau], 1e-3);
    }

    [Fact]
    public void PS_bond_orientation_matches_the_reference()
    {
        var r = PS.Value;
        Assert.Equal(64, r.BondCount);
        Assert.Equal(100, r.Frames);
        Assert.Equal(100, r.C1.Length);
        Assert.Equal(1.0, r.C1[0], 1e-12);
        Assert.Equal(1.0, r.C2[0], 1e-12);
        Assert.Equal(0.0, r.MeanAngleDeg[0]);
        (int tau, double c1, double c2, double th)[] expected = [(1, 0.996679, 0.990071, 4.138), (10, 0.974966, 0.926724, 11.436),
            (50, 0.974344, 0.924942, 11.582)];
        foreach (var (tau, c1, c2, th) in expected)
        {
            Assert.Equal(c1, r.C1[tau], 1e-6);
            Assert.Equal(c2, r.C2[tau], 1e-6);
            Assert.Equal(th, r.MeanAngleDeg[tau], 1e-3);
        }
        Assert.Equal(2.0806, r.MeanBondLength, 5e-5); // over all frames (frame 0 alone: 2.08065)
    }

    [Fact]
    public void PS_c1_and_c2_equal_direct_sums()
    {
        var r = PS.Value;
        using var reader = TrajectoryFile.Open(DiffusionTests.Na3PS4);
        var u = new List<Vec3[]>();
        while (reader.TryRead(out var f))
            u.Add(r.Bonds.Select(b =>
                {
                    var v = f.Lattice.MinimumImageVector(f.Position(b.Anion) - f.Position(b.Centre));
                    return v * (1 / v.Length);
                }).ToArray());
        int n = u.Count;
        foreach (int tau in new[] { 1, 7, 33, 99 })
        {
            double s1 = 0, s2 = 0, sa = 0;
            for (int t = 0; t + tau < n; t++)
                for (int b = 0; b < r.BondCount; b++)
                {
                    double d = Vec3.Dot(u[t][b], u[t + tau][b]);
                    s1 += d;
                    s2 += 1.5 * d * d - 0.5;
                    sa += Math.Acos(Math.Clamp(d, -1, 1));
                }
            double cnt = (double)(n - tau) * r.BondCount;
            Assert.Equal(s1 / cnt, r.C1[tau], 1e-12);
            Assert.Equal(s2 / cnt, r.C2[tau], 1e-12);
            Assert.Equal(sa / cnt * 180 / Math.PI, r.MeanAngleDeg[tau], 1e-6);
        }
    }

    private static readonly Lattice Cubic = Lattice.FromParameters(10, 10, 10, 90, 90, 90);

    // a square-planar group: centre at (9.5, 5, 5) so that the bonds cross the cell face, four anions at 1.6 Å in the xy plane
    private static List<Vec3> SquarePlanar(Vec3 shift, double angleDeg)
    {
        var c = new Vec3(9.5, 5, 5);
        double a = angleDeg * Math.PI / 180;
        var pos = new List<Vec3> { c + shift };
        for (int k = 0; k < 4; k++)
        {
            double phi = k * Math.PI / 2 + 0.3 + a;
            pos.Add(c + shift + new Vec3(1.6 * Math.Cos(phi), 1.6 * Math.Sin(phi), 0));
        }
        pos.Add(new Vec3(2, 2, 2) + shift); // a far anion, not bonded
        return pos;
    }

    private static readonly string[] GroupElements = ["P", "S", "S", "S", "S", "S"];

    [Fact]
    public void Rigid_translation_gives_zero_angle_and_rotation_the_applied_angle()
    {
        var frames = new List<Frame>
        {
            TestFrames.FromCartesian(0, Cubic, SquarePlanar(Vec3.Zero, 0)),
            TestFrames.FromCartesian(1, Cubic, SquarePlanar(new Vec3(0.7, -0.4, 3.1), 0)),
            TestFrames.FromCartesian(2, Cubic, SquarePlanar(new Vec3(-1.3, 0.2, 0.5), 30)),
        };
        var r = Autocorrelation.BondOrientation(TestFrames.Reader(GroupElements, frames), "P", "S", 4);
        Assert.Equal(4, r.BondCount);
        Assert.DoesNotContain(r.Bonds, b => b.Anion == 5);
        Assert.Equal(1.6, r.MeanBondLengthFrame0, 1e-12);
        Assert.Equal(15.0, r.MeanAngleDeg[1], 1e-9);   // (0° for 0→1, 30° for 1→2) / 2
        Assert.Equal(30.0, r.MeanAngleDeg[2], 1e-9);
        double c30 = Math.Cos(Math.PI / 6);
        Assert.Equal((1 + c30) / 2, r.C1[1], 1e-12);
        Assert.Equal(c30, r.C1[2], 1e-12);
        Assert.Equal(1.5 * c30 * c30 - 0.5, r.C2[2], 1e-12);

        var translated = Enumerable.Range(0, 4).Select(i => TestFrames.FromCartesian(i, Cubic, SquarePlanar(new Vec3(0.9 * i,
            2.3 * i, -1.7 * i), 0))).ToList();
        var t = Autocorrelation.BondOrientation(TestFrames.Reader(GroupElements, translated), "P", "S", 4);
        foreach (var th in t.MeanAngleDeg)
            Assert.Equal(0.0, th, 1e-6);
        foreach (var c in t.C1)
            Assert.Equal(1.0, c, 1e-12);
    }

    [Fact]
    public void Tilted_rotation_axis_follows_the_cone_formula()
    {
        // bonds at angle φ to the rotation axis turn by θ with cos θ = cos²φ + sin²φ cos α
        var c = new Vec3(5, 5, 5);
        var dirs = new[] { new Vec3(1, 1, 1), new Vec3(1, -1, -1), new Vec3(-1, 1, -1), new Vec3(-1, -1, 1) }.Select(d =>
            d * (2.05 / d.Length)).ToArray();
        double alpha = 40 * Math.PI / 180;
        var axis = new Vec3(0, 0, 1);
        Vec3 Rot(Vec3 v) => new(v.X * Math.Cos(alpha) - v.Y * Math.Sin(alpha), v.X * Math.Sin(alpha) + v.Y * Math.Cos(alpha), v.Z);
        var f0 = new List<Vec3> { c };
        f0.AddRange(dirs.Select(d => c + d));
        var f1 = new List<Vec3> { c };
        f1.AddRange(dirs.Select(d => c + Rot(d)));
        var r = Autocorrelation.BondOrientation(TestFrames.Reader(["P", "S", "S", "S", "S"],
            [TestFrames.FromCartesian(0, Cubic, f0), TestFrames.FromCartesian(1, Cubic, f1)]), "P", "S", 4);
        double cosPhi = 1 / Math.Sqrt(3), cosTheta = cosPhi * cosPhi + (1 - cosPhi * cosPhi) * Math.Cos(alpha);
        Assert.Equal(Math.Acos(cosTheta) * 180 / Math.PI, r.MeanAngleDeg[1], 1e-9);
        Assert.Equal(cosTheta, r.C1[1], 1e-12);
    }

    [Fact]
    public void Velocity_acf_of_simple_motions()
    {
        // constant velocity across the periodic boundary: ACF 1 at every lag
        var moving = Enumerable.Range(0, 30).Select(i => TestFrames.FromCartesian(i, Cubic, [new Vec3(8 + 0.45 * i, 1, 1),
            new Vec3(5, 5, 5)])).ToList();
        var a = Autocorrelation.Velocity(TestFrames.Reader(["Li", "O"], moving), "Li", 2.0);
        Assert.Equal(29, a.Samples);
        Assert.Equal(0.45 * 0.45 / 4, a.MeanSquareVelocity, 1e-12);
        foreach (var v in a.Acf)
            Assert.Equal(1.0, v, 1e-12);

        // back and forth: v alternates, ACF (−1)^τ
        var rattle = Enumerable.Range(0, 21).Select(i => TestFrames.FromCartesian(i, Cubic, [new Vec3(9.9 + 0.2 * (i % 2), 1, 1),
            new Vec3(5, 5, 5)])).ToList();
        var b = Autocorrelation.Velocity(TestFrames.Reader(["Li", "O"], rattle), "Li", 1.0, maxLag: 10);
        Assert.Equal(11, b.Acf.Length);
        for (int tau = 0; tau <= 10; tau++)
            Assert.Equal(tau % 2 == 0 ? 1.0 : -1.0, b.Acf[tau], 1e-12);
        Assert.Equal(10.0, b.LagTimesFs[10]);
    }

    [Fact]
    public void Velocity_acf_on_the_trajectory_starts_at_one_and_decays()
    {
        using var r = TrajectoryFile.Open(DiffusionTests.Na3PS4);
        var a = Autocorrelation.Velocity(r, "Na", 20);
        Assert.Equal(99, a.Samples);
        Assert.Equal(1.0, a.Acf[0], 1e-12);
        Assert.True(a.MeanSquareVelocity > 0);
        Assert.True(Math.Abs(a.Acf[20]) < 0.5);
    }

    [Fact]
    public void Memory_refusal_is_an_input_error()
    {
        using var r = TrajectoryFile.Open(DiffusionTests.Na3PS4);
        Assert.Throws<InputException>(() => Autocorrelation.BondOrientation(r, "P", "S", 4, memoryBudgetBytes: 10_000));
    }
}
