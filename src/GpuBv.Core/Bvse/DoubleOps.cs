using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuBv.Bvse;

/// <summary>Double precision, scalar (CPU fallback where SIMD is not available).</summary>
public readonly struct DoubleOps : IRealOps<double>
{
    /// <inheritdoc/>
    public double Const(double c) => c;
    /// <inheritdoc/>
    public double Add(double a, double b) => a + b;
    /// <inheritdoc/>
    public double Sub(double a, double b) => a - b;
    /// <inheritdoc/>
    public double Mul(double a, double b) => a * b;
    /// <inheritdoc/>
    public double Div(double a, double b) => a / b;
    /// <inheritdoc/>
    public double Exp(double x) => Math.Exp(x);
}
