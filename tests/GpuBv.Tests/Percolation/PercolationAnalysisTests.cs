using GpuBv.Percolation;
using Xunit;

namespace GpuBv.Tests.Percolation;

public class PercolationAnalysisTests
{
    private const Connectivity F6 = Connectivity.Faces6;
    private const Connectivity F26 = Connectivity.Full26;

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static int Idx(int i, int j, int k, int n2, int n3) => (i * n2 + j) * n3 + k;

    private static int Mod(int x, int n) => ((x % n) + n) % n;

    private static double[] Filled(int n1, int n2, int n3, double value) => Enumerable.Repeat(value, n1 * n2 * n3).ToArray();

    /// <summary>Sets E = 0 at the given points (coordinates taken modulo the grid).</summary>
    private static void Dig(double[] e, int n1, int n2, int n3, IEnumerable<(int, int, int)> points, double value = 0)
    {
        foreach (var (i, j, k) in points)
            e[Idx(Mod(i, n1), Mod(j, n2), Mod(k, n3), n2, n3)] = value;
    }

    private static IEnumerable<(int, int, int)> Line(int axis, int length, int a, int b) => Enumerable.Range(0, length).Select(t =>
        axis switch { 0 => (t, a, b), 1 => (a, t, b), _ => (a, b, t) });

    private static int[] Sizes(int axis, int along, int other1, int other2) => axis switch
    {
        0 => [along, other1, other2],
        1 => [other1, along, other2],
        _ => [other1, other2, along],
    };

    /// <summary>A smooth periodic field: a few cosines with random wave vectors and phases plus small noise.</summary>
    internal static float[] SmoothField(int n1, int n2, int n3, int seed, double noise = 0.05, double quantum = 0)
    {
        var rng = new Random(seed);
        int waves = 4;
        var h = new int[waves, 3];
        var amp = new double[waves];
        var phase = new double[waves];
        for (int w = 0; w < waves; w++)
        {
            do
            {
                for (int d = 0; d < 3; d++)
                    h[w, d] = rng.Next(-2, 3);
            } while (h[w, 0] == 0 && h[w, 1] == 0 && h[w, 2] == 0);
            amp[w] = 0.5 + rng.NextDouble();
            phase[w] = 2 * Math.PI * rng.NextDouble();
        }
        var e = new float[n1 * n2 * n3];
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                for (int k = 0; k < n3; k++)
                {
                    double v = noise * rng.NextDouble();
                    for (int w = 0; w < waves; w++)
                        v += amp[w] * Math.Cos(
                            2 * Math.PI * (h[w, 0] * (double)i / n1 + h[w, 1] * (double)j / n2 + h[w, 2] * (double)k / n3) + phase[w]);
                    if (quantum > 0)
                        v = Math.Round(v / quantum) * quantum;
                    e[Idx(i, j, k, n2, n3)] = (float)v;
                }
        return e;
    }

    private static T[] Roll<T>(T[] e, int n1, int n2, int n3, int s1, int s2, int s3)
    {
        var r = new T[e.Length];
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                for (int k = 0; k < n3; k++)
                    r[Idx(Mod(i + s1, n1), Mod(j + s2, n2), Mod(k + s3, n3), n2, n3)] = e[Idx(i, j, k, n2, n3)];
        return r;
    }

    // ---- analytic cases ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, F26)]
    [InlineData(1, F26)]
    [InlineData(2, F26)]
    [InlineData(0, F6)]
    [InlineData(1, F6)]
    [InlineData(2, F6)]
    public void StraightChannel_Percolates1D_AtZero(int axis, Connectivity c)
    {
        var n = Sizes(axis, 7, 5, 6);
        var e = Filled(n[0], n[1], n[2], 1);
        Dig(e, n[0], n[1], n[2], Line(axis, 7, 2, 3));

        var r = PercolationAnalysis.Compute(e, n[0], n[1], n[2], c);
        Assert.Equal(0.0, r.E1D);
        Assert.Equal(1.0, r.E2D);
        Assert.Equal(1.0, r.E3D);
        Assert.Equal(0.0, r.EMin);

        var cut = PercolationAnalysis.Compute(e, n[0], n[1], n[2], c, encut: 0.5);
        Assert.Equal(0.0, cut.E1D);
        Assert.Null(cut.E2D);
        Assert.Null(cut.E3D);
        Assert.Null(cut.Saddle2D);
        Assert.Null(cut.Saddle3D);
    }

