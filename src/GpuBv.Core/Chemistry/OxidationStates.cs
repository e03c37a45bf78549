using GpuBv.Compute;
using System.Collections.Immutable;
using System.Globalization;
using GpuBv.Crystal;
using GpuBv.Parameters;

namespace GpuBv.Chemistry;

/// <summary>The outcome of assigning oxidation states.</summary>
/// <param name="Structure">The structure with every species' oxidation state set.</param>
/// <param name="States">Distinct oxidation states of each element (several for mixed valence).</param>
/// <param name="Sources">Where each element's states came from.</param>
/// <param name="ResidualCharge">Σ occupancy × state over the cell (e); 0 for an exactly neutral assignment.</param>
/// <param name="Warnings">Notes for the user (non-neutral result, explicit states of elements not in the structure, ...).</param>
public sealed record OxidationResult(
    Structure Structure,
    ImmutableSortedDictionary<string, ImmutableArray<double>> States,
    ImmutableSortedDictionary<string, OxidationSource> Sources,
    double ResidualCharge,
    ImmutableArray<string> Warnings);

/// <summary>
/// Assigns formal oxidation states, in this order: explicit values (<see cref="InputParameter.OxidationStates"/>), the
/// file's, else a guess: hydrogen by its neighbour (+1 next to O, N, F, S, Cl; −1 otherwise, e.g. in hydrides and
/// BH4), every other element by enumerating the valences the softBV table knows for it, keeping assignments that are
/// charge-neutral (within max(0.25 e, 1 % of the cation charge) per cell, for refined partial occupancies), and choosing
/// the one whose bond-valence sums best match the valences. If no integer assignment is neutral, one element may be
/// mixed-valent: the higher state goes to the sites whose bond-valence misfit it lowers most (a heuristic: softBV's soft
/// b compresses the differences between sites, so the count per state is exact but the choice of sites is a best
/// guess). Where bond valence cannot decide (no softBV pair for a state, e.g. Sn2+–I−), the guess falls back to
/// pymatgen's rule: the charge-balanced combination of the elements' common oxidation states (and the anion roles of
/// I, Br, Cl, S, Se, Te, N, P, As, Sb, C, H) with the highest ICSD occurrence, no metal negative
/// (<see cref="CommonOxidationStates"/>). An element, alloy or intermetallic (Li, Fe, Au3Cu, PtBi) has no meaningful
/// oxidation states: <see cref="TryAssign"/> says why, <see cref="Assign"/> throws.
/// </summary>
public static class OxidationStates
{
    private static readonly HashSet<string> HydrogenAcceptors = ["O", "N", "F", "S", "Cl"];
    private const double BvsCutoff = 5.0;

    /// <summary>The explicit-states parameter inside an error's text; each front end renders it with its own name.</summary>
    private static readonly string Oxi = InputException.Ref(InputParameter.OxidationStates);

    private static readonly string OxiExample = $"{Oxi} Li=1,Ge=4,P=5,S=-2";

