namespace GpuBv.Crystal;

/// <summary>A pair of sites and one distance between them (one periodic image).</summary>
public readonly record struct SitePair(int I, int J, double Distance);

/// <summary>All site pairs within a cutoff, every periodic image included, for any cell shape.</summary>
public static class NeighbourList
{
    /// <summary>
    /// Pairs (i, j, d) with i ≤ j and 0 &lt; d ≤ <paramref name="cutoff"/> over all periodic images (a pair i = j is a
    /// site and its own image). Each unordered bond appears once.
    /// </summary>
    public static List<SitePair> Build(Structure s, double cutoff)
    {
        var lat = s.Lattice;
        var w = lat.PerpendicularWidths();
        int na = (int)Math.Ceiling(cutoff / w.X) + 1, nb = (int)Math.Ceiling(cutoff / w.Y) + 1, nc = (int)Math.Ceiling(cutoff / w.Z) + 1;
        var cart = s.Sites.Select(x => lat.ToCartesian(x.Fractional)).ToArray();
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
}
