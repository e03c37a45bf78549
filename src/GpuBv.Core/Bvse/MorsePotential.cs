using System.Runtime.CompilerServices;

namespace GpuBv.Bvse;

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
