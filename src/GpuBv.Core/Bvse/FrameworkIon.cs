using System.Runtime.CompilerServices;

namespace GpuBv.Bvse;

/// <summary>
/// One framework ion as the energy kernels see it: Cartesian position (Å) and three potential parameters whose meaning
/// depends on the potential (see <see cref="MorsePotential"/> and <see cref="ScreenedCoulombPotential"/>).
/// Double precision on the host; the GPU gets a <see cref="FrameworkIonF"/> copy.
/// </summary>
public readonly record struct FrameworkIon(double X, double Y, double Z, double P0, double P1, double P2)
{
    /// <summary>The single-precision copy for GPU kernels.</summary>
    public FrameworkIonF ToSingle() => new((float)X, (float)Y, (float)Z, (float)P0, (float)P1, (float)P2);
}