    [Theory]
    [InlineData(0, F26)]
    [InlineData(1, F6)]
    [InlineData(2, F26)]
    public void Plane_Percolates2D_AtZero(int normalAxis, Connectivity c)
    {
        int n1 = 5, n2 = 6, n3 = 7;
        var e = Filled(n1, n2, n3, 1);
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                for (int k = 0; k < n3; k++)
                    if ((normalAxis == 0 && i == 3) || (normalAxis == 1 && j == 3) || (normalAxis == 2 && k == 3))
                        e[Idx(i, j, k, n2, n3)] = 0;
        var r = PercolationAnalysis.Compute(e, n1, n2, n3, c);
        Assert.Equal(0.0, r.E1D);
        Assert.Equal(0.0, r.E2D);
        Assert.Equal(1.0, r.E3D);
    }

    [Fact]
    public void EdgeDiagonalChannel_PercolatesWith26Only_AndOnlyIn1D()
    {
        // Points (t mod 12, t mod 8, 1), t = 0..23: consecutive points touch by edges only; the line closes after
        // wrapping by (2,3,0). The occupied set {i ≡ j mod 4} is a set of parallel lines that never touch.
        int n1 = 12, n2 = 8, n3 = 3;
        var e = Filled(n1, n2, n3, 1);
        Dig(e, n1, n2, n3, Enumerable.Range(0, 24).Select(t => (t, t, 1)));

        var full = PercolationAnalysis.Compute(e, n1, n2, n3, F26);
        Assert.Equal(0.0, full.E1D);
        Assert.Equal(1.0, full.E2D);
        Assert.Equal(1, FloodFill.PercolationDimension(e, n1, n2, n3, 0, F26));

        var faces = PercolationAnalysis.Compute(e, n1, n2, n3, F6);
        Assert.Equal(1.0, faces.E1D);
        Assert.Equal(0, FloodFill.PercolationDimension(e, n1, n2, n3, 0, F6));
    }

    [Fact]
    public void CornerDiagonalChannel_PercolatesWith26Only()
    {
        int n = 5;
        var e = Filled(n, n, n, 1);
        Dig(e, n, n, n, Enumerable.Range(0, n).Select(t => (t, t, t)));
        Assert.Equal(0.0, PercolationAnalysis.Compute(e, n, n, n, F26).E1D);
        Assert.Equal(1.0, PercolationAnalysis.Compute(e, n, n, n, F6).E1D);
    }

    [Fact]
    public void WrapByDiagonalVectorOnly_IsOneDimensional()
    {
        // A face-connected staircase (t,t,0) -> (t+1,t,0) -> (t+1,t+1,0): wraps by (1,1,0) only.
        int n = 6, n3 = 4;
        var e = Filled(n, n, n3, 1);
        Dig(e, n, n, n3, Enumerable.Range(0, n).SelectMany(t => new[] { (t, t, 0), (t + 1, t, 0) }));
        foreach (var c in new[] { F6, F26 })
        {
            var r = PercolationAnalysis.Compute(e, n, n, n3, c);
            Assert.Equal(0.0, r.E1D);
            Assert.Equal(1.0, r.E2D);
        }
    }

    [Fact]
    public void TwoCrossingDiagonals_AreTwoDimensional()
    {
        // Channels along (1,1,0) and (1,-1,0) that meet: wrap vectors span the ab plane.
        int n = 6, n3 = 3;
        var e = Filled(n, n, n3, 1);
        Dig(e, n, n, n3, Enumerable.Range(0, n).SelectMany(t => new[] { (t, t, 1), (t, -t, 1) }));
        var r = PercolationAnalysis.Compute(e, n, n, n3, F26);
        Assert.Equal(0.0, r.E1D);
        Assert.Equal(0.0, r.E2D);
        Assert.Equal(1.0, r.E3D);
    }

