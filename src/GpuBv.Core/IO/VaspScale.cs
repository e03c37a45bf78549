using GpuBv.Crystal;

namespace GpuBv.IO;

/// <summary>The scale line of VASP's POSCAR and XDATCAR headers, shared by the structure and trajectory readers.</summary>
internal static class VaspScale
{
    /// <summary>
    /// The per-axis factors for the lattice vectors: three given factors, one positive factor for all axes, or a negative
    /// value meaning the wanted cell volume (Å³) for the unscaled vectors' volume <paramref name="rawVolume"/> (≠ 0).
    /// </summary>
    public static Vec3 Resolve(double uniform, Vec3? perAxis, double rawVolume)
    {
        if (perAxis is { } s3)
            return s3;
        double f = uniform > 0 ? uniform : Math.Cbrt(-uniform / Math.Abs(rawVolume));
        return new Vec3(f, f, f);
    }

    /// <summary>A vector scaled axis by axis.</summary>
    public static Vec3 Apply(Vec3 v, Vec3 s) => new(v.X * s.X, v.Y * s.Y, v.Z * s.Z);
}
