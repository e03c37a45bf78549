namespace GpuBv.Crystal;

/// <summary>A double-precision 3-vector (fractional or Cartesian coordinates, depending on context).</summary>
public readonly record struct Vec3(double X, double Y, double Z)
{
    /// <summary>The zero vector.</summary>
    public static Vec3 Zero => default;

    /// <summary>Component by index 0..2.</summary>
    public double this[int i] => i switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };

    /// <summary>Component-wise sum.</summary>
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Component-wise difference.</summary>
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>The opposite vector.</summary>
    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>The vector scaled by <paramref name="s"/>.</summary>
    public static Vec3 operator *(double s, Vec3 a) => new(s * a.X, s * a.Y, s * a.Z);

    /// <summary>The vector scaled by <paramref name="s"/>.</summary>
    public static Vec3 operator *(Vec3 a, double s) => new(s * a.X, s * a.Y, s * a.Z);

    /// <summary>Dot product.</summary>
    public static double Dot(Vec3 a, Vec3 b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

    /// <summary>Cross product.</summary>
    public static Vec3 Cross(Vec3 a, Vec3 b) => new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);

    /// <summary>Each component reduced into [0, 1).</summary>
    public Vec3 Wrap() => new(WrapUnit(X), WrapUnit(Y), WrapUnit(Z));

    /// <summary>Each component minus its nearest integer (into [-0.5, 0.5]).</summary>
    public Vec3 MinimumImage() => new(X - Math.Round(X), Y - Math.Round(Y), Z - Math.Round(Z));

    /// <summary>Reduces one fractional coordinate into [0, 1), mapping values within 1e-10 of 1 to 0.</summary>
    public static double WrapUnit(double v)
    {
        double w = v - Math.Floor(v);
        return w >= 1.0 - 1e-10 ? 0.0 : w;
    }

    /// <summary>The components with six decimals, culture-invariant: <c>(x, y, z)</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"({X:F6}, {Y:F6}, {Z:F6})");
}
