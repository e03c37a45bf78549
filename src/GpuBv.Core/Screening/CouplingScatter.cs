using GpuBv.Groups;

namespace GpuBv.Screening;

/// <summary>One structure of a coupling screen placed on the seed paper's Figure 1(a).</summary>
/// <param name="Name">The structure's name (its row's file).</param>
/// <param name="Formula">Its reduced formula, for a label.</param>
/// <param name="ERot">E_rot (eV), the x axis.</param>
/// <param name="EMig">E_mig (eV), the y axis; null when above encut (drawn at the top edge).</param>
/// <param name="Mode">Rotate or vibrate under the figure's threshold (rotate also for free rotation or E_mig above encut).</param>
public sealed record CouplingPoint(string Name, string? Formula, double ERot, double? EMig, CouplingMode Mode);

/// <summary>
/// The data of the seed paper's Figure 1(a), E_rot against E_mig for every ok row of a <c>screen --coupling</c> table,
/// with the line E_mig = threshold · E_rot that separates rotate from vibrate. Modes are classified again under the
/// figure's threshold (<see cref="CouplingCalculator.Classify"/>), so points and line agree whatever the screen used.
/// </summary>
/// <param name="Points">Structures with groups (an E_rot).</param>
/// <param name="Threshold">The ratio of the line.</param>
/// <param name="Dimension">E_mig is E_{Dimension}D.</param>
/// <param name="NoGroups">Ok rows without groups (mode none): counted, not drawn.</param>
/// <param name="NotOk">Rows that are not ok (skipped, error, timeout).</param>
public sealed record CouplingScatter(IReadOnlyList<CouplingPoint> Points, double Threshold, int Dimension, int NoGroups, int NotOk)
{
    /// <summary>Points whose E_mig is above encut.</summary>
    public int AboveEncut => Points.Count(p => p.EMig is null);

    /// <summary>
    /// Places the ok rows of <paramref name="rows"/>; an <see cref="InputException"/> naming <paramref name="source"/> when
    /// no ok row has an E_rot.
    /// </summary>
    /// <param name="rows">The screen's rows.</param>
    /// <param name="source">The table's file, for errors.</param>
    /// <param name="threshold">The ratio of the separating line (&gt; 0).</param>
    /// <param name="dimension">Which barrier is E_mig: 1, 2 or 3 (the screen's E_mig is E_3D).</param>
    public static CouplingScatter From(IReadOnlyList<ScreenRow> rows, string source, double threshold = 2.0, int dimension = 3)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!(threshold > 0) || !double.IsFinite(threshold))
        {
            throw new InputException(InputParameter.Threshold, threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "must be a positive number");
        }
        if (dimension is < 1 or > 3)
        {
            throw new InputException(InputParameter.Dimension, dimension.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "must be 1, 2 or 3");
        }
        var points = new List<CouplingPoint>();
        int none = 0;
        foreach (var r in rows.Where(r => r.Status == ScreenStatus.Ok))
        {
            if (r.ERot is not double eRot)
            {
                none++;
                continue;
            }
            double? eMig = dimension switch
            {
                1 => r.E1D,
                2 => r.E2D,
                _ => r.E3D,
            };
            var (_, mode) = CouplingCalculator.Classify(eMig, eRot, threshold);
            points.Add(new CouplingPoint(r.File, r.Formula, eRot, eMig, mode));
        }
        if (points.Count == 0)
        {
            throw new InputException(source, "", $"no ok row with an E_rot ({none} ok row(s) without groups, "
                + $"{rows.Count(r => r.Status != ScreenStatus.Ok)} not ok): nothing to draw");
        }
        return new CouplingScatter(points, threshold, dimension, none, rows.Count(r => r.Status != ScreenStatus.Ok));
    }

    /// <summary>
    /// The <paramref name="count"/> points farthest from the line in log ratio (above encut counts as farthest), for
    /// labels; all points when there are no more than <paramref name="count"/>.
    /// </summary>
    /// <param name="count">How many.</param>
    public IReadOnlyList<CouplingPoint> MostExtreme(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Points
            .OrderByDescending(p => p.EMig is double m && p.ERot > 0 ? Math.Abs(Math.Log(m / (Threshold * p.ERot)))
                : double.PositiveInfinity)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .Take(count)
            .ToList();
    }
}
