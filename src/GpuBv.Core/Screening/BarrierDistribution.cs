namespace GpuBv.Screening;

/// <summary>
/// How E_1D, E_2D and E_3D are distributed over the ok rows of a screen: the values, how many are above encut (empty in
/// the table), and how many lie at or below chosen levels.
/// </summary>
/// <param name="Values">Per dimension (index 0 for E_1D), the barriers below encut, ascending.</param>
/// <param name="AboveEncut">Per dimension, ok rows whose barrier is empty (above encut).</param>
/// <param name="Levels">The levels counted below (eV), ascending.</param>
/// <param name="Below">Per dimension and level, rows with a barrier at or below the level.</param>
/// <param name="NotOk">Rows that are not ok (skipped, error, timeout).</param>
public sealed record BarrierDistribution(IReadOnlyList<double[]> Values, IReadOnlyList<int> AboveEncut, IReadOnlyList<double> Levels,
    IReadOnlyList<int[]> Below, int NotOk)
{
    /// <summary>The default levels: 0.3, 0.5 and 1 eV (fast, moderate and slow conductors at room temperature).</summary>
    public static IReadOnlyList<double> DefaultLevels { get; } = [0.3, 0.5, 1.0];

    /// <summary>The ok rows of <paramref name="rows"/>; an <see cref="InputException"/> naming the table when there are none.</summary>
    /// <param name="rows">The screen's rows.</param>
    /// <param name="source">The table's file, for errors.</param>
    /// <param name="levels">Levels to count below (eV; null: <see cref="DefaultLevels"/>).</param>
    public static BarrierDistribution From(IReadOnlyList<ScreenRow> rows, string source, IReadOnlyList<double>? levels = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var lv = (levels ?? DefaultLevels).OrderBy(x => x).ToArray();
        if (lv.Length == 0 || lv.Any(x => !double.IsFinite(x) || x <= 0))
        {
            throw new InputException(InputParameter.Levels, string.Join(",", lv), "must be positive numbers of eV");
        }
        var ok = rows.Where(r => r.Status == ScreenStatus.Ok).ToList();
        if (ok.Count == 0)
        {
            throw new InputException(source, "", $"no ok row ({rows.Count} row(s), none ok): nothing to draw");
        }
        var values = new List<double[]>();
        var above = new List<int>();
        var below = new List<int[]>();
        foreach (var pick in new Func<ScreenRow, double?>[] { r => r.E1D, r => r.E2D, r => r.E3D })
        {
            var v = ok.Select(pick).OfType<double>().Order().ToArray();
            values.Add(v);
            above.Add(ok.Count - v.Length);
            below.Add(lv.Select(l => v.Count(x => x <= l)).ToArray());
        }
        return new BarrierDistribution(values, above, lv, below, rows.Count - ok.Count);
    }
}
