using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuBv.Bvse;

/// <summary>
/// Arithmetic over a device's number type, as a generic struct parameter (ILGPU's style): the pair potentials are
/// written once against this interface and specialised for <c>float</c> (GPU kernels), <c>double</c> (scalar CPU) and
/// <c>Vector256&lt;double&gt;</c> (the SIMD CPU path, four pairs at a time).
/// </summary>
/// <typeparam name="T">The number type.</typeparam>
public interface IRealOps<T> where T : struct
{
    /// <summary>The constant <paramref name="c"/> as a T.</summary>
    T Const(double c);
    /// <summary>a + b.</summary>
    T Add(T a, T b);
    /// <summary>a − b.</summary>
    T Sub(T a, T b);
    /// <summary>a · b.</summary>
    T Mul(T a, T b);
    /// <summary>a / b.</summary>
    T Div(T a, T b);
    /// <summary>e^x.</summary>
    T Exp(T x);
}
