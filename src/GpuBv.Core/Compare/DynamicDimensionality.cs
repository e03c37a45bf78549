namespace GpuBv.Compare;

/// <summary>
/// The dimensionality the ions actually realise in the run: the rank of the integer structure-cell translations that their
/// unwrapped (drift-corrected) trajectories cross, the same exact integer rank test as the percolation of the map
/// (<see cref="Percolation.PercolationAnalysis"/>), set beside the map's E_1D/E_2D/E_3D.
/// </summary>
/// <param name="PathRank">Rank (0–3) of all translations crossed by any ion at any frame: a component counts once the ion's
/// displacement from frame 0 reaches ≥ 1 structure cell along it (the displacement truncated to whole cells).</param>
/// <param name="NetRank">Rank of the ions' net displacements at the last frame, truncated to whole cells.</param>
/// <param name="CrossingIons">Ions that crossed at least one translation.</param>
/// <param name="Ions">Ions followed.</param>
/// <param name="Translations">The distinct translations crossed (at most 32 listed, the most frequent first).</param>
/// <param name="MaxDisplacement">Largest |Δf| of any ion along a, b and c of the structure cell (cells).</param>
/// <param name="E1D">The map's E_1D (eV), for comparison.</param>
/// <param name="E2D">The map's E_2D (eV).</param>
/// <param name="E3D">The map's E_3D (eV).</param>
public sealed record DynamicDimensionality(int PathRank, int NetRank, int CrossingIons, int Ions, IReadOnlyList<int[]> Translations,
    double[] MaxDisplacement, double? E1D, double? E2D, double? E3D)
{
    /// <summary>
    /// The static dimensionality the map predicts below <paramref name="level"/> eV: how many of E_1D/E_2D/E_3D are ≤ it.
    /// </summary>
    public int StaticDimensionAt(double level) => new[] { E1D, E2D, E3D }.Count(e => e is double x && x <= level);

    /// <summary>The dimensionality from an accumulator's crossings and the map's barriers.</summary>
    public static DynamicDimensionality From(CationPathAccumulator acc, Percolation.PercolationResult map)
    {
        ArgumentNullException.ThrowIfNull(acc);
        ArgumentNullException.ThrowIfNull(map);
        var freq = new Dictionary<(long, long, long), int>();
        foreach (var set in acc.Crossed)
            foreach (var v in set)
                freq[v] = freq.GetValueOrDefault(v) + 1;
        int path = IntegerRank.Of(freq.Keys);
        int net = IntegerRank.Of(acc.Net.Where(v => v != (0, 0, 0)));
        var list = freq.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(32)
            .Select(kv => new[] { (int)kv.Key.Item1, (int)kv.Key.Item2, (int)kv.Key.Item3 }).ToList();
        var m = acc.MaxDisplacement;
        return new DynamicDimensionality(path, net, acc.Crossed.Count(s => s.Count > 0), acc.Ions, list,
            [Math.Round(m.X, 6), Math.Round(m.Y, 6), Math.Round(m.Z, 6)], map.E1D, map.E2D, map.E3D);
    }
}
