using System.Runtime.CompilerServices;

namespace GpuBv.Bvse;

/// <summary>
/// One framework ion as the energy kernels see it: Cartesian position (Å) and three potential parameters whose meaning
/// depends on the potential (see <see cref="MorsePotential"/> and <see cref="ScreenedCoulombPotential"/>).
/// Double precision on the host; the GPU gets a <see cref="FrameworkIonF"/> copy.
/// </summary>
public readonly record struct FrameworkIon(double X, double Y, double Z, double P0, double P1, double P2)
{
    /// <summary>The single-precision copy for GPU kernels.</summary>
    public FrameworkIonF ToSingle() => new((float)X, (float)Y, (float)Z, (float)P0, (float)P1, (float)P2);
}

/// <summary>Single-precision <see cref="FrameworkIon"/> for the GPU kernels (24 bytes, unmanaged).</summary>
public readonly record struct FrameworkIonF(float X, float Y, float Z, float P0, float P1, float P2);

/// <summary>
/// A pair potential between the mobile ion and one framework ion at distance r, written once over a number type T and
/// its arithmetic (an <see cref="IRealOps{T}"/> struct); ILGPU and the JIT specialise it per device.
/// </summary>
public interface IPairPotential
{
    /// <summary>Energy (eV) at distance <paramref name="r"/> (Å, &gt; 0) for the ion's parameters.</summary>
    T Energy<T, TOps>(T r, T p0, T p1, T p2) where T : struct where TOps : struct, IRealOps<T>;
}

/// <summary>
/// softBV Morse term for counter-ions: E = occ·(D0/2)·[(exp(α(Rmin − r)) − 1)² − 1].
/// Parameters: p0 = occ·D0/2 (eV), p1 = Rmin (Å), p2 = α (1/Å).
/// </summary>
public readonly struct MorsePotential : IPairPotential
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Energy<T, TOps>(T r, T p0, T p1, T p2) where T : struct where TOps : struct, IRealOps<T>
    {
        var o = default(TOps);
        var one = o.Const(1.0);
        var e = o.Sub(o.Exp(o.Mul(p2, o.Sub(p1, r))), one);
        return o.Mul(p0, o.Sub(o.Mul(e, e), one));
    }
}

/// <summary>
/// Screened Coulomb repulsion for same-sign ions: E = occ·14.4·q_A·q_B/sqrt(n_A·n_B) · erfc(r/(f·(rc_A + rc_B))) / r.
/// Parameters: p0 = occ·14.4·q_A·q_B/sqrt(n_A·n_B) (eV·Å), p1 = 1/(f·(rc_A + rc_B)) (1/Å), p2 unused.
/// </summary>
public readonly struct ScreenedCoulombPotential : IPairPotential
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Energy<T, TOps>(T r, T p0, T p1, T p2) where T : struct where TOps : struct, IRealOps<T>
    {
        var o = default(TOps);
        return o.Div(o.Mul(p0, BvsePhysics.Erfc<T, TOps>(o.Mul(r, p1))), r);
    }
}

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