    [Theory]
    [InlineData(F6)]
    [InlineData(F26)]
    public void ChannelsAlongAAndB_ThatCross_AreTwoDimensional(Connectivity c)
    {
        int n1 = 5, n2 = 7, n3 = 4;
        var e = Filled(n1, n2, n3, 1);
        Dig(e, n1, n2, n3, Line(0, n1, 3, 1));   // along a at j=3, k=1
        Dig(e, n1, n2, n3, Line(1, n2, 2, 1));   // along b at i=2, k=1
        var r = PercolationAnalysis.Compute(e, n1, n2, n3, c);
        Assert.Equal(0.0, r.E1D);
        Assert.Equal(0.0, r.E2D);
        Assert.Equal(1.0, r.E3D);
    }

    [Theory]
    [InlineData(F6)]
    [InlineData(F26)]
    public void ChannelsAlongAAndB_JoinedByOneLink_Are2DAtTheLinkLevel(Connectivity c)
    {
        // Channel along a at (j=3, k=1) and along b at (i=2, k=3), two layers apart; the link (2,3,2) joins them.
        int n1 = 5, n2 = 7, n3 = 5;
        var e = Filled(n1, n2, n3, 1);
        Dig(e, n1, n2, n3, Line(0, n1, 3, 1));
        Dig(e, n1, n2, n3, Line(1, n2, 2, 3));
        e[Idx(2, 3, 2, n2, n3)] = 0.25;
        var r = PercolationAnalysis.Compute(e, n1, n2, n3, c);
        Assert.Equal(0.0, r.E1D);
        Assert.Equal(0.25, r.E2D);
        Assert.Equal(new GpuBv.Crystal.Vec3(2.0 / 5, 3.0 / 7, 2.0 / 5), r.Saddle2D);
        Assert.Equal(1.0, r.E3D);
    }

    [Fact]
    public void SingleBarrier_GivesExactLevelAndSaddle()
    {
        int n1 = 9, n2 = 5, n3 = 6;
        var e = Filled(n1, n2, n3, 1);
        Dig(e, n1, n2, n3, Line(0, n1, 2, 3));
        e[Idx(5, 2, 3, n2, n3)] = 0.37;
        foreach (var c in new[] { F6, F26 })
        {
            var r = PercolationAnalysis.Compute(e, n1, n2, n3, c);
            Assert.Equal(0.37, r.E1D);
            Assert.Equal(new GpuBv.Crystal.Vec3(5.0 / 9, 2.0 / 5, 3.0 / 6), r.Saddle1D);
            Assert.Equal(1.0, r.E2D);
            Assert.Null(PercolationAnalysis.Compute(e, n1, n2, n3, c, encut: 0.36).E1D);
            Assert.Equal(0.37, PercolationAnalysis.Compute(e, n1, n2, n3, c, encut: 0.37).E1D);

            var f = e.Select(x => (float)x).ToArray();
            var rf = PercolationAnalysis.Compute(f, n1, n2, n3, c);
            Assert.Equal((double)0.37f, rf.E1D);
            Assert.Equal(r.Saddle1D, rf.Saddle1D);
        }
    }

    [Fact]
    public void ThresholdsAreRelativeToEMin()
    {
        int n1 = 6, n2 = 4, n3 = 4;
        var e = Filled(n1, n2, n3, 3.0);
        Dig(e, n1, n2, n3, Line(0, n1, 1, 1), -2.0);
        e[Idx(4, 1, 1, n2, n3)] = -1.5;
        var r = PercolationAnalysis.Compute(e, n1, n2, n3);
        Assert.Equal(-2.0, r.EMin);
        Assert.Equal(0.5, r.E1D);
        Assert.Equal(5.0, r.E2D);
        Assert.Equal(5.0, r.Threshold(3));
        Assert.Equal(new GpuBv.Crystal.Vec3(4.0 / 6, 0.25, 0.25), r.Saddle(1));
    }

