using GpuBv.Compute;

namespace GpuBv.Crystal;

/// <summary>A pair of sites and one distance between them (one periodic image).</summary>
public readonly record struct SitePair(int I, int J, double Distance);

/// <summary>All site pairs within a cutoff, every periodic image included, for any cell shape.</summary>
public static class NeighbourList
{
    /// <summary>
    /// Peak bytes per pair while building: the pair (16), its sorting record (24) and the lists' growth.
    /// </summary>
    public const int PeakBytesPerPair = 64;

    /// <summary>
    /// The expected number of pairs within <paramref name="cutoff"/> for the site density of <paramref name="s"/>:
    /// N·(N/V)·(4/3)πr³/2, for checking a memory budget before building.
    /// </summary>
    /// <param name="s">The structure.</param>
    /// <param name="cutoff">The cutoff (Å).</param>
    public static double EstimatedPairs(Structure s, double cutoff)
    {
        ArgumentNullException.ThrowIfNull(s);
        double n = s.Sites.Length;
        return n * (n / s.Lattice.Volume) * (4.0 / 3.0) * Math.PI * cutoff * cutoff * cutoff / 2;
    }

    /// <summary>
    /// Pairs (i, j, d) with i ≤ j and 0 &lt; d ≤ <paramref name="cutoff"/> over all periodic images (a pair i = j is a
    /// site and its own image). Each unordered bond appears once. Refuses (an <see cref="InputException"/> naming the
    /// structure and <see cref="InputParameter.Memory"/>) a list whose expected size (<see cref="EstimatedPairs"/> ×
    /// <see cref="PeakBytesPerPair"/>) does not fit <paramref name="memory"/> (null: <see cref="MemoryBudget.Default"/>).
    /// </summary>
    /// <param name="s">The structure.</param>
    /// <param name="cutoff">The cutoff (Å).</param>
    /// <param name="memory">The budget the list must fit.</param>
    public static List<SitePair> Build(Structure s, double cutoff, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        double bytes = EstimatedPairs(s, cutoff) * PeakBytesPerPair;
        var budget = MemoryBudget.Or(memory);
        if (!budget.Fits(bytes))
        {
            throw new InputException(s.Source, "",
                $"the bond-valence neighbour list of {s.Sites.Length} sites within {cutoff:0.#} Å would need about "
                + $"{MemoryBudget.Format(bytes)}, more than the memory budget {budget} ({InputException.Ref(InputParameter.Memory)}); "
                + $"give the oxidation states ({InputException.Ref(InputParameter.OxidationStates)} or in the file) so none is needed");
        }
        var lat = s.Lattice;
        var w = lat.PerpendicularWidths();
        int na = (int)Math.Ceiling(cutoff / w.X) + 1, nb = (int)Math.Ceiling(cutoff / w.Y) + 1, nc = (int)Math.Ceiling(cutoff / w.Z) + 1;
        var cart = s.Sites.Select(x => lat.ToCartesian(x.Fractional)).ToArray();
        if (cart.Length > BucketedAbove && cutoff > 0 && w.X >= 3 * cutoff && w.Y >= 3 * cutoff && w.Z >= 3 * cutoff)
            return Bucketed(s, cutoff, cart, na, nb, nc);
        var result = new List<SitePair>();
        double c2 = cutoff * cutoff;
        for (int ia = -na; ia <= na; ia++)
            for (int ib = -nb; ib <= nb; ib++)
                for (int ic = -nc; ic <= nc; ic++)
                {
                    var t = lat.ToCartesian(new Vec3(ia, ib, ic));
                    bool zero = ia == 0 && ib == 0 && ic == 0;
                    // For i == j keep only one of the images ±t.
                    bool selfOk = !zero && (ia > 0 || (ia == 0 && (ib > 0 || (ib == 0 && ic > 0))));
                    for (int i = 0; i < cart.Length; i++)
                        for (int j = i; j < cart.Length; j++)
                        {
                            if (i == j && !selfOk)
                                continue;
                            var d = cart[j] + t - cart[i];
                            double d2 = Vec3.Dot(d, d);
                            if (d2 <= c2 && d2 > 1e-12)
                                result.Add(new SitePair(i, j, Math.Sqrt(d2)));
                        }
                }
        return result;
    }

