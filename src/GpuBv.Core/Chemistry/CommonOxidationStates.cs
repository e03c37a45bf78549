using System.Collections.Frozen;
using System.Globalization;
using GpuBv.Parameters;

namespace GpuBv.Chemistry;

/// <summary>
/// pymatgen's table of each element's common oxidation states and how often each state occurs in the ICSD
/// (copied from Debian's python3-pymatgen, MIT; see <c>Data/oxidation/PROVENANCE.md</c>), with the roles the
/// oxidation-state guess allows: metals never take a negative state; the elements that can be anions as well as
/// cations are also tried in their anion roles (I−, Br−, Cl−, S2−, Se2−, Te2−, N3−, P3−, As3−, Sb3−, C4−, H−).
/// </summary>
public static class CommonOxidationStates
{
    private static readonly FrozenDictionary<string, int[]> Common = EmbeddedData.Rows("common_oxidation_states.tsv", '\t')
        .ToFrozenDictionary(r => r[0], r => r.Length < 2 || r[1].Length == 0
            ? []
            : r[1].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray());

    private static readonly FrozenDictionary<(string, int), int> Icsd = EmbeddedData.Rows("icsd_oxidation_occurrence.tsv", '\t')
        .ToFrozenDictionary(
            r => (r[0], int.Parse(r[1], CultureInfo.InvariantCulture)),
            r => int.Parse(r[2], CultureInfo.InvariantCulture));

    /// <summary>Nonmetals and metalloids (pymatgen's <c>is_metalloid</c> list included): the elements allowed a negative state.</summary>
    private static readonly FrozenSet<string> NonMetals = new[]
    {
        "H", "He", "B", "C", "N", "O", "F", "Ne", "Si", "P", "S", "Cl", "Ar", "Ge", "As", "Se", "Br", "Kr",
        "Sb", "Te", "I", "Xe", "Po", "At", "Rn", "Ts", "Og",
    }.ToFrozenSet();

    private static readonly FrozenDictionary<string, int> AnionRole = new Dictionary<string, int>
    {
        ["I"] = -1, ["Br"] = -1, ["Cl"] = -1, ["S"] = -2, ["Se"] = -2, ["Te"] = -2, ["N"] = -3, ["P"] = -3, ["As"] = -3,
        ["Sb"] = -3, ["C"] = -4, ["H"] = -1,
    }.ToFrozenDictionary();

    /// <summary>The element's common oxidation states (pymatgen's "Common oxidation states"); empty if it has none.</summary>
    public static IReadOnlyList<int> Of(string element) => Common.TryGetValue(element, out var s) ? s : [];

    /// <summary>
    /// The states the guess may try for <paramref name="element"/>: its common states plus its anion role, without
    /// negative states for a metal and without 0, in increasing order.
    /// </summary>
    public static IReadOnlyList<int> Candidates(string element)
    {
        var all = new SortedSet<int>(Of(element));
        if (AnionRole.TryGetValue(element, out var anion))
            all.Add(anion);
        all.Remove(0);
        if (IsMetal(element))
            all.RemoveWhere(q => q < 0);
        return all.ToArray();
    }

    /// <summary>True for a metal (not a nonmetal, a noble gas or a metalloid): it never takes a negative state in a guess.</summary>
    public static bool IsMetal(string element) => !NonMetals.Contains(element);

    /// <summary>How often the species occurs in the ICSD (pymatgen's <c>icsd_bv.yaml</c> occurrence); 0 if never.</summary>
    public static int IcsdOccurrence(string element, int state) => Icsd.TryGetValue((element, state), out var n) ? n : 0;
}
