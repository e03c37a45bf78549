namespace GpuBv.Compare;

/// <summary>
/// The distribution of bond rotation angles θ(t0, t0 + τ) over all bonds and time origins at one lag
/// (<see cref="BondRotationAngles.Analyze"/>), in degrees.
/// </summary>
/// <param name="Frames">Frames read (N).</param>
/// <param name="Lag">τ (frames).</param>
/// <param name="Bonds">Centre–anion bonds followed.</param>
/// <param name="Origins">Time origins per bond: N − τ.</param>
/// <param name="Samples">Angles measured: bonds × origins.</param>
/// <param name="MeanDeg">Their mean.</param>
/// <param name="MedianDeg">Their median (the 50th percentile, interpolated as <see cref="PercentileValuesDeg"/>).</param>
/// <param name="MaxDeg">The largest.</param>
/// <param name="Percentiles">The percentiles asked for (0–100).</param>
/// <param name="PercentileValuesDeg">
/// Their values: linear interpolation between the sorted angles at rank p/100 · (Samples − 1) (numpy's default).
/// </param>
/// <param name="BinEdgesDeg">Histogram bin edges, 0 up to the first multiple of the bin width above the largest angle.</param>
/// <param name="Counts">Angles per bin [edge i, edge i + 1); the last bin includes its upper edge.</param>
/// <param name="GroupMeanDeg">The mean angle of each group, in the order given.</param>
/// <param name="BytesPerFrame">Bytes kept per frame: a direction (3 doubles) and an angle (1 double) per bond.</param>
/// <param name="BudgetBytes">The bytes this analysis was allowed to keep.</param>
public sealed record BondRotationAnglesResult(int Frames, int Lag, int Bonds, int Origins, long Samples, double MeanDeg,
    double MedianDeg, double MaxDeg, IReadOnlyList<double> Percentiles, IReadOnlyList<double> PercentileValuesDeg,
    IReadOnlyList<double> BinEdgesDeg, IReadOnlyList<long> Counts, IReadOnlyList<double> GroupMeanDeg, long BytesPerFrame,
    long BudgetBytes);
