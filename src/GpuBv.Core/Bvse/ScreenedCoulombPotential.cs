using System.Runtime.CompilerServices;

namespace GpuBv.Bvse;

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
