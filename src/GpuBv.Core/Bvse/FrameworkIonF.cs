using System.Runtime.CompilerServices;

namespace GpuBv.Bvse;

/// <summary>Single-precision <see cref="FrameworkIon"/> for the GPU kernels (24 bytes, unmanaged).</summary>
public readonly record struct FrameworkIonF(float X, float Y, float Z, float P0, float P1, float P2);
