using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuBv.Bvse;

/// <summary>Single precision (GPU kernels).</summary>
public readonly struct FloatOps : IRealOps<float>
{
    /// <inheritdoc/>
    public float Const(double c) => (float)c;
    /// <inheritdoc/>
    public float Add(float a, float b) => a + b;
    /// <inheritdoc/>
    public float Sub(float a, float b) => a - b;
    /// <inheritdoc/>
    public float Mul(float a, float b) => a * b;
    /// <inheritdoc/>
    public float Div(float a, float b) => a / b;
    /// <inheritdoc/>
    public float Exp(float x) => MathF.Exp(x);
}
