using System.Collections.Immutable;
using GpuBv.Symmetry;

namespace GpuBv.Crystal;

/// <summary>An atom of the asymmetric unit as read from a file, before symmetry expansion.</summary>
public readonly record struct AsymmetricAtom(
    string Label, string Element, double Occupancy, double? OxidationState, Vec3 Fractional, int Line);

/// <summary>The sites of a cell after expansion and merging, with warnings and a clash measure.</summary>
/// <param name="Sites">The sites of the cell.</param>
/// <param name="Warnings">What was merged or adjusted.</param>
/// <param name="Conflicts">How many unphysical coincidences the expansion produced: distinct atoms of the file that
/// land on one position with more than full total occupancy, and pairs of fully occupied sites closer than
/// <see cref="SymmetryExpansion.ClashDistance"/>. A wrong origin choice or setting produces them; a right one none.</param>
/// <param name="ShortestPair">The closest pair of fully occupied sites, for messages.</param>
public sealed record ExpandedSites(ImmutableArray<Site> Sites, ImmutableArray<string> Warnings, int Conflicts, string? ShortestPair)
{
    /// <summary>Pairs of fully occupied sites closer than <see cref="SymmetryExpansion.ClashDistance"/>.</summary>
    public int Clashes { get; init; }

    /// <summary>Atoms the file gives fully occupied whose images crowd as split positions (occupancy reduced to 1/k):
    /// the mark of a wrong origin or setting rather than of disorder.</summary>
    public int SplitFullAtoms { get; init; }

    /// <summary>
    /// The first point where different atoms of the file (different elements) land with a total occupancy above
    /// 1 + <see cref="SymmetryExpansion.CoincidenceTolerance"/>, in words (atom, line, the atoms already there, the
    /// total); null when there is none. A reader refuses the file when its final reading has one.
    /// </summary>
    public string? Overfull { get; init; }
}

/// <summary>
/// Applies symmetry operators to an asymmetric unit and merges coincident positions: images of one atom that land
/// on the same point (special positions) count once; distinct species on one point form a mixed site with their
/// occupancies; the same element listed twice on one point is kept once (occupancies summed only while the sum
/// stays ≤ 1) with a warning. Images of one atom closer than <see cref="SplitDistance"/> are split positions of a
/// disordered atom: when the file gives no occupancy that allows them (e.g. H in brucite on 6i), each gets 1/k.
/// </summary>
public static class SymmetryExpansion
{
    /// <summary>
    /// How far above 1 the summed occupancy of different atoms on one point may go (rounded occupancies such as
    /// 0.667 + 0.334): 0.05. Beyond it two atoms claim the same point, an error (see <see cref="ExpandedSites.Overfull"/>).
    /// </summary>
    public const double CoincidenceTolerance = 0.05;

    /// <summary>Above this many symmetry images (atoms × operators) merging uses a cell list instead of a scan.</summary>
    private const int BucketedMergeLimit = 2000;

    /// <summary>Default merge tolerance in Å: positions closer than this are the same site.</summary>
    public const double DefaultTolerance = 0.05;

