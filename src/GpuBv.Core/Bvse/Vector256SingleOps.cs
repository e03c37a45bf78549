using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuBv.Bvse;

/// <summary>
/// Eight single-precision lanes for the pair potentials: the CPU's counterpart of the GPU kernels' float arithmetic, used
/// for the local E_rot grids (<see cref="TiledFramework.SinglePrecision"/>). <see cref="Exp"/> is Cephes' expf (range
/// reduction by ln 2 split in two parts, degree-6 polynomial, exponent built in the integer lanes): relative error below
/// 2e-7 for x in [−87, 88], clamped outside (so the padding's huge arguments give 0, never NaN).
/// </summary>
public readonly struct Vector256SingleOps : IRealOps<Vector256<float>>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Const(double c) => Vector256.Create((float)c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Sub(Vector256<float> a, Vector256<float> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Mul(Vector256<float> a, Vector256<float> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Vector256<float> Div(Vector256<float> a, Vector256<float> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-87.0f)), Vector256.Create(88.0f));
        var k = Vector256.Round(x * Vector256.Create(1.44269504088896341f));
        var r = x - k * Vector256.Create(0.693359375f) - k * Vector256.Create(-2.12194440e-4f);
        var p = Vector256.Create(1.9875691500E-4f);
        p = p * r + Vector256.Create(1.3981999507E-3f);
        p = p * r + Vector256.Create(8.3334519073E-3f);
        p = p * r + Vector256.Create(4.1665795894E-2f);
        p = p * r + Vector256.Create(1.6666665459E-1f);
        p = p * r + Vector256.Create(5.0000001201E-1f);
        var y = p * (r * r) + r + Vector256<float>.One;
        var scale = (Vector256.ConvertToInt32(k) + Vector256.Create(127)) << 23;
        return y * scale.AsSingle();
    }
}
