namespace GpuBv.Tests.Percolation;

/// <summary>
/// Small float grids that stress exact percolation (for comparing the device kernels with the CPU union-find): planted
/// channels that wrap straight, diagonally, only along (1,1,0) and (1,−1,0), or only after going round twice; tiny cells
/// where a point is its own neighbour or reaches one both inside the cell and through the wrap; ties; random fields.
/// </summary>
internal static class PercolationGrids
{
    /// <summary>One grid: a name for messages, its energies and sizes, and the encut to use.</summary>
    public sealed record Case(string Name, float[] E, int N1, int N2, int N3, double Encut = double.PositiveInfinity);

    private static int Mod(int x, int n) => ((x % n) + n) % n;

    private static float[] Filled(int n1, int n2, int n3, float value) => Enumerable.Repeat(value, n1 * n2 * n3).ToArray();

    private static void Dig(float[] e, int n1, int n2, int n3, IEnumerable<(int, int, int)> points, float value = 0)
    {
        foreach (var (i, j, k) in points)
        {
            e[(Mod(i, n1) * n2 + Mod(j, n2)) * n3 + Mod(k, n3)] = value;
        }
    }

    private static Case Planted(string name, int n1, int n2, int n3, IEnumerable<(int, int, int)> points, int seed)
    {
        // Channel at 0 in a rough background in [1, 2): every level above 0 is distinct, so the saddles are unique.
        var rng = new Random(seed);
        var e = new float[n1 * n2 * n3];
        for (int p = 0; p < e.Length; p++)
        {
            e[p] = 1 + (float)rng.NextDouble();
        }
        Dig(e, n1, n2, n3, points);
        return new Case(name, e, n1, n2, n3);
    }

