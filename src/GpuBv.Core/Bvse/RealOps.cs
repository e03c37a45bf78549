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

/// <summary>Single precision (GPU kernels).</summary>
public readonly struct FloatOps : IRealOps<float>
{
    public float Const(double c) => (float)c;
    public float Add(float a, float b) => a + b;
    public float Sub(float a, float b) => a - b;
    public float Mul(float a, float b) => a * b;
    public float Div(float a, float b) => a / b;
    public float Exp(float x) => MathF.Exp(x);
}

/// <summary>Double precision, scalar (CPU fallback where SIMD is not available).</summary>
public readonly struct DoubleOps : IRealOps<double>
{
    public double Const(double c) => c;
    public double Add(double a, double b) => a + b;
    public double Sub(double a, double b) => a - b;
    public double Mul(double a, double b) => a * b;
    public double Div(double a, double b) => a / b;
    public double Exp(double x) => Math.Exp(x);
}

/// <summary>Double precision, four lanes (the fast CPU path).</summary>
public readonly struct Vector256DoubleOps : IRealOps<Vector256<double>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Const(double c) => Vector256.Create(c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Sub(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Mul(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Div(Vector256<double> a, Vector256<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<double> Exp(Vector256<double> x) => Vector256.Exp(x);
}
