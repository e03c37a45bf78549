using System.Runtime.CompilerServices;

namespace GpuBv.Bvse;

/// <summary>
/// A pair potential between the mobile ion and one framework ion at distance r, written once over a number type T and
/// its arithmetic (an <see cref="IRealOps{T}"/> struct); ILGPU and the JIT specialise it per device.
/// </summary>
public interface IPairPotential
{
    /// <summary>Energy (eV) at distance <paramref name="r"/> (Å, &gt; 0) for the ion's parameters.</summary>
    T Energy<T, TOps>(T r, T p0, T p1, T p2) where T : struct where TOps : struct, IRealOps<T>;
}