    /// <summary>Expands <paramref name="atoms"/> by <paramref name="ops"/> in <paramref name="lattice"/>.</summary>
    public static ExpandedSites Expand(Lattice lattice, IReadOnlyList<SymOp> ops, IReadOnlyList<AsymmetricAtom> atoms,
        double tolerance = DefaultTolerance)
    {
        var warnings = new List<string>();
        var positions = new List<Vec3>();
        var labels = new List<string>();
        var species = new List<List<SiteSpecies>>();
        double tol2 = tolerance * tolerance;
        var orbit = new List<Vec3>(ops.Count);
        var duplicates = new List<string>();
        var duplicateSet = new HashSet<string>();
        var warned = new HashSet<string>();
        // A cell list pays only for large cells; small ones scan the list (the same first match either way).
        var buckets = (long)atoms.Count * ops.Count > BucketedMergeLimit ? new PeriodicBuckets(lattice, tolerance) : null;
        string? overfull = null;
        int conflicts = 0;
        int splitFull = 0;

        foreach (var atom in atoms)
        {
            orbit.Clear();
            foreach (var op in ops)
            {
                var p = op.Apply(atom.Fractional).Wrap();
                bool seen = false;
                foreach (var q in orbit)
                    if (Close(lattice, p, q, tol2))
                    {
                        seen = true;
                        break;
                    }
                if (!seen)
                    orbit.Add(p);
            }
            double occupancy = atom.Occupancy;
            int split = SplitClusterSize(lattice, orbit);
            if (split > 1 && occupancy * split > 1 + 1e-3)
            {
                double d = orbit.Skip(1).Min(q => lattice.ToCartesian((q - orbit[0]).MinimumImage()).Length);
                occupancy = Math.Min(occupancy, 1.0 / split);
                if (atom.Occupancy >= 0.999)
                    splitFull++;
                conflicts++; // legitimate for a disordered atom, but also what a wrong origin choice produces
                AddOnce(warnings, warned, $"atom {atom.Label} (line {atom.Line}): its symmetry images lie {d:0.###} Å apart, "
                    + $"a split (disordered) position written without its occupancy; occupancy set to 1/{split}");
            }
            foreach (var p in orbit)
            {
                int found = -1;
                if (buckets is null)
                {
                    for (int s = 0; s < positions.Count && found < 0; s++)
                    {
                        if (Close(lattice, p, positions[s], tol2))
                            found = s;
                    }
                }
                else
                {
                    buckets.Near(p, s =>
                    {
                        if ((found < 0 || s < found) && Close(lattice, p, positions[s], tol2))
                            found = s;
                    });
                }
                var sp = new SiteSpecies(atom.Element, occupancy, atom.OxidationState);
                if (found < 0)
                {
                    buckets?.Add(positions.Count, p);
                    positions.Add(p);
                    labels.Add(atom.Label);
                    species.Add([sp]);
                    continue;
                }
                var list = species[found];
                int same = list.FindIndex(x => x.Element == atom.Element);
                if (same < 0)
                {
                    double total = list.Sum(x => x.Occupancy) + occupancy;
                    if (total > 1 + 1e-2)
                        conflicts++;
                    if (total > 1 + CoincidenceTolerance && overfull is null)
                        overfull = $"atom {atom.Label} (line {atom.Line}, {atom.Element}) lies on the same point as "
                            + $"{labels[found]} ({string.Join(", ", list.Select(x => x.Element))}): total occupancy "
                            + $"{total:0.###} > 1; two atoms cannot both occupy one point (give occupancies that sum to ≤ 1)";
                    list.Add(sp);
                    if (!labels[found].Split('/').Contains(atom.Label))
                        labels[found] += "/" + atom.Label;
                }
                else
                {
                    double sum = list[same].Occupancy + occupancy;
                    string msg = $"atom {atom.Label} (line {atom.Line}) lies on the same position as {labels[found]}";
                    if (sum <= 1 + 1e-3)
                    {
                        list[same] = list[same] with { Occupancy = Math.Min(1.0, sum) };
                        AddOnce(warnings, warned, msg + $"; their {atom.Element} occupancies are summed");
                    }
                    else
                    {
                        list[same] = list[same] with { Occupancy = Math.Max(list[same].Occupancy, occupancy) };
                        if (duplicateSet.Add(atom.Label))
                            duplicates.Add(atom.Label);
                        conflicts++;
                    }
                }
            }
        }

        if (duplicates.Count > 0)
        {
            warnings.Add($"{duplicates.Count} atom(s) repeat positions already generated by symmetry (duplicates kept once): "
                + $"{string.Join(", ", duplicates.Take(10))}{(duplicates.Count > 10 ? ", ..." : "")}");
        }
        var sites = ImmutableArray.CreateBuilder<Site>(positions.Count);
        for (int s = 0; s < positions.Count; s++)
        {
            double total = species[s].Sum(x => x.Occupancy);
            if (total > 1 + 1e-2)
                AddOnce(warnings, warned, $"site {labels[s]} has total occupancy {total:0.###} > 1");
            sites.Add(new Site(labels[s], positions[s], species[s].ToImmutableArray()));
        }
        var (close, pair) = CloseFullPairs(lattice, sites);
        return new ExpandedSites(sites.MoveToImmutable(), warnings.ToImmutableArray(), conflicts + close, pair)
        {
            Clashes = close,
            SplitFullAtoms = splitFull,
            Overfull = overfull,
        };
    }

