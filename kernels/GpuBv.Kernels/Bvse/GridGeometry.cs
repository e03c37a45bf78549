using GpuBv.Bvse;

namespace GpuBv.Kernels.Bvse;

/// <summary>Grid and tiling constants passed by value to the BVSE kernel.</summary>
public readonly struct GridGeometry
{
    /// <summary>Points along the first axis.</summary>
    public readonly int N1;
    /// <summary>Points along the second axis.</summary>
    public readonly int N2;
    /// <summary>Points along the third axis.</summary>
    public readonly int N3;
    /// <summary>Tile edge in points.</summary>
    public readonly int Tile;
    /// <summary>Cartesian origin, x (Å).</summary>
    public readonly float Ox;
    /// <summary>Cartesian origin, y (Å).</summary>
    public readonly float Oy;
    /// <summary>Cartesian origin, z (Å).</summary>
    public readonly float Oz;
    /// <summary>Step along the first axis, x (Å).</summary>
    public readonly float Ax;
    /// <summary>Step along the first axis, y (Å).</summary>
    public readonly float Ay;
    /// <summary>Step along the first axis, z (Å).</summary>
    public readonly float Az;
    /// <summary>Step along the second axis, x (Å).</summary>
    public readonly float Bx;
    /// <summary>Step along the second axis, y (Å).</summary>
    public readonly float By;
    /// <summary>Step along the second axis, z (Å).</summary>
    public readonly float Bz;
    /// <summary>Step along the third axis, x (Å).</summary>
    public readonly float Cx;
    /// <summary>Step along the third axis, y (Å).</summary>
    public readonly float Cy;
    /// <summary>Step along the third axis, z (Å).</summary>
    public readonly float Cz;
    /// <summary>Squared interaction cutoff (Å²).</summary>
    public readonly float Cutoff2;

    /// <summary>Copies the constants of <paramref name="t"/>.</summary>
    /// <param name="t">The tiled framework to evaluate.</param>
    public GridGeometry(TiledFramework t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var g = t.Grid;
        N1 = g.N1;
        N2 = g.N2;
        N3 = g.N3;
        Tile = t.Tile;
        Ox = (float)g.Origin.X;
        Oy = (float)g.Origin.Y;
        Oz = (float)g.Origin.Z;
        Ax = (float)g.StepA.X;
        Ay = (float)g.StepA.Y;
        Az = (float)g.StepA.Z;
        Bx = (float)g.StepB.X;
        By = (float)g.StepB.Y;
        Bz = (float)g.StepB.Z;
        Cx = (float)g.StepC.X;
        Cy = (float)g.StepC.Y;
        Cz = (float)g.StepC.Z;
        Cutoff2 = (float)(t.Framework.Cutoff * t.Framework.Cutoff);
    }
}