    [Theory]
    [InlineData(F6)]
    [InlineData(F26)]
    public void ClosedLoop_DoesNotPercolate(Connectivity c)
    {
        int n1 = 10, n2 = 10, n3 = 6;
        // A square ring inside the cell, and one straddling the periodic corner (crosses the boundary but is contractible).
        foreach (int centre in new[] { 4, 0 })
        {
            var e = Filled(n1, n2, n3, 1);
            var ring = new List<(int, int, int)>();
            for (int t = -2; t <= 2; t++)
            {
                ring.Add((centre + t, centre - 2, 2));
                ring.Add((centre + t, centre + 2, 2));
                ring.Add((centre - 2, centre + t, 2));
                ring.Add((centre + 2, centre + t, 2));
            }
            Dig(e, n1, n2, n3, ring);
            var r = PercolationAnalysis.Compute(e, n1, n2, n3, c);
            Assert.Equal(1.0, r.E1D);
            Assert.Null(PercolationAnalysis.Compute(e, n1, n2, n3, c, encut: 0.5).E1D);
            Assert.Equal(0, FloodFill.PercolationDimension(e, n1, n2, n3, 0, c));
        }
    }

    [Fact]
    public void SolidBlockAcrossBoundary_DoesNotPercolate()
    {
        // A 4x4x4 block of low energy straddling all periodic boundaries: many cycles, none wrapping.
        int n = 8;
        var e = Filled(n, n, n, 1);
        var block = from i in Enumerable.Range(-2, 4) from j in Enumerable.Range(-2, 4) from k in Enumerable.Range(-2, 4) select (i, j, k);
        Dig(e, n, n, n, block);
        foreach (var c in new[] { F6, F26 })
            Assert.Equal(1.0, PercolationAnalysis.Compute(e, n, n, n, c).E1D);
    }

    [Theory]
    [InlineData(F6)]
    [InlineData(F26)]
    public void SizeOne_PointIsItsOwnNeighbour(Connectivity c)
    {
        // n1 = 1: a single low point percolates along a.
        var e = Filled(1, 5, 6, 1);
        e[Idx(0, 2, 3, 5, 6)] = 0;
        var r = PercolationAnalysis.Compute(e, 1, 5, 6, c);
        Assert.Equal(0.0, r.E1D);
        Assert.Equal(1.0, r.E2D);
        Assert.Equal(new GpuBv.Crystal.Vec3(0.0, 0.4, 0.5), r.Saddle1D);

        var one = PercolationAnalysis.Compute(new float[] { 2.5f }, 1, 1, 1, c);
        Assert.Equal(0.0, one.E1D);
        Assert.Equal(0.0, one.E3D);
        Assert.Equal(2.5, one.EMin);
        Assert.Equal(3, FloodFill.PercolationDimension(new float[] { 2.5f }, 1, 1, 1, 0, c));
    }

    [Theory]
    [InlineData(F6)]
    [InlineData(F26)]
    public void SizeTwo_BothWrapsAreSeen(Connectivity c)
    {
        // n1 = 2: the two points (0,j,k) and (1,j,k) are neighbours both inside the cell and across the boundary.
        var e = Filled(2, 5, 6, 1);
        e[Idx(0, 2, 3, 5, 6)] = 0;
        e[Idx(1, 2, 3, 5, 6)] = 0.5;
        var r = PercolationAnalysis.Compute(e, 2, 5, 6, c);
        Assert.Equal(0.5, r.E1D);
        Assert.Equal(new GpuBv.Crystal.Vec3(0.5, 0.4, 0.5), r.Saddle1D);
        Assert.Equal(1.0, r.E2D);

        // 2x2x1 with a single low point: it needs its neighbours to wrap along a or b, but wraps along c on its own.
        var s = new double[] { 0, 1, 1, 1 };
        var rs = PercolationAnalysis.Compute(s, 2, 2, 1, c);
        Assert.Equal(0.0, rs.E1D);
        Assert.Equal(1.0, rs.E2D);
    }

