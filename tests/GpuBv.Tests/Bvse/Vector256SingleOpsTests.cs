using System.Runtime.Intrinsics;
using GpuBv.Bvse;
using GpuBv.Crystal;
using Xunit;

namespace GpuBv.Tests.Bvse;

/// <summary>The CPU's single-precision lanes (local E_rot grids) against double-precision references.</summary>
public sealed class Vector256SingleOpsTests
{
    [Fact]
    public void ExpMatchesMathExpToSinglePrecision()
    {
        var ops = default(Vector256SingleOps);
        double worst = 0;
        for (double x = -80; x <= 80; x += 0.01237)
        {
            var lanes = Vector256.Create((float)x);
            double got = ops.Exp(lanes).GetElement(3);
            double want = Math.Exp((float)x);
            worst = Math.Max(worst, Math.Abs(got - want) / want);
        }
        Assert.True(worst < 3e-7, $"largest relative error {worst:e2}");
    }

    [Theory]
    [InlineData(-1e6f)]
    [InlineData(-100f)]
    [InlineData(1e6f)]
    public void ExpClampsOutsideTheFloatRange(float x)
    {
        float got = default(Vector256SingleOps).Exp(Vector256.Create(x)).GetElement(0);
        Assert.True(float.IsFinite(got) && got >= 0, $"exp({x}) = {got}");
        Assert.True(x > 0 ? got > 1e37f : got < 1e-37f, $"exp({x}) = {got}");
    }

    [Fact]
    public void ErfcInSinglePrecisionMatchesTheDoubleFormula()
    {
        for (double x = 0; x <= 6; x += 0.01)
        {
            float got = BvsePhysics.Erfc<Vector256<float>, Vector256SingleOps>(Vector256.Create((float)x)).GetElement(0);
            double want = BvsePhysics.Erfc(x);
            Assert.True(Math.Abs(got - want) <= 2e-6 * want + 1e-12, $"erfc({x}): {got} vs {want}");
        }
    }

    [Fact]
    public void ASinglePrecisionLocalGridMatchesTheDoubleOneWithinFloatRounding()
    {
        // The local E_rot grid of LiFePO4's first PO4 group, every point in both precisions on the CPU path.
        var s = BvseTestKit.Load(TestData.Structure("LiFePO4.cif"));
        var ion = MobileIon.Parse("O2-");
        var fw = BvseFramework.Build(s, ion, 10, null, 3);
        var centre = s.Lattice.ToCartesian(new Vec3(0.095, 0.25, 0.419));
        var grid = AffineGrid.Cube(centre, 2.0, 0.1);
        var cpu = new CpuBvseEvaluator();
        var cancel = TestContext.Current.CancellationToken;
        var single = cpu.Evaluate(TiledFramework.Build(fw, grid, 0.1, null, 4, singlePrecision: true), cancel);
        var dbl = cpu.Evaluate(TiledFramework.Build(fw, grid, 0.1, null, 4), cancel);
        for (int i = 0; i < dbl.Length; i++)
        {
            Assert.True(Math.Abs(single[i] - dbl[i]) <= 2e-5 * Math.Max(1, Math.Abs(dbl[i])), $"point {i}: {single[i]} vs {dbl[i]}");
        }
    }
}
