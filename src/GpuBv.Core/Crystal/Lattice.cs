namespace GpuBv.Crystal;

/// <summary>
/// A periodic lattice given by three Cartesian cell vectors a, b, c (Å). Immutable. Built from cell parameters
/// it uses pymatgen's orientation (c along z, a in the xz plane), see <see cref="FromParameters"/>.
/// </summary>
public sealed class Lattice
{
    private readonly double[] _m;   // row-major: rows are a, b, c
    private readonly double[] _inv; // inverse of _m (row-major), cart -> frac: f = cart * inv

    private Lattice(Vec3 a, Vec3 b, Vec3 c)
    {
        A = a;
        B = b;
        C = c;
        _m = [a.X, a.Y, a.Z, b.X, b.Y, b.Z, c.X, c.Y, c.Z];
        Volume = Vec3.Dot(a, Vec3.Cross(b, c));
        if (DegeneracyProblem(a, b, c) is { } problem)
            throw new ArgumentException(problem);
        if (!(Math.Abs(Volume) > 1e-8))
            throw new ArgumentException(FormattableString.Invariant($"the cell is degenerate: its volume {Volume:G3} Å³ is zero"));
        _inv = Invert(_m);
        LengthA = a.Length;
        LengthB = b.Length;
        LengthC = c.Length;
        Alpha = AngleDeg(b, c);
        Beta = AngleDeg(a, c);
        Gamma = AngleDeg(a, b);
    }

    /// <summary>
    /// The smallest usable |volume| as a fraction of |a|·|b|·|c|: 1e-3. Below it the three vectors are (nearly)
    /// coplanar (e.g. α = β = γ = 120°, where the volume is zero up to rounding) and every periodic algorithm
    /// (image searches, neighbour lists, grids) would need an unbounded number of images; such a cell is refused.
    /// A real cell is far above it: V/(abc) is 1 for orthogonal axes and still 0.17 for angles of 10°.
    /// </summary>
    public const double MinimumVolumeFraction = 1e-3;

    /// <summary>
    /// Why the vectors <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/> (Å) do not form a usable cell
    /// (not finite, or |volume| below <see cref="MinimumVolumeFraction"/> of |a|·|b|·|c|), in words with the volume;
    /// null when they do.
    /// </summary>
    public static string? DegeneracyProblem(Vec3 a, Vec3 b, Vec3 c)
    {
        double volume = Vec3.Dot(a, Vec3.Cross(b, c));
        double product = a.Length * b.Length * c.Length;
        if (!double.IsFinite(volume) || !double.IsFinite(product))
            return "the cell vectors are not finite numbers";
        if (Math.Abs(volume) > MinimumVolumeFraction * product)
            return null;
        return FormattableString.Invariant(
            $"the cell is degenerate: its volume {Math.Abs(volume):G3} Å³ is below {MinimumVolumeFraction:G} of a·b·c ")
            + FormattableString.Invariant($"({product:G4} Å³): its vectors are (nearly) coplanar");
    }

    /// <summary>Cell vector a (Å).</summary>
    public Vec3 A { get; }
    /// <summary>Cell vector b (Å).</summary>
    public Vec3 B { get; }
    /// <summary>Cell vector c (Å).</summary>
    public Vec3 C { get; }
    /// <summary>|a| in Å.</summary>
    public double LengthA { get; }
    /// <summary>|b| in Å.</summary>
    public double LengthB { get; }
    /// <summary>|c| in Å.</summary>
    public double LengthC { get; }
    /// <summary>Angle between b and c in degrees.</summary>
    public double Alpha { get; }
    /// <summary>Angle between a and c in degrees.</summary>
    public double Beta { get; }
    /// <summary>Angle between a and b in degrees.</summary>
    public double Gamma { get; }
    /// <summary>Signed cell volume a·(b×c) in Å³ (positive for a right-handed cell).</summary>
    public double Volume { get; }

    /// <summary>The cell vector by index 0..2.</summary>
    public Vec3 Vector(int i) => i switch { 0 => A, 1 => B, 2 => C, _ => throw new ArgumentOutOfRangeException(nameof(i)) };

    /// <summary>Builds a lattice from three Cartesian vectors (Å).</summary>
    public static Lattice FromVectors(Vec3 a, Vec3 b, Vec3 c) => new(a, b, c);