    /// <summary>
    /// Parses <c>Li=1,Ge=4,P=5,S=-2</c> (also <c>Li=+1</c>, <c>S=-2.0</c>, spaces allowed). Throws an
    /// <see cref="InputException"/> naming <see cref="InputParameter.OxidationStates"/> on bad text or an unknown element.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ParseExplicit(string text)
    {
        var d = new Dictionary<string, double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw new InputException(InputParameter.OxidationStates, $"'{part}'", $"expected ELEMENT=STATE, e.g. {OxiExample}");
            if (!Element.TryGet(kv[0], out var el))
                throw new InputException(InputParameter.OxidationStates, $"'{part}'", $"unknown element symbol '{kv[0]}'");
            d[el.Symbol] = v;
        }
        if (d.Count == 0)
            throw new InputException(InputParameter.OxidationStates, "", $"no ELEMENT=STATE entries, e.g. {OxiExample}");
        return d;
    }

    /// <summary>Assigns oxidation states to <paramref name="structure"/>; see the class remarks for the order.</summary>
    /// <exception cref="InputException">
    /// When no assignment is possible at all (names <see cref="InputParameter.OxidationStates"/> as the remedy).
    /// </exception>
    /// <param name="structure">The structure.</param>
    /// <param name="explicitStates">States given by the user, per element.</param>
    /// <param name="table">The softBV table (null: the default).</param>
    /// <param name="memory">The budget the bond-valence neighbour list must fit (null: <see cref="MemoryBudget.Default"/>).</param>
    public static OxidationResult Assign(
        Structure structure, IReadOnlyDictionary<string, double>? explicitStates = null, SoftBvTable? table = null,
        MemoryBudget? memory = null)
    {
        var result = Run(structure, explicitStates, table, memory, out var failure);
        if (result is not null)
            return result;
        string example = string.Join(",", structure.Elements.Select(e => e + "=N"));
        throw new InputException(structure.Source, failure!.Place, $"{failure.Reason}; pass the states with {Oxi} {example}");
    }

    /// <summary>
    /// Assigns oxidation states as <see cref="Assign"/> does, without throwing when the structure has no meaningful
    /// ones (an element, alloy or intermetallic): then returns false with <paramref name="result"/> null and
    /// <paramref name="reason"/> saying why ("no meaningful oxidation states: ...").
    /// </summary>
    public static bool TryAssign(Structure structure, out OxidationResult? result, out string? reason,
        IReadOnlyDictionary<string, double>? explicitStates = null, SoftBvTable? table = null, MemoryBudget? memory = null)
    {
        result = Run(structure, explicitStates, table, memory, out var failure);
        reason = failure?.Reason;
        return result is not null;
    }

    /// <summary>Why no assignment was made: the place (e.g. an element) and the reason.</summary>
    private sealed record Failure(string Place, string Reason);

    private const string NoMeaning = "no meaningful oxidation states: ";

    private static OxidationResult? Run(Structure structure, IReadOnlyDictionary<string, double>? explicitStates,
        SoftBvTable? table, MemoryBudget? memory, out Failure? failure)
    {
        failure = null;
        table ??= SoftBvTable.Default;
        explicitStates ??= new Dictionary<string, double>();
        var warnings = new List<string>();
        var sites = structure.Sites;
        var elements = structure.Elements;
        var composition = structure.Composition();

        foreach (var k in explicitStates.Keys)
            if (!composition.ContainsKey(k))
                warnings.Add($"{InputException.Ref(InputParameter.OxidationStates)} gives {k}, which is not in the structure; ignored");

        // Per (site, species) state; NaN = unknown yet.
        var state = sites.Select(s => s.Species.Select(_ => double.NaN).ToArray()).ToArray();
        var sources = new Dictionary<string, OxidationSource>();

        foreach (var el in elements)
        {
            if (explicitStates.TryGetValue(el, out var v))
            {
                SetElement(el, _ => v);
                sources[el] = OxidationSource.Explicit;
            }
            else if (AllSpecies(el).All(x => x.sp.OxidationState is not null))
            {
                SetElement(el, x => x.sp.OxidationState!.Value);
                sources[el] = OxidationSource.File;
            }
        }

        List<SitePair>? pairs = null;
        List<SitePair> Pairs() => pairs ??= NeighbourList.Build(structure, BvsCutoff, memory);

        if (composition.ContainsKey("H") && !sources.ContainsKey("H"))
        {
            AssignHydrogen(structure, state);
            sources["H"] = OxidationSource.HydrogenRule;
        }

        var unknown = elements.Where(e => !sources.ContainsKey(e)).ToList();
        if (unknown.Count > 0)
        {
            var before = state.Select(x => (double[])x.Clone()).ToArray();
            var bvWarnings = new List<string>();
            var bvFailure = GuessByBondValence(structure, table, unknown, state, Pairs(), bvWarnings, composition);
            if (bvFailure is null)
            {
                warnings.AddRange(bvWarnings);
                foreach (var e in unknown)
                    sources[e] = OxidationSource.BondValence;
            }
            else
            {
                // Bond valence cannot decide (a state without softBV pairs, an element, an intermetallic): common states.
                for (int i = 0; i < state.Length; i++)
                    Array.Copy(before[i], state[i], state[i].Length);
                failure = GuessByCommonStates(structure, table, unknown, state, composition, sources);
                if (failure is not null)
                    return null;
            }
        }

        // Build the result.
        var newSites = sites.Select((s, i) => s with
        {
            Species = s.Species.Select((sp, k) => sp with { OxidationState = state[i][k] }).ToImmutableArray(),
        }).ToList();
        double residual = 0;
        for (int i = 0; i < sites.Length; i++)
            for (int k = 0; k < sites[i].Species.Length; k++)
                residual += sites[i].Species[k].Occupancy * state[i][k];
        var states = elements.ToImmutableSortedDictionary(e => e, e => AllSpeciesIn(newSites, e)
            .Select(x => Math.Round(x.OxidationState!.Value, 4)).Distinct().Order().ToImmutableArray(), StringComparer.Ordinal);
        double posCharge = newSites.SelectMany(s => s.Species)
            .Where(x => x.OxidationState > 0)
            .Sum(x => x.Occupancy * x.OxidationState!.Value);
        if (Math.Abs(residual) > NeutralTolerance(posCharge))
            warnings.Add($"oxidation states are not charge-neutral: residual {residual:+0.###;-0.###} e per cell");
        return new OxidationResult(structure.WithSites(newSites), states,
            sources.ToImmutableSortedDictionary(StringComparer.Ordinal), Math.Round(residual, 10), warnings.ToImmutableArray());

        IEnumerable<(int site, int k, SiteSpecies sp)> AllSpecies(string el)
        {
            for (int i = 0; i < sites.Length; i++)
                for (int k = 0; k < sites[i].Species.Length; k++)
                    if (sites[i].Species[k].Element == el)
                        yield return (i, k, sites[i].Species[k]);
        }
        void SetElement(string el, Func<(int site, int k, SiteSpecies sp), double> f)
        {
            foreach (var x in AllSpecies(el))
                state[x.site][x.k] = f(x);
        }
    }

    private static IEnumerable<SiteSpecies> AllSpeciesIn(IEnumerable<Site> sites, string el)
        => sites.SelectMany(s => s.Species).Where(x => x.Element == el);

    /// <summary>Tolerance on the residual charge per cell for an assignment to count as neutral.</summary>
    public static double NeutralTolerance(double positiveCharge) => Math.Max(0.25, 0.01 * positiveCharge);

    private static void AssignHydrogen(Structure s, double[][] state)
    {
        var lat = s.Lattice;
        for (int i = 0; i < s.Sites.Length; i++)
            for (int k = 0; k < s.Sites[i].Species.Length; k++)
            {
                if (s.Sites[i].Species[k].Element != "H")
                    continue;
                double best = double.MaxValue;
                string? nearest = null;
                for (int j = 0; j < s.Sites.Length; j++)
                {
                    if (j == i)
                        continue;
                    var other = s.Sites[j].Species.Where(x => x.Element != "H").ToList();
                    if (other.Count == 0)
                        continue;
                    double d = lat.MinimumImageDistance(s.Sites[i].Fractional, s.Sites[j].Fractional);
                    if (d < best)
                    {
                        best = d;
                        nearest = other.OrderByDescending(x => x.Occupancy).First().Element;
                    }
                }
                state[i][k] = nearest is not null && HydrogenAcceptors.Contains(nearest) ? 1 : -1;
            }
    }

    private static Failure NoAssignment() => new("", NoMeaning + "no cation–anion pairs the softBV table knows");

    /// <summary>A guess by bond valence; null on success, else why not (then <paramref name="state"/> is partly set).</summary>
    private static Failure? GuessByBondValence(Structure s, SoftBvTable table, List<string> unknown, double[][] state,
        List<SitePair> pairs, List<string> warnings, IReadOnlyDictionary<string, double> composition)
    {
        var candidates = new List<int[]>();
        var multi = new List<string>();
        foreach (var el in unknown)
        {
            var vals = table.ValencesOf(el).ToArray();
            if (vals.Length == 0)
                return new Failure($"element {el}", NoMeaning + $"the softBV table knows no valence for {el}");
            if (vals.Length == 1)
            {
                // Only one state is known (Li+, O2−, F−, ...): nothing to choose.
                for (int i = 0; i < s.Sites.Length; i++)
                    for (int k = 0; k < s.Sites[i].Species.Length; k++)
                        if (s.Sites[i].Species[k].Element == el)
                            state[i][k] = vals[0];
                continue;
            }
            multi.Add(el);
            candidates.Add(vals);
        }
        unknown = multi;

        // Charges fixed already (explicit, file, hydrogen).
        double fixedCharge = 0;
        for (int i = 0; i < s.Sites.Length; i++)
            for (int k = 0; k < s.Sites[i].Species.Length; k++)
                if (!double.IsNaN(state[i][k]))
                    fixedCharge += s.Sites[i].Species[k].Occupancy * state[i][k];

        var amounts = unknown.Select(e => composition[e]).ToArray();
        var scorer = new BvsScorer(s, table, pairs, state, unknown);

        var combo = new int[unknown.Count];
        long total = candidates.Aggregate(1L, (acc, c) => acc * c.Length);
        if (unknown.Count == 0)
        {
            return scorer.HasCationAndAnion() ? null : NoAssignment();
        }
        if (total > MaxCombinations)
            return new Failure("", NoMeaning + $"too many oxidation-state combinations to try ({total})");
        double positiveFixed = PositiveFixed();
        var combos = new List<(int[] v, double residual)>();
        Enumerate(0);

        // Neutral assignments first (cheap to find); only they are scored by bond valence when there are any.
        var neutral = combos.Where(c => Math.Abs(c.residual) <= NeutralTolerance(Pos(c.v)))
            .Select(c => (c.v, c.residual, score: scorer.Score(c.v)))
            .Where(c => c.score is not null)
            .Select(c => (c.v, c.residual, score: c.score!.Value)).ToList();
        if (neutral.Count > 0)
        {
            // Among neutral assignments prefer the best bond-valence match; residual breaks near-ties.
            var best = neutral.OrderBy(f => f.score + 0.01 * Math.Abs(f.residual)).First();
            Apply(best.v, null);
            return null;
        }

        // No neutral integer assignment: score the candidates closest to neutrality (at most MaxScored of them).
        const int MaxScored = 20_000;
        var feasible = combos.OrderBy(c => Math.Abs(c.residual)).Take(MaxScored)
            .Select(c => (c.v, c.residual, score: scorer.Score(c.v)))
            .Where(c => c.score is not null)
            .Select(c => (c.v, c.residual, score: c.score!.Value)).ToList();
        if (feasible.Count == 0)
            return NoAssignment();

        double Pos(int[] v)
        {
            double p = positiveFixed;
            for (int e = 0; e < v.Length; e++)
                if (v[e] > 0)
                    p += amounts[e] * v[e];
            return p;
        }
        double PositiveFixed()
        {
            double p = 0;
            for (int i = 0; i < s.Sites.Length; i++)
                for (int k = 0; k < s.Sites[i].Species.Length; k++)
                    if (state[i][k] > 0)
                        p += s.Sites[i].Species[k].Occupancy * state[i][k];
            return p;
        }

        // Mixed valence: one element takes a fractional average between two of its valences.
        (int[] v, int el, double avg, double score)? mixed = null;
        foreach (var f in feasible)
        {
            for (int e = 0; e < unknown.Count; e++)
            {
                double rest = f.residual - amounts[e] * f.v[e];
                double avg = -rest / amounts[e];
                var vals = candidates[e];
                int lo = vals.Where(x => x <= avg + 1e-9).DefaultIfEmpty(int.MinValue).Max();
                int hi = vals.Where(x => x >= avg - 1e-9).DefaultIfEmpty(int.MaxValue).Min();
                if (lo == int.MinValue || hi == int.MaxValue || Math.Sign(lo) != Math.Sign(hi) || lo == 0)
                    continue;
                if (f.v[e] != lo && f.v[e] != hi)
                    continue;
                var other = (int[])f.v.Clone();
                other[e] = lo;
                var sLo = scorer.Score(other);
                other[e] = hi;
                var sHi = scorer.Score(other);
                if (sLo is null || sHi is null)
                    continue;
                double sc = Math.Min(sLo.Value, sHi.Value);
                if (mixed is null || sc < mixed.Value.score)
                    mixed = (f.v, e, avg, sc);
            }
        }
        if (mixed is { } m)
        {
            Apply(m.v, (m.el, m.avg, candidates[m.el]));
            warnings.Add($"{unknown[m.el]} is mixed-valent (average {m.avg:0.###})");
            return null;
        }

        var closest = feasible.OrderBy(f => Math.Abs(f.residual)).ThenBy(f => f.score).First();
        Apply(closest.v, null);
        return null;

        void Enumerate(int e)
        {
            if (e == unknown.Count)
            {
                double r = fixedCharge;
                for (int x = 0; x < combo.Length; x++)
                    r += amounts[x] * combo[x];
                combos.Add(((int[])combo.Clone(), r));
                return;
            }
            foreach (var v in candidates[e])
            {
                combo[e] = v;
                Enumerate(e + 1);
            }
        }

        void Apply(int[] v, (int el, double avg, int[] vals)? mix)
        {
            for (int i = 0; i < s.Sites.Length; i++)
                for (int k = 0; k < s.Sites[i].Species.Length; k++)
                {
                    int e = unknown.IndexOf(s.Sites[i].Species[k].Element);
                    if (e >= 0)
                        state[i][k] = v[e];
                }
            if (mix is not { } mx)
                return;
            string el = unknown[mx.el];
            int lo = mx.vals.Where(x => x <= mx.avg + 1e-9).Max(), hi = mx.vals.Where(x => x >= mx.avg - 1e-9).Min();
            // The high state goes to the sites whose bond-valence misfit it lowers most.
            var lowCombo = (int[])v.Clone();
            lowCombo[mx.el] = lo;
            var highCombo = (int[])v.Clone();
            highCombo[mx.el] = hi;
            var bvsLo = scorer.SiteSums(lowCombo);
            var bvsHi = scorer.SiteSums(highCombo);
            var members = new List<(int i, int k, double occ, double bvs)>();
            for (int i = 0; i < s.Sites.Length; i++)
                for (int k = 0; k < s.Sites[i].Species.Length; k++)
                    if (s.Sites[i].Species[k].Element == el)
                    {
                        double mLo = (bvsLo[i] - Math.Abs(lo)) / lo, mHi = (bvsHi[i] - Math.Abs(hi)) / hi;
                        members.Add((i, k, s.Sites[i].Species[k].Occupancy, mLo * mLo - mHi * mHi));
                    }
            double needHigh = amounts[mx.el] * (mx.avg - lo) / (hi - lo); // amount of atoms in the high state
            foreach (var mbr in members.OrderByDescending(x => x.bvs).ThenBy(x => x.i))
            {
                double take = Math.Min(mbr.occ, Math.Max(0, needHigh));
                if (mbr.occ - take < 1e-6)
                    take = mbr.occ;
                if (take < 1e-6)
                    take = 0;
                state[mbr.i][mbr.k] = lo + (hi - lo) * take / mbr.occ;
                needHigh -= take;
            }
        }
    }

    private const long MaxCombinations = 2_000_000;

    /// <summary>
    /// pymatgen's rule where bond valence cannot decide: among the charge-neutral combinations of each unknown
    /// element's candidate states (common states and anion roles, no metal negative; a softBV valence outside them only
    /// when a softBV pair with a counter-ion present backs it), the one with the highest ICSD occurrence
    /// Σ amount × occurrence. Sets <paramref name="state"/> and <paramref name="sources"/>; null on success, else why not.
    /// </summary>
    private static Failure? GuessByCommonStates(Structure s, SoftBvTable table, List<string> unknown, double[][] state,
        IReadOnlyDictionary<string, double> composition, Dictionary<string, OxidationSource> sources)
    {
        var common = unknown.Select(e => CommonOxidationStates.Candidates(e).ToHashSet()).ToList();
        var candidates = unknown.Select((e, i) => common[i]
            .Concat(table.ValencesOf(e).Where(q => q > 0 || !CommonOxidationStates.IsMetal(e)))
            .Where(q => q != 0).Distinct().Order().ToArray()).ToList();
        int none = candidates.FindIndex(c => c.Length == 0);
        if (none >= 0)
            return new Failure($"element {unknown[none]}", NoMeaning + $"{unknown[none]} has no common oxidation state (pymatgen/ICSD)");

        var fixedSpecies = new HashSet<(string el, int q)>();
        double fixedCharge = 0;
        double fixedPositive = 0;
        for (int i = 0; i < s.Sites.Length; i++)
            for (int k = 0; k < s.Sites[i].Species.Length; k++)
            {
                double q = state[i][k];
                if (double.IsNaN(q))
                    continue;
                var sp = s.Sites[i].Species[k];
                fixedCharge += sp.Occupancy * q;
                if (q > 0)
                    fixedPositive += sp.Occupancy * q;
                if (q != 0 && Math.Abs(q - Math.Round(q)) < 1e-9)
                    fixedSpecies.Add((sp.Element, (int)Math.Round(q)));
            }
        string list = string.Join(", ", unknown);
        if (s.Elements.Count == 1)
            return new Failure("", NoMeaning + $"a pure element ({s.Elements[0]}) is neutral");
        if (!fixedSpecies.Any(x => x.q < 0) && candidates.All(c => c.All(q => q > 0)))
            return new Failure("", NoMeaning + $"{list} {(unknown.Count == 1 ? "has" : "have")} no negative common oxidation state "
                + "and nothing else in the structure is an anion (an element, alloy or intermetallic)");
        long total = candidates.Aggregate(1L, (acc, c) => acc * c.Length);
        if (total > MaxCombinations)
            return new Failure("", NoMeaning + $"too many oxidation-state combinations to try ({total})");

        var amounts = unknown.Select(e => composition[e]).ToArray();
        var combo = new int[unknown.Count];
        var backed = new bool[unknown.Count];
        int[]? best = null;
        bool[]? bestBacked = null;
        double bestScore = double.NegativeInfinity;
        int bestBackedCount = -1;
        Enumerate(0);
        if (best is null)
            return new Failure("", NoMeaning + $"no charge-neutral combination of the common oxidation states (pymatgen/ICSD) of {list} "
                + "without a negative metal");

        for (int i = 0; i < s.Sites.Length; i++)
            for (int k = 0; k < s.Sites[i].Species.Length; k++)
            {
                int e = unknown.IndexOf(s.Sites[i].Species[k].Element);
                if (e >= 0)
                    state[i][k] = best[e];
            }
        for (int e = 0; e < unknown.Count; e++)
            sources[unknown[e]] = bestBacked![e] ? OxidationSource.BondValence : OxidationSource.CommonStates;
        return null;

        void Enumerate(int e)
        {
            if (e < unknown.Count)
            {
                foreach (var q in candidates[e])
                {
                    combo[e] = q;
                    Enumerate(e + 1);
                }
                return;
            }
            double residual = fixedCharge;
            double positive = fixedPositive;
            for (int x = 0; x < combo.Length; x++)
            {
                residual += amounts[x] * combo[x];
                if (combo[x] > 0)
                    positive += amounts[x] * combo[x];
            }
            if (Math.Abs(residual) > NeutralTolerance(positive))
                return;
            bool anyCation = combo.Any(q => q > 0) || fixedSpecies.Any(x => x.q > 0);
            bool anyAnion = combo.Any(q => q < 0) || fixedSpecies.Any(x => x.q < 0);
            if (!anyCation || !anyAnion)
                return;
            var present = fixedSpecies.Concat(unknown.Select((el, x) => (el, q: combo[x]))).ToList();
            double score = 0;
            int backedCount = 0;
            for (int x = 0; x < combo.Length; x++)
            {
                string el = unknown[x];
                int q = combo[x];
                backed[x] = q > 0
                    ? present.Any(a => a.q < 0 && table.TryGet(el, q, a.el, a.q, out _))
                    : present.Any(c => c.q > 0 && table.TryGet(c.el, c.q, el, q, out _));
                if (!backed[x] && !common[x].Contains(q))
                    return;
                if (backed[x])
                    backedCount++;
                score += amounts[x] * CommonOxidationStates.IcsdOccurrence(el, q);
            }
            if (score > bestScore || (score == bestScore && backedCount > bestBackedCount))
            {
                best = (int[])combo.Clone();
                bestBacked = (bool[])backed.Clone();
                bestScore = score;
                bestBackedCount = backedCount;
            }
        }
    }

    /// <summary>Bond-valence-sum misfit of a candidate assignment.</summary>
    private sealed class BvsScorer
    {
        private readonly Structure _s;
        private readonly SoftBvTable _table;
        private readonly List<SitePair> _pairs;
        private readonly double[][] _fixed;
        private readonly List<string> _unknown;

        public BvsScorer(Structure s, SoftBvTable table, List<SitePair> pairs, double[][] fixedStates, List<string> unknown)
        {
            _s = s;
            _table = table;
            _pairs = pairs;
            _fixed = fixedStates;
            _unknown = unknown;
        }

        /// <summary>True when the fixed states include both signs.</summary>
        public bool HasCationAndAnion()
        {
            var all = _fixed.SelectMany(x => x).ToList();
            return all.Any(q => q > 0) && all.Any(q => q < 0);
        }

        private double State(int i, int k, int[] combo)
        {
            int e = _unknown.IndexOf(_s.Sites[i].Species[k].Element);
            return e >= 0 ? combo[e] : _fixed[i][k];
        }

        /// <summary>
        /// Valence sums per (site, species) for the assignment; null when a guessed cation has no known pair with any
        /// anion present.
        /// </summary>
        private double[][]? Sums(int[] combo)
        {
            var sites = _s.Sites;
            var sums = sites.Select(x => new double[x.Species.Length]).ToArray();
            var hasPair = new HashSet<(string, int)>();
            bool anyCation = false, anyAnion = false;
            for (int i = 0; i < sites.Length; i++)
                for (int k = 0; k < sites[i].Species.Length; k++)
                {
                    double q = State(i, k, combo);
                    if (q > 0)
                        anyCation = true;
                    else if (q < 0)
                        anyAnion = true;
                }
            if (!anyCation || !anyAnion)
                return null;

            foreach (var p in _pairs)
            {
                var si = sites[p.I];
                var sj = sites[p.J];
                for (int a = 0; a < si.Species.Length; a++)
                    for (int b = 0; b < sj.Species.Length; b++)
                    {
                        double qa = State(p.I, a, combo), qb = State(p.J, b, combo);
                        if (qa * qb >= 0)
                            continue;
                        bool aCat = qa > 0;
                        var cat = aCat ? si.Species[a] : sj.Species[b];
                        var an = aCat ? sj.Species[b] : si.Species[a];
                        int qc = (int)Math.Round(aCat ? qa : qb), qn = (int)Math.Round(aCat ? qb : qa);
                        if (Math.Abs((aCat ? qa : qb) - qc) > 1e-9 || Math.Abs((aCat ? qb : qa) - qn) > 1e-9)
                            continue;
                        if (!_table.TryGet(cat.Element, qc, an.Element, qn, out var pair))
                            continue;
                        hasPair.Add((cat.Element, qc));
                        double sv = pair.BondValence(p.Distance);
                        // Each end's sum gets the other end's occupancy as weight.
                        sums[p.I][a] += sj.Species[b].Occupancy * sv;
                        sums[p.J][b] += si.Species[a].Occupancy * sv;
                    }
            }
            // A guessed cation state with no pair to any anion present is not a candidate.
            for (int e = 0; e < _unknown.Count; e++)
                if (combo[e] > 0 && !hasPair.Contains((_unknown[e], combo[e])))
                    return null;
            return sums;
        }

        /// <summary>Occupancy-weighted mean squared relative misfit (BVS − |q|)²/q² over guessed species; null if infeasible.</summary>
        public double? Score(int[] combo)
        {
            var sums = Sums(combo);
            if (sums is null)
                return null;
            double num = 0, den = 0;
            var sites = _s.Sites;
            for (int i = 0; i < sites.Length; i++)
                for (int k = 0; k < sites[i].Species.Length; k++)
                {
                    if (sites[i].Species[k].Element == "H")
                        continue;
                    double q = Math.Abs(State(i, k, combo));
                    if (q == 0)
                        continue;
                    double occ = sites[i].Species[k].Occupancy;
                    double rel = (sums[i][k] - q) / q;
                    num += occ * rel * rel;
                    den += occ;
                }
            return den > 0 ? num / den : 0;
        }

        /// <summary>Bond-valence sum per site (first matching species) for the assignment.</summary>
        public double[] SiteSums(int[] combo)
        {
            var sums = Sums(combo);
            return sums is null ? new double[_s.Sites.Length] : sums.Select(x => x.Length > 0 ? x.Max() : 0).ToArray();
        }
    }
}
