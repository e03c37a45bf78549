using System.Collections.Immutable;
using System.Diagnostics;
using GpuBv.Crystal;
using Xunit;

namespace GpuBv.Tests.Crystal;

/// <summary>The cell-list neighbour search of large cells gives exactly the pairs, distances and order of the all-pairs search.</summary>
public sealed class NeighbourListTests
{
    private static Structure RandomCell(int n, double a, int seed)
    {
        var rnd = new Random(seed);
        var lat = Lattice.FromParameters(a, a * 1.1, a * 0.95, 80, 95, 105);
        var sites = Enumerable.Range(0, n).Select(i => new Site($"Na{i}",
            new Vec3(rnd.NextDouble(), rnd.NextDouble(), rnd.NextDouble()),
            ImmutableArray.Create(new SiteSpecies("Na", 1.0, null))));
        return new Structure(lat, sites);
    }

    // The all-pairs search as it was (27 images × N²), the reference.
    private static List<SitePair> AllPairs(Structure s, double cutoff)
    {
        var lat = s.Lattice;
        var w = lat.PerpendicularWidths();
        int na = (int)Math.Ceiling(cutoff / w.X) + 1, nb = (int)Math.Ceiling(cutoff / w.Y) + 1, nc = (int)Math.Ceiling(cutoff / w.Z) + 1;
        var cart = s.Sites.Select(x => lat.ToCartesian(x.Fractional)).ToArray();
        var result = new List<SitePair>();
        for (int ia = -na; ia <= na; ia++)
            for (int ib = -nb; ib <= nb; ib++)
                for (int ic = -nc; ic <= nc; ic++)
                {
                    var t = lat.ToCartesian(new Vec3(ia, ib, ic));
                    bool selfOk = (ia != 0 || ib != 0 || ic != 0) && (ia > 0 || (ia == 0 && (ib > 0 || (ib == 0 && ic > 0))));
                    for (int i = 0; i < cart.Length; i++)
                        for (int j = i; j < cart.Length; j++)
                        {
                            if (i == j && !selfOk)
                                continue;
                            var d = cart[j] + t - cart[i];
                            double d2 = Vec3.Dot(d, d);
                            if (d2 <= cutoff * cutoff && d2 > 1e-12)
                                result.Add(new SitePair(i, j, Math.Sqrt(d2)));
                        }
                }
        return result;
    }

    [Fact]
    public void LargeObliqueCellGivesTheSamePairsInTheSameOrder()
    {
        var s = RandomCell(1500, 26, 7);
        var expected = AllPairs(s, 4.0);
        var got = NeighbourList.Build(s, 4.0);
        Assert.True(expected.Count > 1000);
        Assert.Equal(expected, got);
    }

    [Fact]
    public void HundredThousandSitesTakeSeconds()
    {
        var s = RandomCell(100_000, 105, 3);
        var t = Stopwatch.StartNew();
        var pairs = NeighbourList.Build(s, 3.0);
        Assert.True(t.Elapsed.TotalSeconds < 8, $"took {t.Elapsed.TotalSeconds:0.0} s");
        Assert.All(pairs.Take(1000), p => Assert.InRange(p.Distance, 0, 3.0));
    }
}
