using System.Collections.Immutable;
using GpuBv.Crystal;
using GpuBv.Parameters;

namespace GpuBv.Groups;

/// <summary>Options for finding anion groups.</summary>
/// <param name="MobileElement">The mobile cation's element (never a centre; it still competes for the anions' bonds).</param>
/// <param name="Anion">Only groups of this anion element (null: every anion element).</param>
/// <param name="Center">Only groups with this centre element (null: any cation but H and the mobile one).</param>
public sealed record GroupSearch(string? MobileElement = null, string? Anion = null, string? Center = null);

/// <summary>
/// Finds polyanion groups by a bond-valence criterion. For every anion, the bond valences s = exp(α(R0 − d)) to all
/// cations within <see cref="BondCutoff"/> (softBV R0 and α for the pair) say which cation bonds it most strongly. A
/// cation C (not H, not the mobile species) is a group centre when at least two anions get their largest bond valence
/// from C and none of them is shared: no other centre candidate gives it half or more of that largest valence (which
/// would make it a bridge in a polymerised framework, e.g. Si–O–Si). So LiFePO4 has four PO4 groups (its oxygens bond
/// P far more strongly than Fe; FeO6 owns no anion), cryolite's isolated AlF6 are groups, and SiO2 has none.
/// </summary>
public static class AnionGroupFinder
{
    /// <summary>Bonds longer than this (Å) are not considered.</summary>
    public const double BondCutoff = 3.5;

    /// <summary>A second centre giving an anion at least this fraction of its largest bond valence shares it.</summary>
    public const double SharedFraction = 0.5;

    /// <summary>
    /// The groups of <paramref name="structure"/> (every species with an oxidation state). Throws an
    /// <see cref="InputException"/> naming a cation–anion pair the table lacks.
    /// </summary>
    public static IReadOnlyList<AnionGroup> Find(Structure structure, GroupSearch search, SoftBvTable? table = null)
    {
        table ??= SoftBvTable.Default;
        var sites = structure.Sites;
        var lat = structure.Lattice;

        // Majority cation / anion species of each site (mixed sites act through their main species).
        (string el, int q)? Main(Site s, int sign)
        {
            var sp = s.Species
                .Where(x => x.OxidationState is double q && Math.Sign(q) == sign)
                .OrderByDescending(x => x.Occupancy)
                .FirstOrDefault();
            return sp.Element is null ? null : (sp.Element, (int)Math.Round(sp.OxidationState!.Value));
        }
        var cation = sites.Select(s => Main(s, 1)).ToArray();
        var anion = sites.Select(s => Main(s, -1)).ToArray();

        bool IsCentreCandidate(int i) => cation[i] is { } c && c.el != "H" && c.el != search.MobileElement
                                         && (search.Center is null || c.el == search.Center);

        var cart = sites.Select(s => lat.ToCartesian(s.Fractional)).ToArray();
        var w = lat.PerpendicularWidths();
        int na = (int)Math.Ceiling(BondCutoff / w.X), nb = (int)Math.Ceiling(BondCutoff / w.Y), nc = (int)Math.Ceiling(BondCutoff / w.Z);

        // For each anion site: every bond to a cation within the cutoff, the strongest one owning it.
        var owner = new (int centre, Vec3 anionPos, double d, double s)?[sites.Length];
        var bridged = new HashSet<int>(); // centres that share an anion with another centre: polymerised, not groups
        var bonds = new List<(int c, Vec3 pos, double d, double s)>();
        for (int x = 0; x < sites.Length; x++)
        {
            if (anion[x] is not { } an)
                continue;
            if (search.Anion is not null && an.el != search.Anion)
                continue;
            bonds.Clear();
            for (int c = 0; c < sites.Length; c++)
            {
                if (cation[c] is not { } ca)
                    continue;
                for (int ia = -na; ia <= na; ia++)
                    for (int ib = -nb; ib <= nb; ib++)
                        for (int ic = -nc; ic <= nc; ic++)
                        {
                            var pos = cart[x] + lat.ToCartesian(new Vec3(ia, ib, ic));
                            double d = (pos - cart[c]).Length;
                            if (d > BondCutoff || d < 1e-6)
                                continue;
                            if (!table.TryGet(ca.el, ca.q, an.el, an.q, out var pair))
                            {
                                if (!IsCentreCandidate(c))
                                    continue; // the mobile ion's pairs are judged by the maps
                                throw new InputException(structure.Source, $"site {sites[c].Label}",
                                    $"no softBV parameters for the pair {SoftBvTable.PairName(ca.el, ca.q, an.el, an.q)}; "
                                    + $"supply them with {InputException.Ref(InputParameter.ParametersFile)} (bvse.dat's layout)");
                            }
                            bonds.Add((c, pos, d, pair.BondValence(d)));
                        }
            }
            if (bonds.Count == 0)
                continue;
            var best = bonds.MaxBy(b => b.s);
            var strong = bonds.Where(b => IsFramework(b.c) && b.s >= SharedFraction * best.s).ToList();
            if (strong.Count > 1)
            {
                foreach (var b in strong)
                    bridged.Add(b.c);
                continue;
            }
            if (IsCentreCandidate(best.c))
                owner[x] = (best.c, best.pos, best.d, best.s);
        }

        var groups = new List<AnionGroup>();
        for (int c = 0; c < sites.Length; c++)
        {
            if (!IsCentreCandidate(c) || bridged.Contains(c))
                continue;
            var members = new List<GroupAnion>();
            for (int x = 0; x < sites.Length; x++)
                if (owner[x] is { } o && o.centre == c)
                    members.Add(new GroupAnion(x, anion[x]!.Value.el, o.anionPos, o.d, o.s));
            if (members.Count < 2)
                continue;
            groups.Add(new AnionGroup(
                c, cation[c]!.Value.el, sites[c].Fractional, cart[c], members.OrderBy(m => m.Site).ToImmutableArray()));
        }
        return groups;

        // A cation that is not the mobile species nor H: part of the framework, a possible centre.
        bool IsFramework(int c) => cation[c] is { } ca && ca.el != "H" && ca.el != search.MobileElement;
    }
}