    /// <summary>Above this many sites (in a cell at least three cutoffs wide) the pairs come from a cell list.</summary>
    private const int BucketedAbove = 1000;

    /// <summary>
    /// <see cref="Build"/> with a cell list: O(N) for a bounded density instead of O(27 N²). The same pairs, with the
    /// same distances computed the same way, in the same order (image, then i, then j).
    /// </summary>
    private static List<SitePair> Bucketed(Structure s, double cutoff, Vec3[] cart, int na, int nb, int nc)
    {
        var lat = s.Lattice;
        var w = lat.PerpendicularWidths();
        int n0 = (int)Math.Min(w.X / cutoff, 512), n1 = (int)Math.Min(w.Y / cutoff, 512), n2 = (int)Math.Min(w.Z / cutoff, 512);
        int n = cart.Length;
        var wrap = new (int A, int B, int C)[n];
        var bin = new (int A, int B, int C)[n];
        var buckets = new Dictionary<long, List<int>>();
        for (int i = 0; i < n; i++)
        {
            var f = s.Sites[i].Fractional;
            int wa = (int)Math.Floor(f.X), wb = (int)Math.Floor(f.Y), wc = (int)Math.Floor(f.Z);
            wrap[i] = (wa, wb, wc);
            bin[i] = (Math.Min((int)((f.X - wa) * n0), n0 - 1), Math.Min((int)((f.Y - wb) * n1), n1 - 1),
                Math.Min((int)((f.Z - wc) * n2), n2 - 1));
            long key = Key(bin[i].A, bin[i].B, bin[i].C);
            if (!buckets.TryGetValue(key, out var list))
            {
                list = [];
                buckets[key] = list;
            }
            list.Add(i);
        }
        double c2 = cutoff * cutoff;
        var found = new List<(int Image, SitePair Pair)>();
        for (int i = 0; i < n; i++)
        {
            var (ba, bb, bc) = bin[i];
            for (int da = -1; da <= 1; da++)
                for (int db = -1; db <= 1; db++)
                    for (int dc = -1; dc <= 1; dc++)
                    {
                        int ca = ba + da, cb = bb + db, cc = bc + dc;
                        int sa = ca < 0 ? -1 : ca >= n0 ? 1 : 0, sb = cb < 0 ? -1 : cb >= n1 ? 1 : 0, sc = cc < 0 ? -1 : cc >= n2 ? 1 : 0;
                        if (!buckets.TryGetValue(Key(ca - sa * n0, cb - sb * n1, cc - sc * n2), out var list))
                            continue;
                        foreach (int j in list)
                        {
                            if (j < i)
                                continue;
                            // The image of j in the original frame: site j sits at its wrapped position plus wrap[j].
                            int ia = sa - wrap[j].A + wrap[i].A, ib = sb - wrap[j].B + wrap[i].B, ic = sc - wrap[j].C + wrap[i].C;
                            if (Math.Abs(ia) > na || Math.Abs(ib) > nb || Math.Abs(ic) > nc)
                                continue;
                            bool zero = ia == 0 && ib == 0 && ic == 0;
                            bool selfOk = !zero && (ia > 0 || (ia == 0 && (ib > 0 || (ib == 0 && ic > 0))));
                            if (i == j && !selfOk)
                                continue;
                            var t = lat.ToCartesian(new Vec3(ia, ib, ic));
                            var d = cart[j] + t - cart[i];
                            double d2 = Vec3.Dot(d, d);
                            if (d2 <= c2 && d2 > 1e-12)
                            {
                                int image = ((ia + na) * (2 * nb + 1) + (ib + nb)) * (2 * nc + 1) + (ic + nc);
                                found.Add((image, new SitePair(i, j, Math.Sqrt(d2))));
                            }
                        }
                    }
        }
        found.Sort((x, y) => x.Image != y.Image ? x.Image.CompareTo(y.Image)
            : x.Pair.I != y.Pair.I ? x.Pair.I.CompareTo(y.Pair.I) : x.Pair.J.CompareTo(y.Pair.J));
        return found.Select(x => x.Pair).ToList();

        static long Key(int a, int b, int c) => ((long)a * 1024 + b) * 1024 + c;
    }
}