    // ---- random fields against the flood-fill reference ---------------------------------------------------------

    public static TheoryData<int, int, int, int, double> RandomCases() => new()
    {
        { 7, 8, 9, 1, 0 },
        { 7, 8, 9, 2, 0.25 },
        { 5, 5, 5, 3, 0 },
        { 12, 4, 9, 4, 0 },
        { 10, 10, 10, 5, 0.125 },
        { 1, 6, 7, 6, 0 },
        { 2, 5, 4, 7, 0 },
        { 2, 2, 2, 8, 0 },
        { 3, 3, 3, 9, 0.5 },
        { 6, 1, 2, 10, 0 },
        { 16, 3, 5, 11, 0 },
    };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void RandomSmoothField_ThresholdsAreExactAgainstFloodFill(int n1, int n2, int n3, int seed, double quantum)
    {
        var e = SmoothField(n1, n2, n3, seed, quantum: quantum);
        double min = e.Min();
        var levels = e.Select(x => (double)x - min).Distinct().OrderBy(x => x).ToArray();
        foreach (var c in new[] { F6, F26 })
        {
            var r = PercolationAnalysis.Compute(e, n1, n2, n3, c);
            Assert.Equal((double)min, r.EMin);
            double? previous = null;
            for (int k = 1; k <= 3; k++)
            {
                double t = r.Threshold(k) ?? throw new Xunit.Sdk.XunitException($"E{k}D missing");
                Assert.Contains(t, levels);
                Assert.True(FloodFill.PercolationDimension(e, n1, n2, n3, t, c) >= k, $"{c}: dimension at E{k}D = {t} is < {k}");
                int pos = Array.IndexOf(levels, t);
                if (pos > 0)
                    Assert.True(FloodFill.PercolationDimension(e, n1, n2, n3, levels[pos - 1], c) < k,
                        $"{c}: dimension just below E{k}D = {t} is already ≥ {k}");
                if (previous is double p)
                    Assert.True(t >= p);
                previous = t;

                // The saddle has exactly the threshold energy.
                var (x, y, z) = r.Saddle(k)!.Value;
                int idx = Idx((int)Math.Round(x * n1), (int)Math.Round(y * n2), (int)Math.Round(z * n3), n2, n3);
                Assert.Equal(t, (double)e[idx] - min);
            }

            // The double overload agrees on float-exact input; encut just below / at a threshold hides / keeps it.
            var rd = PercolationAnalysis.Compute(e.Select(x => (double)x).ToArray(), n1, n2, n3, c);
            Assert.Equal((r.E1D, r.E2D, r.E3D), (rd.E1D, rd.E2D, rd.E3D));
            double t2 = r.E2D!.Value;
            var cut = PercolationAnalysis.Compute(e, n1, n2, n3, c, encut: t2);
            Assert.Equal((r.E1D, r.E2D), (cut.E1D, cut.E2D));
            Assert.True(cut.E3D is null || cut.E3D == r.E3D);
            if (t2 > 0)
            {
                var below = PercolationAnalysis.Compute(e, n1, n2, n3, c, encut: Math.BitDecrement(t2));
                Assert.Null(below.E2D);
                Assert.Equal(r.E1D < t2 ? r.E1D : null, below.E1D);
            }
        }
    }

