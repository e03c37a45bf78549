using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuBv.Bvse;

/// <summary>Double precision, four lanes (the fast CPU path).</summary>
public readonly struct Vector256DoubleOps : IRealOps<Vector256<double>>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Const(double c) => Vector256.Create(c);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Sub(Vector256<double> a, Vector256<double> b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Mul(Vector256<double> a, Vector256<double> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Div(Vector256<double> a, Vector256<double> b) => a / b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Exp(Vector256<double> x) => Vector256.Exp(x);
}