    /// <summary>
    /// Builds a lattice from cell lengths (Å, &gt; 0) and angles (degrees, in (0, 180), forming a valid cell),
    /// in pymatgen's orientation: a = (a sinβ, 0, a cosβ), c = (0, 0, c).
    /// </summary>
    public static Lattice FromParameters(double a, double b, double c, double alpha, double beta, double gamma)
    {
        if (!(a > 0) || !(b > 0) || !(c > 0))
            throw new ArgumentException("Cell lengths must be positive.");
        if (!(alpha > 0 && alpha < 180 && beta > 0 && beta < 180 && gamma > 0 && gamma < 180))
            throw new ArgumentException("Cell angles must lie strictly between 0 and 180 degrees.");
        double ar = alpha * Math.PI / 180, br = beta * Math.PI / 180, gr = gamma * Math.PI / 180;
        double cosA = Math.Cos(ar), cosB = Math.Cos(br), cosG = Math.Cos(gr);
        double sinA = Math.Sin(ar), sinB = Math.Sin(br);
        double val = (cosA * cosB - cosG) / (sinA * sinB);
        if (val < -1 - 1e-9 || val > 1 + 1e-9)
            throw new ArgumentException("The cell angles do not form a valid cell.");
        val = Math.Clamp(val, -1.0, 1.0);
        double gammaStar = Math.Acos(val);
        var va = new Vec3(a * sinB, 0, a * cosB);
        var vb = new Vec3(-b * sinA * Math.Cos(gammaStar), b * sinA * Math.Sin(gammaStar), b * cosA);
        var vc = new Vec3(0, 0, c);
        return new Lattice(va, vb, vc);
    }

    /// <summary>Fractional to Cartesian (Å).</summary>
    public Vec3 ToCartesian(Vec3 f) => new(
        f.X * _m[0] + f.Y * _m[3] + f.Z * _m[6],
        f.X * _m[1] + f.Y * _m[4] + f.Z * _m[7],
        f.X * _m[2] + f.Y * _m[5] + f.Z * _m[8]);

    /// <summary>Cartesian (Å) to fractional.</summary>
    public Vec3 ToFractional(Vec3 r) => new(
        r.X * _inv[0] + r.Y * _inv[3] + r.Z * _inv[6],
        r.X * _inv[1] + r.Y * _inv[4] + r.Z * _inv[7],
        r.X * _inv[2] + r.Y * _inv[5] + r.Z * _inv[8]);

    /// <summary>
    /// Shortest Cartesian distance (Å) between two fractional points over periodic images, exact for any cell shape
    /// (searches images around the minimum-image guess).
    /// </summary>
    public double MinimumImageDistance(Vec3 f1, Vec3 f2) => MinimumImageVector(f2 - f1).Length;

    /// <summary>
    /// The shortest Cartesian vector (Å) among the periodic images of the fractional difference <paramref name="fracDiff"/>:
    /// right in oblique cells too, where rounding the fractional difference alone is not (e.g. hexagonal cells with
    /// γ = 60°): the 27 images around the rounded difference are compared.
    /// </summary>
    public Vec3 MinimumImageVector(Vec3 fracDiff)
    {
        var d = fracDiff.MinimumImage();
        Vec3 best = default;
        double bestLen = double.MaxValue;
        for (int i = -1; i <= 1; i++)
            for (int j = -1; j <= 1; j++)
                for (int k = -1; k <= 1; k++)
                {
                    var v = ToCartesian(new Vec3(d.X + i, d.Y + j, d.Z + k));
                    double len = Vec3.Dot(v, v);
                    if (len < bestLen)
                    {
                        bestLen = len;
                        best = v;
                    }
                }
        return best;
    }

    /// <summary>Perpendicular widths of the cell (Å): the distance between opposite faces along each axis.</summary>
    public Vec3 PerpendicularWidths()
    {
        double v = Math.Abs(Volume);
        return new Vec3(v / Vec3.Cross(B, C).Length, v / Vec3.Cross(C, A).Length, v / Vec3.Cross(A, B).Length);
    }

    private static double AngleDeg(Vec3 u, Vec3 v)
        => Math.Acos(Math.Clamp(Vec3.Dot(u, v) / (u.Length * v.Length), -1.0, 1.0)) * 180.0 / Math.PI;

    private static double[] Invert(double[] m)
    {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return
        [
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det,
        ];
    }
}
