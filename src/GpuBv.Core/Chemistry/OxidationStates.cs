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
/// guess).
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
    public static OxidationResult Assign(
        Structure structure, IReadOnlyDictionary<string, double>? explicitStates = null, SoftBvTable? table = null)
    {
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
        List<SitePair> Pairs() => pairs ??= NeighbourList.Build(structure, BvsCutoff);

        if (composition.ContainsKey("H") && !sources.ContainsKey("H"))
        {
            AssignHydrogen(structure, state);
            sources["H"] = OxidationSource.HydrogenRule;
        }

        var unknown = elements.Where(e => !sources.ContainsKey(e)).ToList();
        if (unknown.Count > 0)
        {
            GuessByBondValence(structure, table, unknown, state, Pairs(), warnings, composition);
            foreach (var e in unknown)
                sources[e] = OxidationSource.BondValence;
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

    private static InputException NoAssignment(Structure s, string example) => new(s.Source, "",
        "no oxidation-state assignment is possible (no cation–anion pairs the softBV table knows); "
        + $"pass the states with {Oxi} {example}");

    private static void GuessByBondValence(Structure s, SoftBvTable table, List<string> unknown, double[][] state,
        List<SitePair> pairs, List<string> warnings, IReadOnlyDictionary<string, double> composition)
    {
        string example = string.Join(",", s.Elements.Select(e => e + "=N"));
        var candidates = new List<int[]>();
        var multi = new List<string>();
        foreach (var el in unknown)
        {
            var vals = table.ValencesOf(el).ToArray();
            if (vals.Length == 0)
                throw new InputException(s.Source, $"element {el}",
                    $"cannot guess oxidation states: the softBV table knows no valence for {el}; pass them with {Oxi} {example}");
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
            if (!scorer.HasCationAndAnion())
                throw NoAssignment(s, example);
            return;
        }
        if (total > 2_000_000)
            throw new InputException(s.Source, "", $"too many oxidation-state combinations to try ({total}); pass the states with {Oxi}");
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
            return;
        }

        // No neutral integer assignment: score the candidates closest to neutrality (at most MaxScored of them).
        const int MaxScored = 20_000;
        var feasible = combos.OrderBy(c => Math.Abs(c.residual)).Take(MaxScored)
            .Select(c => (c.v, c.residual, score: scorer.Score(c.v)))
            .Where(c => c.score is not null)
            .Select(c => (c.v, c.residual, score: c.score!.Value)).ToList();
        if (feasible.Count == 0)
            throw NoAssignment(s, example);

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
            return;
        }

        var closest = feasible.OrderBy(f => Math.Abs(f.residual)).ThenBy(f => f.score).First();
        Apply(closest.v, null);

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