    /// <summary>The synthetic cases.</summary>
    public static IEnumerable<Case> Synthetic()
    {
        for (int axis = 0; axis < 3; axis++)
        {
            int a = axis;
            yield return Planted($"straight channel along axis {axis}", 7, 6, 5,
                Enumerable.Range(0, 7).Select(t => a switch { 0 => (t, 2, 3), 1 => (2, t, 3), _ => (2, 3, t) }), 10 + axis);
        }
        yield return Planted("corner-diagonal channel (1,1,1)", 6, 6, 6, Enumerable.Range(0, 6).Select(t => (t, t, t)), 20);
        yield return Planted("edge-diagonal channel closing after (2,3,0)", 12, 8, 3,
            Enumerable.Range(0, 24).Select(t => (t, t, 1)), 21);
        yield return Planted("staircase wrapping by (1,1,0) only", 6, 6, 4,
            Enumerable.Range(0, 6).SelectMany(t => new[] { (t, t, 0), (t + 1, t, 0) }), 22);
        // Channels along (1,1,0) and (1,−1,0) only: 2D, though the two vectors agree mod 2 (a 2×2×2 tiling sees 1D).
        yield return Planted("channels along (1,1,0) and (1,-1,0)", 8, 8, 3,
            Enumerable.Range(0, 8).SelectMany(t => new[] { (t, t, 1), (t, -t, 1) }), 23);
        yield return Planted("channel closing only after wrapping twice along a", 8, 4, 4, TwiceAround(), 24);
        yield return Planted("plane normal to c", 5, 6, 7,
            from i in Enumerable.Range(0, 5) from j in Enumerable.Range(0, 6) select (i, j, 3), 25);
        yield return Planted("block across every face (contractible)", 8, 8, 8,
            from i in Enumerable.Range(-2, 4) from j in Enumerable.Range(-2, 4) from k in Enumerable.Range(-2, 4) select (i, j, k), 26);

        // Tiny cells.
        yield return Planted("1x1xn with one low point", 1, 1, 9, [(0, 0, 4)], 30);
        yield return Planted("nx1x1 with one low point", 9, 1, 1, [(5, 0, 0)], 31);
        yield return Planted("1xnxm with one low point", 1, 5, 6, [(0, 2, 3)], 32);
        yield return Planted("2xnxn with a low pair", 2, 5, 5, [(0, 2, 3), (1, 2, 3)], 33);
        yield return new Case("1x1x1", [2.5f], 1, 1, 1);
        foreach (var (n1, n2, n3, seed) in new[] { (1, 1, 11, 40), (13, 1, 1, 41), (2, 6, 6, 42), (2, 2, 2, 43), (6, 1, 2, 44) })
        {
            yield return new Case($"random {n1}x{n2}x{n3}", PercolationAnalysisTests.SmoothField(n1, n2, n3, seed), n1, n2, n3);
        }

        // Ties.
        yield return new Case("all energies equal", Filled(5, 4, 6, 0.75f), 5, 4, 6);
        yield return new Case("many ties at the thresholds",
            PercolationAnalysisTests.SmoothField(9, 8, 7, 50, quantum: 0.5), 9, 8, 7);
        yield return new Case("two levels only",
            PercolationAnalysisTests.SmoothField(6, 7, 8, 51, quantum: 4), 6, 7, 8);

        // Encut.
        yield return new Case("encut below every barrier", PercolationAnalysisTests.SmoothField(8, 8, 8, 60), 8, 8, 8, 0.01);
        yield return new Case("negative encut", PercolationAnalysisTests.SmoothField(5, 5, 5, 61), 5, 5, 5, -1);
        var e = PercolationAnalysisTests.SmoothField(7, 8, 9, 62);
        yield return new Case("encut between the barriers", e, 7, 8, 9, 1.0);

        // Signed zeros and negative energies.
        var z = Filled(4, 4, 4, 1);
        z[5] = -0.0f;
        z[9] = 0.0f;
        Dig(z, 4, 4, 4, Enumerable.Range(0, 4).Select(t => (1, 1, t)), -0.0f);
        yield return new Case("minimum is zero with both signs", z, 4, 4, 4);

        // Random fields (the flood-fill oracle's cases, PercolationAnalysisTests.RandomCases) and a larger one.
        foreach (var (n1, n2, n3, seed, q) in new[]
        {
            (7, 8, 9, 1, 0.0), (7, 8, 9, 2, 0.25), (5, 5, 5, 3, 0), (12, 4, 9, 4, 0), (10, 10, 10, 5, 0.125), (1, 6, 7, 6, 0),
            (2, 5, 4, 7, 0), (2, 2, 2, 8, 0), (3, 3, 3, 9, 0.5), (6, 1, 2, 10, 0), (16, 3, 5, 11, 0), (24, 20, 18, 12, 0),
        })
        {
            yield return new Case($"random field {n1}x{n2}x{n3} seed {seed} quantum {q}",
                PercolationAnalysisTests.SmoothField(n1, n2, n3, seed, quantum: q), n1, n2, n3);
        }
    }

    /// <summary>
    /// A face-connected loop in an 8×4×4 cell that winds twice along a before it closes (wrap vector (2,0,0)): a lane at
    /// (y 0, z 0) and one at (y 0, z 2), each broken at x = 7, joined end to start through x = 7 by detours in the y = 1
    /// and y = 3 lanes.
    /// </summary>
    private static IEnumerable<(int, int, int)> TwiceAround()
    {
        for (int x = 0; x <= 6; x++)
        {
            yield return (x, 0, 0);
            yield return (x, 0, 2);
        }
        // (6,0,0) → (6,1,0) → (7,1,0) → (7,1,1) → (7,1,2) → (0,1,2) [wraps a] → (0,0,2)
        yield return (6, 1, 0);
        yield return (7, 1, 0);
        yield return (7, 1, 1);
        yield return (7, 1, 2);
        yield return (0, 1, 2);
        // (6,0,2) → (6,3,2) → (7,3,2) → (7,3,1) → (7,3,0) → (0,3,0) [wraps a] → (0,0,0)
        yield return (6, 3, 2);
        yield return (7, 3, 2);
        yield return (7, 3, 1);
        yield return (7, 3, 0);
        yield return (0, 3, 0);
    }
}