    /// <summary>Fully occupied sites closer than this (Å) are a clash: no two atoms sit that close.</summary>
    public const double ClashDistance = 0.7;

    /// <summary>
    /// Pairs of distinct, (nearly) fully occupied sites closer than <see cref="ClashDistance"/>, and the closest pair.
    /// Partially occupied (split) sites are ignored: they may legitimately be close.
    /// </summary>
    private static (int, string?) CloseFullPairs(Lattice lattice, IReadOnlyList<Site> sites)
    {
        double best = double.PositiveInfinity;
        string? pair = null;
        int count = 0;
        var full = sites.Where(s => s.TotalOccupancy >= 0.99).ToArray();
        if (full.Length > ExactPairLimit)
            return CloseFullPairsBucketed(lattice, full);
        for (int i = 0; i < full.Length; i++)
            for (int j = i + 1; j < full.Length; j++)
            {
                var d = lattice.ToCartesian((full[j].Fractional - full[i].Fractional).MinimumImage()).Length;
                if (d < ClashDistance)
                    count++;
                if (d < best)
                {
                    best = d;
                    pair = $"{full[i].Label} and {full[j].Label} ({d:0.###} Å)";
                }
            }
        return (count, pair);
    }

    /// <summary>Above this many fully occupied sites the closest pair is sought only within <see cref="NearPairRadius"/>.</summary>
    private const int ExactPairLimit = 3000;

    /// <summary>The radius (Å) of the closest-pair search in large cells: any real closest pair lies within it.</summary>
    private const double NearPairRadius = 2.5;

    /// <summary>
    /// <see cref="CloseFullPairs"/> for many sites with a cell list: O(N). The same pairs are counted; the closest pair is
    /// found when it lies within <see cref="NearPairRadius"/>.
    /// </summary>
    private static (int, string?) CloseFullPairsBucketed(Lattice lattice, Site[] full)
    {
        var buckets = new PeriodicBuckets(lattice, NearPairRadius);
        for (int i = 0; i < full.Length; i++)
            buckets.Add(i, full[i].Fractional);
        double best = double.PositiveInfinity;
        int bi = -1, bj = -1;
        int count = 0;
        for (int i = 0; i < full.Length; i++)
        {
            var fi = full[i].Fractional;
            buckets.Near(fi, j =>
            {
                if (j <= i)
                    return;
                var d = lattice.ToCartesian((full[j].Fractional - fi).MinimumImage()).Length;
                if (d < ClashDistance)
                    count++;
                if (d < best || (d == best && (i < bi || (i == bi && j < bj))))
                {
                    best = d;
                    bi = i;
                    bj = j;
                }
            });
        }
        return (count, bi < 0 ? null : $"{full[bi].Label} and {full[bj].Label} ({best:0.###} Å)");
    }

    /// <summary>Distance (Å) below which two images of one atom cannot both be occupied: they are split positions.</summary>
    public const double SplitDistance = 0.5;

    /// <summary>How many images of one atom's orbit crowd within <see cref="SplitDistance"/> of its first image (1 = none).</summary>
    private static int SplitClusterSize(Lattice lattice, List<Vec3> orbit)
    {
        int k = 0;
        foreach (var q in orbit)
            if (lattice.ToCartesian((q - orbit[0]).MinimumImage()).Length < SplitDistance)
                k++;
        return k;
    }

    private static bool Close(Lattice lattice, Vec3 a, Vec3 b, double tol2)
    {
        var d = (a - b).MinimumImage();
        var c = lattice.ToCartesian(d);
        return c.X * c.X + c.Y * c.Y + c.Z * c.Z < tol2;
    }

    private static void AddOnce(List<string> list, HashSet<string> seen, string msg)
    {
        if (seen.Add(msg))
            list.Add(msg);
    }
}
