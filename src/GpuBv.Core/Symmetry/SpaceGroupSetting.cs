namespace GpuBv.Symmetry;

/// <summary>
/// One of the 530 space-group settings of spglib's Hall-symbol database (see <see cref="SpaceGroupTable"/>):
/// a space-group type in a particular choice of cell axes and origin.
/// </summary>
/// <param name="HallNumber">spglib's serial number of the setting, 1–530.</param>
/// <param name="Number">International Tables space-group number, 1–230.</param>
/// <param name="HermannMauguinShort">Short Hermann–Mauguin symbol as spglib writes it (<c>P2_1/c</c>, <c>Pbnm</c>, <c>Fd-3m</c>).</param>
/// <param name="HermannMauguinFull">Full Hermann–Mauguin symbol (<c>P 1 2_1/c 1</c>, <c>P 2_1/b 2_1/n 2_1/m</c>).</param>
/// <param name="HermannMauguinSetting">The symbol of this setting with spaces (<c>P 1 2_1/c 1</c>, <c>P b n m</c>, <c>R -3 c</c>).</param>
/// <param name="Choice">spglib's setting code: empty, unique axis and cell (<c>b1</c>, <c>-c2</c>), axis permutation
/// (<c>ba-c</c>, <c>cab</c>), origin choice (<c>1</c>, <c>2</c>, <c>1cab</c>, …) or rhombohedral axes (<c>H</c>, <c>R</c>).</param>
/// <param name="Hall">The Hall symbol (<c>-P 2ybc</c>), from which <see cref="Operators"/> is built.</param>
public sealed record SpaceGroupSetting(
    int HallNumber,
    int Number,
    string HermannMauguinShort,
    string HermannMauguinFull,
    string HermannMauguinSetting,
    string Choice,
    string Hall)
{
    private sealed class OperatorCache(string hall, IReadOnlyList<SymOp> operators)
    {
        public readonly string Hall = hall;
        public readonly IReadOnlyList<SymOp> Operators = operators;
    }

    private OperatorCache? _cache;

    /// <summary>
    /// All symmetry operators of this setting in its conventional cell (identity first, centring translations
    /// included), expanded from <see cref="Hall"/> on first use and cached.
    /// </summary>
    public IReadOnlyList<SymOp> Operators
    {
        get
        {
            var c = _cache;
            if (c is null || !string.Equals(c.Hall, Hall, StringComparison.Ordinal))
            {
                c = new OperatorCache(Hall, HallSymbol.Expand(Hall));
                _cache = c;
            }
            return c.Operators;
        }
    }

    /// <summary>True for the rhombohedral-axes setting of an R group (choice <c>R</c>, primitive rhombohedral cell).</summary>
    public bool IsRhombohedralAxes => Choice == "R";

    /// <summary>True when the cell has hexagonal axes: every trigonal and hexagonal setting (143–194) except the
    /// rhombohedral-axes settings of R groups (so the <c>H</c> setting of an R group counts).</summary>
    public bool IsHexagonalAxes => Number is >= 143 and <= 194 && !IsRhombohedralAxes;

    /// <summary>The origin choice (1 or 2) for groups that have two, else null.</summary>
    public int? OriginChoice => Choice.Length > 0 && Choice[0] is '1' or '2' ? Choice[0] - '0' : null;

    /// <summary>The lattice (centring) letter of the Hall symbol: P A B C I R F (P also for R groups on rhombohedral axes).</summary>
    public char Centring => Hall.TrimStart('-', ' ') is { Length: > 0 } h ? char.ToUpperInvariant(h[0]) : 'P';

    /// <summary>Settings are equal when all their table fields are equal (the operator cache is ignored).</summary>
    public bool Equals(SpaceGroupSetting? other) =>
        other is not null && HallNumber == other.HallNumber && Number == other.Number
        && HermannMauguinShort == other.HermannMauguinShort && HermannMauguinFull == other.HermannMauguinFull
        && HermannMauguinSetting == other.HermannMauguinSetting && Choice == other.Choice && Hall == other.Hall;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HallNumber, Number, Choice, Hall);

    /// <summary>E.g. <c>P 1 2_1/c 1 (No. 14, Hall '-P 2ybc')</c>; with <c>:1</c>/<c>:2</c>/<c>:H</c>/<c>:R</c> where it matters.</summary>
    public override string ToString()
    {
        string suffix = OriginChoice is { } o ? $":{o}" : Choice is "H" or "R" ? $":{Choice}" : "";
        return $"{HermannMauguinSetting}{suffix} (No. {Number}, Hall '{Hall}')";
    }
}
