using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GpuBv.Bvse;

/// <summary>
/// The fast managed CPU path: all cores (one tile per work item). Tiles marked <see cref="TiledFramework.SinglePrecision"/>
/// (the default for every grid) in float with <see cref="Vector256"/>, eight points at a time, as the GPU kernels compute
/// (twice the pairs/s of double: bench/RESULTS.md); the others, or a processor without AVX2, in double (four pairs at a
/// time with <see cref="Vector256"/>, scalar otherwise). Same pair potentials and the same tile lists as the GPU kernel.
/// </summary>
public sealed class CpuBvseEvaluator : IBvseEvaluator
{
    /// <summary>Uses up to <paramref name="threads"/> threads (0 = all cores).</summary>
    public CpuBvseEvaluator(int threads = 0) => Threads = threads > 0 ? threads : Environment.ProcessorCount;

    /// <summary>Threads used.</summary>
    public int Threads { get; }

    /// <inheritdoc/>
    public string DeviceName => $"cpu ({Threads} threads, "
        + $"{(Vector256.IsHardwareAccelerated ? "AVX2 float" : "scalar double")})";

    /// <inheritdoc/>
    public float[] Evaluate(TiledFramework tiles, CancellationToken cancel = default)
    {
        var energies = new float[tiles.Grid.Count];
        if (tiles.ActiveTiles.Length < tiles.TileCount || tiles.PointMask is not null)
            Array.Fill(energies, float.MaxValue);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Threads, CancellationToken = cancel };
        if (tiles.SinglePrecision && Vector256.IsHardwareAccelerated)
            Parallel.For(0, tiles.ActiveTiles.Length, parallel, s => EvaluateTileSingle(tiles, s, energies));
        else
            Parallel.For(0, tiles.ActiveTiles.Length, parallel, s => EvaluateTile(tiles, s, energies));
        return energies;
    }

    /// <summary>
    /// <see cref="EvaluateTile"/> in single precision (float positions, float pair energies, float sums, as the GPU kernels
    /// compute), eight points at a time: the tile's points are the vector lanes and its ions the loop, so each point sums
    /// its pairs in list order, one at a time (its energy does not depend on the tile or the lane it is in; a pair beyond
    /// the cutoff adds nothing).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EvaluateTileSingle(TiledFramework tiles, int s, float[] energies)
    {
        var grid = tiles.Grid;
        var fw = tiles.Framework;
        var (i0, j0, k0) = tiles.TileOrigin(tiles.ActiveTiles[s]);
        int e1 = Math.Min(i0 + tiles.Tile, grid.N1), e2 = Math.Min(j0 + tiles.Tile, grid.N2), e3 = Math.Min(k0 + tiles.Tile, grid.N3);
        int count = (e1 - i0) * (e2 - j0) * (e3 - k0), blocks = (count + 7) / 8;
        Span<float> px = stackalloc float[blocks * 8], py = stackalloc float[blocks * 8], pz = stackalloc float[blocks * 8];
        Span<int> index = stackalloc int[blocks * 8];
        // The wanted points, packed into the lanes (unwanted ones keep float.MaxValue).
        count = tiles.TilePoints(s, index, wantedOnly: true);
        int n = 0;
        for (; n < count; n++)
        {
            int m = index[n];
            var p = grid.Point(m / (grid.N2 * grid.N3), m / grid.N3 % grid.N2, m % grid.N3);
            px[n] = (float)p.X;
            py[n] = (float)p.Y;
            pz[n] = (float)p.Z;
        }
        blocks = (count + 7) / 8;
        px = px[..(blocks * 8)];
        py = py[..(blocks * 8)];
        pz = pz[..(blocks * 8)];
        for (; n < px.Length; n++)
        {
            // Padding lanes: far from every ion (nothing within the cutoff), never written back.
            px[n] = py[n] = pz[n] = 1e6f;
        }
        Span<Vector256<float>> acc = stackalloc Vector256<float>[Math.Max(blocks, 1)];
        acc = acc[..blocks];
        acc.Clear();
        float cutoff2 = (float)(fw.Cutoff * fw.Cutoff);
        var morse = tiles.MorseIndex.AsSpan(tiles.MorseStart[s], tiles.MorseStart[s + 1] - tiles.MorseStart[s]);
        var coulomb = tiles.CoulombIndex.AsSpan(tiles.CoulombStart[s], tiles.CoulombStart[s + 1] - tiles.CoulombStart[s]);
        AddSingle<MorsePotential>(fw.Morse, morse, px, py, pz, acc, cutoff2);
        AddSingle<ScreenedCoulombPotential>(fw.Coulomb, coulomb, px, py, pz, acc, cutoff2);
        for (int m = 0; m < count; m++)
            energies[index[m]] = acc[m / 8].GetElement(m % 8);
    }

    /// <summary>Adds every listed ion's pair energy to the eight-point blocks' sums, ion by ion in list order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSingle<TPotential>(FrameworkIon[] ions, ReadOnlySpan<int> list, ReadOnlySpan<float> px,
        ReadOnlySpan<float> py, ReadOnlySpan<float> pz, Span<Vector256<float>> acc, float cutoff2)
        where TPotential : struct, IPairPotential
    {
        var pot = default(TPotential);
        var c2 = Vector256.Create(cutoff2);
        var rmin = Vector256.Create((float)BvsePhysics.MinimumDistance);
        foreach (int m in list)
        {
            var ion = ions[m].ToSingle();
            Vector256<float> x = Vector256.Create(ion.X), y = Vector256.Create(ion.Y), z = Vector256.Create(ion.Z);
            Vector256<float> p0 = Vector256.Create(ion.P0), p1 = Vector256.Create(ion.P1), p2 = Vector256.Create(ion.P2);
            for (int b = 0; b < acc.Length; b++)
            {
                var dx = x - Vector256.Create(px.Slice(8 * b, 8));
                var dy = y - Vector256.Create(py.Slice(8 * b, 8));
                var dz = z - Vector256.Create(pz.Slice(8 * b, 8));
                var r2 = dx * dx + dy * dy + dz * dz;
                var inside = Vector256.LessThan(r2, c2);
                if (inside == Vector256<float>.Zero)
                    continue;
                var r = Vector256.Max(Vector256.Sqrt(r2), rmin);
                var e = pot.Energy<Vector256<float>, Vector256SingleOps>(r, p0, p1, p2);
                acc[b] += Vector256.ConditionalSelect(inside, e, Vector256<float>.Zero);
            }
        }
    }

    /// <summary>The tile's ions copied into structure-of-arrays form, padded to a multiple of 4 with inert entries.</summary>
    private ref struct IonBlock
    {
        public Span<double> X, Y, Z, P0, P1, P2;

        public IonBlock(Span<double> storage, FrameworkIon[] ions, ReadOnlySpan<int> index)
        {
            int n = storage.Length / 6;
            X = storage[..n];
            Y = storage.Slice(n, n);
            Z = storage.Slice(2 * n, n);
            P0 = storage.Slice(3 * n, n);
            P1 = storage.Slice(4 * n, n);
            P2 = storage.Slice(5 * n, n);
            for (int i = 0; i < n; i++)
            {
                if (i < index.Length)
                {
                    var ion = ions[index[i]];
                    X[i] = ion.X;
                    Y[i] = ion.Y;
                    Z[i] = ion.Z;
                    P0[i] = ion.P0;
                    P1[i] = ion.P1;
                    P2[i] = ion.P2;
                }
                else
                {
                    // Padding: far away (beyond any cutoff) and with zero strength.
                    X[i] = 1e6;
                    Y[i] = 1e6;
                    Z[i] = 1e6;
                    P0[i] = 0;
                    P1[i] = 0;
                    P2[i] = 0;
                }
            }
        }
    }

    private static int Padded(int n) => (n + 3) & ~3;

    /// <summary>Fills the points of active tile number <paramref name="s"/>. Fully optimised from the first call (no tier-0 JIT).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EvaluateTile(TiledFramework tiles, int s, float[] energies)
    {
        var grid = tiles.Grid;
        var fw = tiles.Framework;
        double cutoff2 = fw.Cutoff * fw.Cutoff;
        var (i0, j0, k0) = tiles.TileOrigin(tiles.ActiveTiles[s]);
        var morseIdx = tiles.MorseIndex.AsSpan(tiles.MorseStart[s], tiles.MorseStart[s + 1] - tiles.MorseStart[s]);
        var coulIdx = tiles.CoulombIndex.AsSpan(tiles.CoulombStart[s], tiles.CoulombStart[s + 1] - tiles.CoulombStart[s]);
        int nm = Padded(morseIdx.Length), nc = Padded(coulIdx.Length);
        var storage = ArrayPool<double>.Shared.Rent(6 * (nm + nc));
        try
        {
            var morse = new IonBlock(storage.AsSpan(0, 6 * nm), fw.Morse, morseIdx);
            var coulomb = new IonBlock(storage.AsSpan(6 * nm, 6 * nc), fw.Coulomb, coulIdx);
            int e1 = Math.Min(i0 + tiles.Tile, grid.N1), e2 = Math.Min(j0 + tiles.Tile, grid.N2), e3 = Math.Min(k0 + tiles.Tile, grid.N3);
            Span<int> index = stackalloc int[tiles.Tile * tiles.Tile * tiles.Tile];
            int count = tiles.TilePoints(s, index, wantedOnly: true);
            for (int q = 0; q < count; q++)
            {
                int m = index[q];
                var p = grid.Point(m / (grid.N2 * grid.N3), m / grid.N3 % grid.N2, m % grid.N3);
                double x = p.X, y = p.Y, z = p.Z;
                double e = Sum<MorsePotential>(morse, x, y, z, cutoff2) + Sum<ScreenedCoulombPotential>(coulomb, x, y, z, cutoff2);
                energies[m] = (float)e;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(storage);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Sum<TPotential>(IonBlock b, double x, double y, double z, double cutoff2)
        where TPotential : struct, IPairPotential
    {
        var pot = default(TPotential);
        int n = b.X.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            Vector256<double> px = Vector256.Create(x), py = Vector256.Create(y), pz = Vector256.Create(z);
            Vector256<double> c2 = Vector256.Create(cutoff2), rmin = Vector256.Create(BvsePhysics.MinimumDistance);
            for (int i = 0; i < n; i += 4)
            {
                var dx = Vector256.Create(b.X.Slice(i, 4)) - px;
                var dy = Vector256.Create(b.Y.Slice(i, 4)) - py;
                var dz = Vector256.Create(b.Z.Slice(i, 4)) - pz;
                var r2 = dx * dx + dy * dy + dz * dz;
                var inside = Vector256.LessThan(r2, c2);
                if (inside == Vector256<double>.Zero)
                    continue;
                var r = Vector256.Max(Vector256.Sqrt(r2), rmin);
                var e = pot.Energy<Vector256<double>, Vector256DoubleOps>(r,
                    Vector256.Create(b.P0.Slice(i, 4)), Vector256.Create(b.P1.Slice(i, 4)), Vector256.Create(b.P2.Slice(i, 4)));
                acc += Vector256.ConditionalSelect(inside, e, Vector256<double>.Zero);
            }
            return Vector256.Sum(acc);
        }
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = b.X[i] - x, dy = b.Y[i] - y, dz = b.Z[i] - z;
            double r2 = dx * dx + dy * dy + dz * dz;
            if (r2 >= cutoff2)
                continue;
            double r = Math.Max(Math.Sqrt(r2), BvsePhysics.MinimumDistance);
            sum += pot.Energy<double, DoubleOps>(r, b.P0[i], b.P1[i], b.P2[i]);
        }
        return sum;
    }
}
