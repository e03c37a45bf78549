using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuBv.Bvse;

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
