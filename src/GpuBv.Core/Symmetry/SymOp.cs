using System.Globalization;
using System.Text;
using GpuBv.Crystal;

namespace GpuBv.Symmetry;

/// <summary>
/// A crystallographic symmetry operation x' = R·x + t on fractional coordinates: an integer rotation part R
/// (row-major, 9 entries) and a translation t, kept reduced into [0, 1) unless built with <c>reduce: false</c>.
/// Immutable value type.
/// </summary>
public readonly struct SymOp : IEquatable<SymOp>
{
    private readonly int[] _r;
    private readonly double[] _t;

    /// <summary>Creates an operation from a row-major 3×3 rotation and a translation.</summary>
    public SymOp(ReadOnlySpan<int> rotation, Vec3 translation, bool reduce = true)
    {
        if (rotation.Length != 9)
            throw new ArgumentException("A rotation has 9 entries.", nameof(rotation));
        _r = rotation.ToArray();
        _t = reduce
            ? [ReduceT(translation.X), ReduceT(translation.Y), ReduceT(translation.Z)]
            : [translation.X, translation.Y, translation.Z];
    }

    /// <summary>The identity x, y, z.</summary>
    public static SymOp Identity { get; } = new([1, 0, 0, 0, 1, 0, 0, 0, 1], Vec3.Zero);

    /// <summary>Rotation entry R[row, col].</summary>
    public int R(int row, int col) => (_r ?? Identity._r)[3 * row + col];

    /// <summary>The rotation part, row-major.</summary>
    public ReadOnlySpan<int> Rotation => _r ?? Identity._r;

    /// <summary>The translation part.</summary>
    public Vec3 Translation => _t is null ? Vec3.Zero : new Vec3(_t[0], _t[1], _t[2]);

    /// <summary>Determinant of the rotation part (+1 proper, −1 improper).</summary>
    public int Determinant
    {
        get
        {
            var r = Rotation;
            return r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
        }
    }

    /// <summary>Applies the operation to fractional coordinates (no wrapping).</summary>
    public Vec3 Apply(Vec3 x)
    {
        var r = Rotation;
        var t = Translation;
        return new Vec3(
            r[0] * x.X + r[1] * x.Y + r[2] * x.Z + t.X,
            r[3] * x.X + r[4] * x.Y + r[5] * x.Z + t.Y,
            r[6] * x.X + r[7] * x.Y + r[8] * x.Z + t.Z);
    }

    /// <summary>The product this ∘ other (apply <paramref name="other"/> first), translation reduced.</summary>
    public SymOp Compose(SymOp other)
    {
        var a = Rotation;
        var b = other.Rotation;
        Span<int> r = stackalloc int[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
        var tb = other.Translation;
        var ta = Translation;
        var t = new Vec3(
            a[0] * tb.X + a[1] * tb.Y + a[2] * tb.Z + ta.X,
            a[3] * tb.X + a[4] * tb.Y + a[5] * tb.Z + ta.Y,
            a[6] * tb.X + a[7] * tb.Y + a[8] * tb.Z + ta.Z);
        return new SymOp(r, t);
    }

    /// <summary>True when the rotations are equal and the translations agree modulo lattice vectors within 1e-6.</summary>
    public bool Equals(SymOp other)
    {
        var a = Rotation;
        var b = other.Rotation;
        for (int i = 0; i < 9; i++)
            if (a[i] != b[i])
                return false;
        var d = (Translation - other.Translation).MinimumImage();
        return Math.Abs(d.X) < 1e-6 && Math.Abs(d.Y) < 1e-6 && Math.Abs(d.Z) < 1e-6;
    }

    /// <summary>True when <paramref name="obj"/> is a <see cref="SymOp"/> equal to this one.</summary>
    public override bool Equals(object? obj) => obj is SymOp o && Equals(o);

    /// <summary>
    /// Hash of the rotation and of the translation rounded to 1/48 (consistent with the tolerance of
    /// <see cref="Equals(SymOp)"/> for crystallographic translations).
    /// </summary>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var v in Rotation)
            h.Add(v);
        var t = Translation;
        h.Add(Bucket(t.X));
        h.Add(Bucket(t.Y));
        h.Add(Bucket(t.Z));
        return h.ToHashCode();
    }

    private static int Bucket(double t) => (((int)Math.Round(t * 48) % 48) + 48) % 48;

    /// <summary>Equality as <see cref="Equals(SymOp)"/>.</summary>
    public static bool operator ==(SymOp a, SymOp b) => a.Equals(b);

    /// <summary>Inequality as <see cref="Equals(SymOp)"/>.</summary>
    public static bool operator !=(SymOp a, SymOp b) => !a.Equals(b);

    /// <summary>
    /// Parses an operator written as in CIF (<c>-y+1/2, x, z+0.25</c>, <c>'x-y,x,-z'</c>, <c>X,Y,Z</c>, <c>1/2+x</c>).
    /// Throws <see cref="FormatException"/> with the reason when the text is not a valid affine operator.
    /// </summary>
    public static SymOp Parse(string text)
    {
        var s = text.Trim().Trim('\'', '"').Replace(" ", "", StringComparison.Ordinal);
        var parts = s.Split(',');
        if (parts.Length != 3)
            throw new FormatException($"symmetry operator '{text}' does not have three comma-separated parts");
        Span<int> r = stackalloc int[9];
        Span<double> t = stackalloc double[3];
        for (int row = 0; row < 3; row++)
            ParseRow(parts[row], text, r.Slice(3 * row, 3), out t[row]);
        var op = new SymOp(r, new Vec3(t[0], t[1], t[2]));
        if (Math.Abs(op.Determinant) != 1)
            throw new FormatException($"symmetry operator '{text}' has a rotation with determinant {op.Determinant}");
        return op;
    }

    /// <summary>Tries to parse; returns false (and a reason) instead of throwing.</summary>
    public static bool TryParse(string text, out SymOp op, out string? error)
    {
        try
        {
            op = Parse(text);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            op = default;
            error = e.Message;
            return false;
        }
    }

    private static void ParseRow(string expr, string whole, Span<int> row, out double trans)
    {
        trans = 0;
        if (expr.Length == 0)
            throw new FormatException($"symmetry operator '{whole}' has an empty part");
        int i = 0;
        bool any = false;
        while (i < expr.Length)
        {
            int sign = 1;
            if (expr[i] == '+' || expr[i] == '-')
            {
                sign = expr[i] == '-' ? -1 : 1;
                i++;
            }
            if (i >= expr.Length)
                throw new FormatException($"symmetry operator '{whole}' ends with a sign");
            char c = char.ToLowerInvariant(expr[i]);
            if (c is 'x' or 'y' or 'z')
            {
                row[c - 'x'] += sign;
                i++;
                any = true;
                continue;
            }
            // A number, possibly a fraction, possibly followed by '*'? and an axis (e.g. 2x is not crystallographic but tolerate 1/2).
            int start = i;
            while (i < expr.Length && (char.IsDigit(expr[i]) || expr[i] == '.'))
                i++;
            if (i == start)
                throw new FormatException($"symmetry operator '{whole}' has an unexpected character '{expr[i]}'");
            if (!double.TryParse(expr.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double num))
                throw new FormatException($"symmetry operator '{whole}' has a bad number '{expr[start..i]}'");
            if (i < expr.Length && expr[i] == '/')
            {
                i++;
                int ds = i;
                while (i < expr.Length && (char.IsDigit(expr[i]) || expr[i] == '.'))
                    i++;
                if (i == ds
                    || !double.TryParse(expr.AsSpan(ds, i - ds), NumberStyles.Float, CultureInfo.InvariantCulture, out double den)
                    || den == 0)
                    throw new FormatException($"symmetry operator '{whole}' has a bad fraction");
                num /= den;
            }
            if (i < expr.Length && expr[i] == '*')
                i++;
            if (i < expr.Length && char.ToLowerInvariant(expr[i]) is 'x' or 'y' or 'z')
            {
                double coef = sign * num;
                int ic = (int)Math.Round(coef);
                if (Math.Abs(coef - ic) > 1e-9)
                    throw new FormatException($"symmetry operator '{whole}' has a non-integer rotation coefficient");
                row[char.ToLowerInvariant(expr[i]) - 'x'] += ic;
                i++;
                any = true;
            }
            else
            {
                trans += sign * num;
                any = true;
            }
        }
        if (!any)
            throw new FormatException($"symmetry operator '{whole}' has an empty part");
    }

    /// <summary>Writes the operator in CIF's xyz form with fractions (e.g. <c>-y+1/2,x,z+1/4</c>).</summary>
    public string ToXyz()
    {
        var sb = new StringBuilder();
        var r = Rotation;
        var t = Translation;
        for (int row = 0; row < 3; row++)
        {
            if (row > 0)
                sb.Append(',');
            bool first = true;
            for (int col = 0; col < 3; col++)
            {
                int v = r[3 * row + col];
                if (v == 0)
                    continue;
                if (v < 0)
                    sb.Append('-');
                else if (!first)
                    sb.Append('+');
                if (Math.Abs(v) != 1)
                    sb.Append(Math.Abs(v));
                sb.Append((char)('x' + col));
                first = false;
            }
            double tv = t[row];
            if (Math.Abs(tv) > 1e-9)
            {
                sb.Append(first ? "" : "+").Append(Fraction(tv));
            }
            else if (first)
                sb.Append('0');
        }
        return sb.ToString();
    }

    /// <summary>The operator in CIF's xyz form (<see cref="ToXyz"/>).</summary>
    public override string ToString() => ToXyz();

    private static string Fraction(double v)
    {
        foreach (int den in new[] { 2, 3, 4, 6, 8, 12, 24, 48 })
        {
            double num = v * den;
            if (Math.Abs(num - Math.Round(num)) < 1e-6)
                return $"{(int)Math.Round(num)}/{den}";
        }
        return v.ToString("0.######", CultureInfo.InvariantCulture);
    }

    private static double ReduceT(double v)
    {
        double w = v - Math.Floor(v);
        if (w > 1 - 1e-9)
            w = 0;
        if (w < 1e-9)
            w = 0;
        return w;
    }
}
