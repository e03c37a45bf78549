using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using GpuBv.Crystal;

namespace GpuBv.Symmetry;

/// <summary>
/// Hall symbols (S. R. Hall, Acta Cryst. A37 (1981) 517; R. W. Grosse-Kunstleve, "Hall symbols",
/// http://cci.lbl.gov/sginfo/hall_symbols.html, as used by sgtbx and spglib): parsing and expansion into the
/// full list of symmetry operators of the space group, centring translations included.
/// </summary>
/// <remarks>
/// A Hall symbol is <c>[-]L N₁ [N₂ [N₃ [N₄]]] [(V)]</c>:
/// <list type="bullet">
/// <item><c>-</c> adds the inversion at the origin; <c>L</c> is the lattice (centring) symbol P A B C I R S T F.</item>
/// <item>Each matrix symbol is <c>[-]N[s][A][T…]</c>: order N ∈ {1,2,3,4,6} (a leading <c>-</c> makes it improper),
/// an optional screw subscript s (1…N−1, translation s/N along the axis), an axis A (x y z; <c>'</c> or <c>"</c> for
/// the two-fold axes along a−b and a+b, taken perpendicular to the preceding axis; <c>*</c> for the three-fold axis
/// along a+b+c) and translation symbols a b c n u v w d.</item>
/// <item>Axes may be implicit: the first matrix is along z; a second two-fold is along x after a 2 or 4 and along
/// a−b (<c>'</c>) after a 3 or 6; a third three-fold is along a+b+c (<c>*</c>).</item>
/// <item>The optional change of basis <c>(0 0 1)</c> (a shift in twelfths) or <c>(x,y,z+1/12)</c> (an operator V with a
/// unimodular integer rotation) turns every operation G into V·G·V⁻¹.</item>
/// </list>
/// Spaces between the parts may be missing or repeated (but not inside a matrix symbol), <c>_</c> counts as a
/// space, and case is ignored. A symbol whose operators do not close into a space group with exactly the lattice's
/// centring translations (more than 192 operations, or extra pure translations) is rejected.
/// </remarks>
public static class HallSymbol
{
    /// <summary>The largest group the parser accepts (m-3m with a four-fold centred cell).</summary>
    private const int MaxOrder = 192;