    [Theory]
    [InlineData(9, 7, 8, 21, 0, 3, 1, 5)]
    [InlineData(9, 7, 8, 22, 0.25, -4, 6, 2)]
    [InlineData(2, 6, 5, 23, 0.125, 1, 2, 3)]
    public void Rolling_LeavesThresholdsUnchanged(int n1, int n2, int n3, int seed, double quantum, int s1, int s2, int s3)
    {
        var e = SmoothField(n1, n2, n3, seed, quantum: quantum);
        var rolled = Roll(e, n1, n2, n3, s1, s2, s3);
        foreach (var c in new[] { F6, F26 })
        {
            var a = PercolationAnalysis.Compute(e, n1, n2, n3, c);
            var b = PercolationAnalysis.Compute(rolled, n1, n2, n3, c);
            Assert.Equal((a.E1D, a.E2D, a.E3D, a.EMin), (b.E1D, b.E2D, b.E3D, b.EMin));
            if (quantum == 0)
            {
                // Without ties the saddle is unique and moves with the grid.
                var (x, y, z) = a.Saddle3D!.Value;
                var (u, v, w) = b.Saddle3D!.Value;
                Assert.Equal(Mod((int)Math.Round(x * n1) + s1, n1), (int)Math.Round(u * n1));
                Assert.Equal(Mod((int)Math.Round(y * n2) + s2, n2), (int)Math.Round(v * n2));
                Assert.Equal(Mod((int)Math.Round(z * n3) + s3, n3), (int)Math.Round(w * n3));
            }
        }
    }

    [Fact]
    public void AddingAConstant_LeavesThresholdsUnchanged()
    {
        int n1 = 8, n2 = 9, n3 = 7;
        // Multiples of 1/256 within ±4: adding 16 is exact in float.
        var e = SmoothField(n1, n2, n3, 31, quantum: 1.0 / 256);
        var shifted = e.Select(x => x + 16f).ToArray();
        foreach (var c in new[] { F6, F26 })
        {
            var a = PercolationAnalysis.Compute(e, n1, n2, n3, c);
            var b = PercolationAnalysis.Compute(shifted, n1, n2, n3, c);
            Assert.Equal((a.E1D, a.E2D, a.E3D), (b.E1D, b.E2D, b.E3D));
            Assert.Equal(a.EMin + 16, b.EMin);
        }
    }

    [Fact]
    public void TiedLevels_GiveTheSameThresholdInAnyOrder()
    {
        // Heavily quantised field: many ties; shuffling which tied point is which by rolling and mirroring.
        int n1 = 8, n2 = 8, n3 = 8;
        var e = SmoothField(n1, n2, n3, 41, quantum: 0.5);
        var mirrored = new float[e.Length];
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                for (int k = 0; k < n3; k++)
                    mirrored[Idx(Mod(-i, n1), Mod(-j, n2), Mod(-k, n3), n2, n3)] = e[Idx(i, j, k, n2, n3)];
        foreach (var c in new[] { F6, F26 })
        {
            var a = PercolationAnalysis.Compute(e, n1, n2, n3, c);
            var b = PercolationAnalysis.Compute(mirrored, n1, n2, n3, c);
            Assert.Equal((a.E1D, a.E2D, a.E3D), (b.E1D, b.E2D, b.E3D));
        }
    }

    // ---- argument validation -----------------------------------------------------------------------------------

    [Fact]
    public void InvalidArguments_Throw()
    {
        var ok = new float[24];
        Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(new float[23], 2, 3, 4));
        Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(ok, 0, 3, 4));
        Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(ok, 2, -3, 4));
        Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(ok, 2, 3, 0));
        Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(ok, 2, 3, 4, (Connectivity)18));
        Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(ok, 2, 3, 4, encut: double.NaN));
        Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(new float[0], 0, 0, 0));
        var nan = new float[24];
        nan[5] = float.NaN;
        Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(nan, 2, 3, 4));
        var inf = new double[24];
        inf[7] = double.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(inf, 2, 3, 4));
        Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(new double[24], 2, 3, 5));
        Assert.Throws<ArgumentException>(() => FloodFill.PercolationDimension(nan, 2, 3, 4, 0, F26));
        Assert.Throws<ArgumentException>(() => FloodFill.PercolationDimension(ok, 2, 3, 5, 0, F26));
        Assert.Throws<ArgumentException>(() => FloodFill.PercolationDimension(ok, 2, 3, 4, double.NaN, F6));
    }

    [Fact]
    public void NegativeEncut_ReportsNothing()
    {
        var r = PercolationAnalysis.Compute(new float[8], 2, 2, 2, encut: -1);
        Assert.Null(r.E1D);
        Assert.Null(r.E3D);
        Assert.Equal(0.0, r.EMin);
    }
}
