namespace GpuBv.Crystal;

/// <summary>
/// A cell list over fractional positions in a periodic cell: buckets at least <c>radius</c> wide (perpendicular to each
/// pair of faces), so that every point within <c>radius</c> (Å) of a query lies in the query's bucket or one of its 26
/// neighbours. Adding and querying cost O(1) per point for a bounded density, which makes merging and pair searches
/// O(N) instead of O(N²).
/// </summary>
internal sealed class PeriodicBuckets
{
    private const int MaxBucketsPerAxis = 256;
    private readonly int _n0;
    private readonly int _n1;
    private readonly int _n2;
    private readonly Dictionary<int, List<int>> _buckets = new();
    private readonly int[][] _near;

    /// <summary>Creates empty buckets for <paramref name="lattice"/> with neighbours within <paramref name="radius"/> Å.</summary>
    public PeriodicBuckets(Lattice lattice, double radius)
    {
        var w = lattice.PerpendicularWidths();
        _n0 = Count(w.X, radius);
        _n1 = Count(w.Y, radius);
        _n2 = Count(w.Z, radius);
        _near = [Offsets(_n0), Offsets(_n1), Offsets(_n2)];
    }

    /// <summary>Adds point <paramref name="index"/> at fractional <paramref name="f"/> (wrapped or not).</summary>
    public void Add(int index, Vec3 f)
    {
        int key = Key(Bin(f.X, _n0), Bin(f.Y, _n1), Bin(f.Z, _n2));
        if (!_buckets.TryGetValue(key, out var list))
        {
            list = new List<int>(4);
            _buckets[key] = list;
        }
        list.Add(index);
    }

    /// <summary>
    /// The indices in the buckets around <paramref name="f"/> (each once, in no particular order) passed to
    /// <paramref name="visit"/>; a superset of the points within the radius.
    /// </summary>
    public void Near(Vec3 f, Action<int> visit)
    {
        int b0 = Bin(f.X, _n0), b1 = Bin(f.Y, _n1), b2 = Bin(f.Z, _n2);
        foreach (int d0 in _near[0])
            foreach (int d1 in _near[1])
                foreach (int d2 in _near[2])
                {
                    int key = Key(Mod(b0 + d0, _n0), Mod(b1 + d1, _n1), Mod(b2 + d2, _n2));
                    if (_buckets.TryGetValue(key, out var list))
                        foreach (int i in list)
                            visit(i);
                }
    }

    private static int Count(double width, double radius)
    {
        if (!(radius > 0) || !double.IsFinite(width))
            return 1;
        return (int)Math.Clamp(Math.Floor(width / radius), 1, MaxBucketsPerAxis);
    }

    // The distinct bucket offsets to visit along one axis: -1, 0, 1, fewer when the axis has under three buckets.
    private static int[] Offsets(int n) => n switch { 1 => [0], 2 => [0, 1], _ => [-1, 0, 1] };

    private static int Bin(double x, int n)
    {
        double w = x - Math.Floor(x);
        int b = (int)(w * n);
        return b >= n || b < 0 ? Mod(b, n) : b;
    }

    private static int Mod(int a, int n)
    {
        int r = a % n;
        return r < 0 ? r + n : r;
    }

    private int Key(int i, int j, int k) => (i * _n1 + j) * _n2 + k;
}
