using System.Runtime.CompilerServices;

namespace GpuBv.Bvse;

/// <summary>Constants and special functions of the BVSE model (DESIGN.md §2), shared by every device.</summary>
public static class BvsePhysics
{
    /// <summary>e²/(4πε0) in eV·Å.</summary>
    public const double CoulombConstant = 14.4;

    /// <summary>Screening factor f of the Coulomb term.</summary>
    public const double ScreeningFactor = 0.74;

    /// <summary>
    /// Distances below this (Å) are evaluated at this distance: a grid point on top of a framework nucleus gets a large
    /// finite energy (hundreds of eV) instead of infinity. No physical site is that close to an ion.
    /// </summary>
    public const double MinimumDistance = 0.05;

    /// <summary>
    /// Complementary error function for x ≥ 0 (Numerical Recipes' erfcc, a Chebyshev fit with fractional error
    /// &lt; 1.2e-7 everywhere), written with one exp so that it compiles the same on every backend.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Erfc<T, TOps>(T x) where T : struct where TOps : struct, IRealOps<T>
    {
        var o = default(TOps);
        var t = o.Div(o.Const(1.0), o.Add(o.Const(1.0), o.Mul(o.Const(0.5), x)));
        var p = o.Const(0.17087277);
        p = o.Add(o.Const(-0.82215223), o.Mul(t, p));
        p = o.Add(o.Const(1.48851587), o.Mul(t, p));
        p = o.Add(o.Const(-1.13520398), o.Mul(t, p));
        p = o.Add(o.Const(0.27886807), o.Mul(t, p));
        p = o.Add(o.Const(-0.18628806), o.Mul(t, p));
        p = o.Add(o.Const(0.09678418), o.Mul(t, p));
        p = o.Add(o.Const(0.37409196), o.Mul(t, p));
        p = o.Add(o.Const(1.00002368), o.Mul(t, p));
        p = o.Add(o.Const(-1.26551223), o.Mul(t, p));
        return o.Mul(t, o.Exp(o.Sub(p, o.Mul(x, x))));
    }

    /// <summary>Scalar double-precision erfc (see <see cref="Erfc{T, TOps}"/>).</summary>
    public static double Erfc(double x) => Erfc<double, DoubleOps>(x);
}