    private const int CacheLimit = 4096;
    private static readonly ConcurrentDictionary<string, IReadOnlyList<SymOp>> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Expands a Hall symbol into all symmetry operators of the group in the cell it describes (identity first,
    /// lattice-centring translations included, translations reduced into [0, 1)).
    /// Results are cached, so repeated calls with the same text are cheap; the list is read-only and shared.
    /// </summary>
    /// <param name="hall">The Hall symbol, e.g. <c>-P 2ybc</c>, <c>-F 4 2 3</c>, <c>P 61 2 (0 0 -1)</c>.</param>
    /// <exception cref="FormatException">The text is not a valid Hall symbol (the message says why).</exception>
    public static IReadOnlyList<SymOp> Expand(string hall)
    {
        ArgumentNullException.ThrowIfNull(hall);
        if (Cache.TryGetValue(hall, out var cached))
            return cached;
        var parsed = Parse(hall);
        var ops = Closure(hall, parsed.Generators());
        int pureTranslations = ops.Count(o => IsIdentityRotation(o));
        int centring = 1 + CentringVectors(parsed.Lattice).Count();
        if (pureTranslations != centring)
        {
            throw Fail(hall, $"the operators generate {pureTranslations} pure translations per cell where lattice {parsed.Lattice} "
                + $"has {centring}; the symbol does not describe a space group in this cell");
        }
        var result = Array.AsReadOnly(ops);
        if (Cache.Count < CacheLimit)
            Cache.TryAdd(hall, result);
        return result;
    }

    /// <summary>Like <see cref="Expand"/> but returns false and the reason instead of throwing.</summary>
    public static bool TryExpand(string hall, out IReadOnlyList<SymOp> operators, out string? error)
    {
        try
        {
            operators = Expand(hall);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            operators = [];
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Rewrites a Hall symbol in canonical spelling: single spaces between the parts, upper-case lattice letter,
    /// lower-case matrix symbols written as order, screw digit, axis (only where it differs from the implicit one),
    /// then translation letters in the order a b c n u v w d, and the change of basis as <c>(0 0 1)</c> or in xyz
    /// form. Different spellings of the same symbol give the same text (used to look symbols up in
    /// <see cref="SpaceGroupTable"/>); different symbols for the same group generally do not.
    /// </summary>
    /// <exception cref="FormatException">The text is not a valid Hall symbol.</exception>
    public static string Normalize(string hall)
    {
        ArgumentNullException.ThrowIfNull(hall);
        return Parse(hall).ToCanonical();
    }

    // ------------------------------------------------------------------ parsing

    private sealed class Parsed
    {
        public bool Centrosymmetric;
        public char Lattice;
        public readonly List<MatrixSymbol> Matrices = [];
        public SymOp? ChangeOfBasis;
        public string CobCanonical = "";

        public List<SymOp> Generators()
        {
            var gens = new List<SymOp>();
            if (Centrosymmetric)
                gens.Add(new SymOp([-1, 0, 0, 0, -1, 0, 0, 0, -1], Vec3.Zero));
            foreach (var t in CentringVectors(Lattice))
                gens.Add(new SymOp([1, 0, 0, 0, 1, 0, 0, 0, 1], t));
            foreach (var m in Matrices)
                gens.Add(m.Op);
            if (ChangeOfBasis is { } v)
            {
                var vinv = Inverse(v);
                for (int i = 0; i < gens.Count; i++)
                    gens[i] = Snap(v.Compose(gens[i]).Compose(vinv));
            }
            return gens;
        }

        public string ToCanonical()
        {
            var sb = new StringBuilder();
            if (Centrosymmetric)
                sb.Append('-');
            sb.Append(Lattice);
            foreach (var m in Matrices)
                sb.Append(' ').Append(m.Canonical);
            if (CobCanonical.Length > 0)
                sb.Append(" (").Append(CobCanonical).Append(')');
            return sb.ToString();
        }
    }

    private readonly record struct MatrixSymbol(SymOp Op, string Canonical, int Order, char Axis);

    private static Parsed Parse(string hall)
    {
        string s = hall.Replace('_', ' ').Replace('\t', ' ').Trim();
        if (s.Length == 0)
            throw Fail(hall, "the symbol is empty");

        var result = new Parsed();
        string main = s;
        int open = s.IndexOf('(');
        if (open >= 0)
        {
            int close = s.IndexOf(')', open + 1);
            if (close < 0)
                throw Fail(hall, "the change-of-basis part has no closing ')'");
            if (s.AsSpan(close + 1).Trim().Length > 0)
                throw Fail(hall, $"unexpected text '{s[(close + 1)..].Trim()}' after ')'");
            main = s[..open];
            ParseChangeOfBasis(hall, s[(open + 1)..close], result);
        }
        else if (s.Contains(')'))
            throw Fail(hall, "')' without '('");

        int i = 0;
        SkipBlanks(main, ref i);
        if (i < main.Length && main[i] == '-')
        {
            result.Centrosymmetric = true;
            i++;
            SkipBlanks(main, ref i);
        }
        if (i >= main.Length)
            throw Fail(hall, "the lattice symbol is missing");
        char lat = char.ToUpperInvariant(main[i]);
        if ("PABCIRSTF".IndexOf(lat) < 0)
            throw Fail(hall, $"'{main[i]}' is not a lattice symbol (expected one of P A B C I R S T F)");
        result.Lattice = lat;
        i++;

        // Split the rest into matrix symbols: blanks separate them, and a '-' inside a word starts a new one.
        var words = new List<string>();
        var cur = new StringBuilder();
        for (; i < main.Length; i++)
        {
            char c = main[i];
            if (char.IsWhiteSpace(c))
            {
                if (cur.Length > 0)
                {
                    words.Add(cur.ToString());
                    cur.Clear();
                }
            }
            else
            {
                if (c == '-' && cur.Length > 0)
                {
                    words.Add(cur.ToString());
                    cur.Clear();
                }
                cur.Append(c);
            }
        }
        if (cur.Length > 0)
            words.Add(cur.ToString());
        if (words.Count == 0)
            throw Fail(hall, "no matrix symbol after the lattice symbol (write e.g. 'P 1')");
        if (words.Count > 4)
            throw Fail(hall, $"{words.Count} matrix symbols; a Hall symbol has at most four");

        int prevOrder = 0;
        char prevAxis = 'z';
        for (int k = 0; k < words.Count; k++)
        {
            var m = ParseMatrix(hall, words[k], k + 1, prevOrder, prevAxis);
            result.Matrices.Add(m);
            if (m.Order != 1)
            {
                prevOrder = m.Order;
                prevAxis = m.Axis;
            }
        }
        return result;
    }

    private static MatrixSymbol ParseMatrix(string hall, string word, int position, int prevOrder, char prevAxis)
    {
        int p = 0;
        bool improper = false;
        if (word[p] == '-')
        {
            improper = true;
            p++;
        }
        if (p >= word.Length)
            throw Fail(hall, "'-' is not followed by a rotation order");
        int n = word[p] switch { '1' => 1, '2' => 2, '3' => 3, '4' => 4, '6' => 6, _ => 0 };
        if (n == 0)
            throw Fail(hall, $"matrix symbol '{word}' must start with a rotation order 1, 2, 3, 4 or 6");
        p++;

        int screw = 0;
        char principal = '\0', diagonal = '\0';
        var trans = new bool[8]; // a b c n u v w d
        const string TransLetters = "abcnuvwd";
        for (; p < word.Length; p++)
        {
            char c = char.ToLowerInvariant(word[p]);
            if (c is >= '1' and <= '5')
            {
                if (screw != 0)
                    throw Fail(hall, $"matrix symbol '{word}' has two screw subscripts");
                screw = c - '0';
                if (screw >= n)
                    throw Fail(hall, $"matrix symbol '{word}': screw subscript {screw} must be smaller than the order {n}");
            }
            else if (c is 'x' or 'y' or 'z')
            {
                if (principal != '\0')
                    throw Fail(hall, $"matrix symbol '{word}' has two axis symbols");
                principal = c;
            }
            else if (c is '\'' or '"' or '*')
            {
                if (diagonal != '\0')
                    throw Fail(hall, $"matrix symbol '{word}' has two axis symbols");
                if (c == '*' && n != 3)
                    throw Fail(hall, $"matrix symbol '{word}': the body-diagonal axis '*' needs order 3");
                if (c != '*' && n != 2)
                    throw Fail(hall, $"matrix symbol '{word}': the face-diagonal axes ' and \" need order 2");
                diagonal = c;
            }
            else
            {
                int ti = TransLetters.IndexOf(c);
                if (ti < 0)
                    throw Fail(hall, $"matrix symbol '{word}' has an unexpected character '{word[p]}'");
                if (trans[ti])
                    throw Fail(hall, $"matrix symbol '{word}' repeats the translation symbol '{c}'");
                trans[ti] = true;
            }
        }
        if (diagonal == '*' && principal != '\0')
            throw Fail(hall, $"matrix symbol '{word}' combines '*' with an axis x, y or z");

        // Implicit axes.
        char defPrincipal = '\0', defDiagonal = '\0';
        if (position == 1)
            defPrincipal = 'z';
        else if (position == 2 && n == 2 && prevOrder is 2 or 4)
            defPrincipal = 'x';
        else if (position == 2 && n == 2 && prevOrder is 3 or 6)
            defDiagonal = '\'';
        else if (position == 3 && n == 3)
            defDiagonal = '*';
        bool explicitAxis = principal != '\0' || diagonal != '\0';
        bool axisIsDefault = !explicitAxis
            || (diagonal == '\0' ? defDiagonal == '\0' && principal == defPrincipal : principal == '\0' && diagonal == defDiagonal);
        if (!explicitAxis)
        {
            principal = defPrincipal;
            diagonal = defDiagonal;
            if (principal == '\0' && diagonal == '\0' && n != 1)
                throw Fail(hall, $"matrix symbol '{word}' (position {position}) needs an explicit axis");
        }
        // A face diagonal is perpendicular to the given axis, else to the preceding rotation axis.
        if (diagonal is '\'' or '"' && principal == '\0')
            principal = prevAxis;
        if (screw != 0 && (diagonal != '\0' || n == 1))
            throw Fail(hall, $"matrix symbol '{word}': a screw subscript needs a rotation about x, y or z");

        int[] rz = diagonal != '\0' ? RotationZ(diagonal) : RotationZ(n);
        int[] r = principal switch
        {
            'x' => Permute(rz, 2, 0, 1),
            'y' => Permute(rz, 1, 2, 0),
            _ => rz,
        };
        if (n == 1)
            r = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        if (improper)
            for (int j = 0; j < 9; j++)
                r[j] = -r[j];

        double tx = 0, ty = 0, tz = 0;
        if (trans[0])
            tx += 0.5;
        if (trans[1])
            ty += 0.5;
        if (trans[2])
            tz += 0.5;
        if (trans[3])
        {
            tx += 0.5;
            ty += 0.5;
            tz += 0.5;
        }
        if (trans[4])
            tx += 0.25;
        if (trans[5])
            ty += 0.25;
        if (trans[6])
            tz += 0.25;
        if (trans[7])
        {
            tx += 0.25;
            ty += 0.25;
            tz += 0.25;
        }
        if (screw != 0)
        {
            double f = (double)screw / n;
            switch (principal)
            {
                case 'x':
                    tx += f;
                    break;
                case 'y':
                    ty += f;
                    break;
                default:
                    tz += f;
                    break;
            }
        }

        // Canonical spelling: the axis only where it differs from the implicit one.
        var canon = new StringBuilder();
        if (improper)
            canon.Append('-');
        canon.Append((char)('0' + n));
        if (screw != 0)
            canon.Append((char)('0' + screw));
        string written = word.ToLowerInvariant();
        if (!axisIsDefault)
            foreach (char c in "xyz'\"*")
                if (written.Contains(c))
                    canon.Append(c);
        for (int j = 0; j < 8; j++)
            if (trans[j])
                canon.Append(TransLetters[j]);

        var op = Snap(new SymOp(r, new Vec3(tx, ty, tz)));
        return new MatrixSymbol(op, canon.ToString(), n, diagonal == '\0' ? principal : (diagonal == '*' ? '*' : principal));
    }

    private static void ParseChangeOfBasis(string hall, string inner, Parsed result)
    {
        string text = inner.Trim();
        if (text.Length == 0)
            throw Fail(hall, "the change-of-basis part '()' is empty");
        if (text.Contains(','))
        {
            SymOp v;
            try
            {
                v = SymOp.Parse(text);
            }
            catch (FormatException e)
            {
                throw Fail(hall, $"bad change-of-basis operator: {e.Message}");
            }
            result.ChangeOfBasis = Snap(v);
            result.CobCanonical = result.ChangeOfBasis.Value.ToXyz();
            return;
        }
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
            throw Fail(hall, $"change of basis '({inner})' must be three integers (twelfths) or an operator like (x,y,z+1/4)");
        var shift = new int[3];
        for (int k = 0; k < 3; k++)
            if (!int.TryParse(parts[k], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out shift[k]))
                throw Fail(hall, $"change of basis '({inner})': '{parts[k]}' is not an integer");
        result.ChangeOfBasis = new SymOp([1, 0, 0, 0, 1, 0, 0, 0, 1], new Vec3(shift[0] / 12.0, shift[1] / 12.0, shift[2] / 12.0));
        result.CobCanonical = string.Join(' ', shift.Select(x => x.ToString(CultureInfo.InvariantCulture)));
    }

    private static void SkipBlanks(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
            i++;
    }

    private static FormatException Fail(string hall, string reason) => new($"invalid Hall symbol '{hall}': {reason}");

    // ------------------------------------------------------------------ matrices

    /// <summary>Rotation matrices about z (Hall's table), and the diagonal two-folds / three-fold.</summary>
    private static int[] RotationZ(int n) => n switch
    {
        1 => [1, 0, 0, 0, 1, 0, 0, 0, 1],
        2 => [-1, 0, 0, 0, -1, 0, 0, 0, 1],
        3 => [0, -1, 0, 1, -1, 0, 0, 0, 1],
        4 => [0, -1, 0, 1, 0, 0, 0, 0, 1],
        6 => [1, -1, 0, 1, 0, 0, 0, 0, 1],
        _ => throw new ArgumentOutOfRangeException(nameof(n)),
    };

    private static int[] RotationZ(char diagonal) => diagonal switch
    {
        '\'' => [0, -1, 0, -1, 0, 0, 0, 0, -1],
        '"' => [0, 1, 0, 1, 0, 0, 0, 0, -1],
        '*' => [0, 0, 1, 1, 0, 0, 0, 1, 0],
        _ => throw new ArgumentOutOfRangeException(nameof(diagonal)),
    };

    /// <summary>Re-expresses a matrix given for the z axis for another axis by cyclic relabelling (i, j, k).</summary>
    private static int[] Permute(int[] r, int i, int j, int k)
    {
        int[] idx = [i, j, k];
        var m = new int[9];
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                m[3 * a + b] = r[3 * idx[a] + idx[b]];
        return m;
    }

    private static IEnumerable<Vec3> CentringVectors(char lattice)
    {
        const double h = 0.5, t1 = 1.0 / 3, t2 = 2.0 / 3;
        return lattice switch
        {
            'P' => [],
            'A' => [new Vec3(0, h, h)],
            'B' => [new Vec3(h, 0, h)],
            'C' => [new Vec3(h, h, 0)],
            'I' => [new Vec3(h, h, h)],
            'R' => [new Vec3(t2, t1, t1), new Vec3(t1, t2, t2)],
            'S' => [new Vec3(t1, t1, t2), new Vec3(t2, t2, t1)],
            'T' => [new Vec3(t1, t2, t1), new Vec3(t2, t1, t2)],
            'F' => [new Vec3(0, h, h), new Vec3(h, 0, h), new Vec3(h, h, 0)],
            _ => throw new ArgumentOutOfRangeException(nameof(lattice)),
        };
    }

    private static bool IsIdentityRotation(SymOp op)
    {
        var r = op.Rotation;
        return r[0] == 1 && r[4] == 1 && r[8] == 1 && r[1] == 0 && r[2] == 0 && r[3] == 0 && r[5] == 0 && r[6] == 0 && r[7] == 0;
    }

    /// <summary>The inverse of an operation whose rotation has determinant ±1.</summary>
    internal static SymOp Inverse(SymOp op)
    {
        var r = op.Rotation;
        int det = op.Determinant;
        if (det is not (1 or -1))
            throw new ArgumentException("the rotation is not unimodular", nameof(op));
        int[] inv =
        [
            (r[4] * r[8] - r[5] * r[7]) * det, (r[2] * r[7] - r[1] * r[8]) * det, (r[1] * r[5] - r[2] * r[4]) * det,
            (r[5] * r[6] - r[3] * r[8]) * det, (r[0] * r[8] - r[2] * r[6]) * det, (r[2] * r[3] - r[0] * r[5]) * det,
            (r[3] * r[7] - r[4] * r[6]) * det, (r[1] * r[6] - r[0] * r[7]) * det, (r[0] * r[4] - r[1] * r[3]) * det,
        ];
        var t = op.Translation;
        var it = new Vec3(
            -(inv[0] * t.X + inv[1] * t.Y + inv[2] * t.Z),
            -(inv[3] * t.X + inv[4] * t.Y + inv[5] * t.Z),
            -(inv[6] * t.X + inv[7] * t.Y + inv[8] * t.Z));
        return Snap(new SymOp(inv, it));
    }

    /// <summary>Rounds translation components lying within 1e-6 of a multiple of 1/48 onto it (keeps products exact).</summary>
    private static SymOp Snap(SymOp op)
    {
        var t = op.Translation;
        double x = SnapValue(t.X), y = SnapValue(t.Y), z = SnapValue(t.Z);
        if (x == t.X && y == t.Y && z == t.Z)
            return op;
        return new SymOp(op.Rotation, new Vec3(x, y, z));
    }

    private static double SnapValue(double v)
    {
        double k = Math.Round(v * 48);
        return Math.Abs(v * 48 - k) < 1e-6 ? k / 48 : v;
    }

    /// <summary>Closes the generators into a group (identity first); throws when it exceeds <see cref="MaxOrder"/>.</summary>
    private static SymOp[] Closure(string hall, List<SymOp> generators)
    {
        var list = new List<SymOp>(48) { SymOp.Identity };
        var seen = new HashSet<SymOp> { SymOp.Identity };
        for (int i = 0; i < list.Count; i++)
        {
            foreach (var g in generators)
            {
                var p = Snap(g.Compose(list[i]));
                if (seen.Add(p))
                {
                    list.Add(p);
                    if (list.Count > MaxOrder)
                    {
                        throw Fail(hall,
                            $"the generators give more than {MaxOrder} operations, so they do not describe a space group in this cell");
                    }
                }
            }
        }
        return [.. list];
    }
}
