namespace GpuBv.Bench;

/// <summary>
/// Seeded synthetic energy grids for the percolation bench: a smooth periodic landscape (a sum of separable products of
/// cosines with integer frequencies, so it wraps), per-voxel noise, and 1 to 3 planted straight channels along the axes,
/// each lower than the landscape, with one planted bottleneck voxel. Same seed, same grid, on every machine (integer
/// hashing and float arithmetic only in a fixed order).
/// </summary>
internal static class SyntheticLandscape
{
    private const int Waves = 6;

    /// <summary>An n×n×n grid (third index fastest) from <paramref name="seed"/>.</summary>
    internal static float[] Generate(int n, ulong seed)
    {
        var rng = new SplitMix(seed);
        var amp = new float[Waves];
        var tables = new float[Waves, 3, n];
        for (int m = 0; m < Waves; m++)
        {
            amp[m] = 0.2f + 0.8f * rng.NextFloat();
            for (int a = 0; a < 3; a++)
            {
                int freq = 1 + (int)(rng.Next() % 3);
                double phase = 2 * Math.PI * rng.NextFloat();
                for (int i = 0; i < n; i++)
                    tables[m, a, i] = (float)Math.Cos(2 * Math.PI * freq * i / n + phase);
            }
        }
        var e = new float[n * n * n];
        ulong noiseSeed = rng.Next();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++)
                {
                    float v = 0;
                    for (int m = 0; m < Waves; m++)
                        v += amp[m] * tables[m, 0, i] * tables[m, 1, j] * tables[m, 2, k];
                    int p = (i * n + j) * n + k;
                    e[p] = v + 0.05f * Unit(noiseSeed, (ulong)p);
                }
        int channels = 1 + (int)(rng.Next() % 3);
        float floor = e.Min() - 1f;
        for (int c = 0; c < channels; c++)
        {
            int axis = (int)(rng.Next() % 3), u = (int)(rng.Next() % (ulong)n), w = (int)(rng.Next() % (ulong)n);
            int neck = (int)(rng.Next() % (ulong)n);
            float height = 0.2f + 2f * rng.NextFloat();
            for (int t = 0; t < n; t++)
            {
                var (i, j, k) = axis switch
                {
                    0 => (t, u, w),
                    1 => (u, t, w),
                    _ => (u, w, t),
                };
                int p = (i * n + j) * n + k;
                e[p] = floor + (t == neck ? height : 0.01f * Unit(noiseSeed ^ 0x9E3779B97F4A7C15UL, (ulong)p));
            }
        }
        return e;
    }

    private static float Unit(ulong seed, ulong index) => (SplitMix.Mix(seed + index * 0x9E3779B97F4A7C15UL) >> 40) / (float)(1 << 24);

    private sealed class SplitMix(ulong state)
    {
        private ulong _state = state;

        public ulong Next() => Mix(_state += 0x9E3779B97F4A7C15UL);

        public float NextFloat() => (Next() >> 40) / (float)(1 << 24);

        public static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
