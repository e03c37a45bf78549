using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Groups;
using GpuBv.Parameters;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Compare;

/// <summary>Settings of a static–dynamic comparison.</summary>
/// <param name="Cation">The mobile cation (its map and its MD density).</param>
public sealed record ComparisonOptions(MobileIon Cation)
{
    /// <summary>The anion of the groups (null: the anion element forming the most groups).</summary>
    public MobileIon? Anion { get; init; }

    /// <summary>T (K) for the Boltzmann overlap; null: none.</summary>
    public double? Temperature { get; init; }

    /// <summary>Time between stored frames (fs); only hop times use it (null: hop times in frames).</summary>
    public double? TimeStepFs { get; init; }

    /// <summary>Gaussian smoothing σ of the MD density (Å); null or 0: none.</summary>
    public double? Sigma { get; init; }

    /// <summary>BVSE grid spacing (Å).</summary>
    public double Resolution { get; init; } = 0.2;

    /// <summary>BVSE interaction cutoff (Å).</summary>
    public double Cutoff { get; init; } = 10.0;

    /// <summary>Barriers above this (eV) are none; also the top of the level ladder without E_3D.</summary>
    public double Encut { get; init; } = 5.0;

    /// <summary>Step of the level ladder (eV).</summary>
    public double LevelStep { get; init; } = 0.05;

    /// <summary>E_mig is E_{Dimension}D.</summary>
    public int Dimension { get; init; } = 3;

    /// <summary>Mode rotate when E_mig/E_rot exceeds this.</summary>
    public double Threshold { get; init; } = 2.0;

    /// <summary>E_rot on the screening grid instead of local fine grids.</summary>
    public bool GlobalErotGrid { get; init; }

    /// <summary>E_rot's local grid settings (null: defaults).</summary>
    public RotationOptions? Rotation { get; init; }

    /// <summary>Cell tolerances of the registration.</summary>
    public RegistrationOptions Registration { get; init; } = new();

    /// <summary>The structure was built from the run (<see cref="StructureFromRun"/>): registered as M = I with no shift.</summary>
    public bool StructureFromRun { get; init; }

    /// <summary>Frames an ion must stay on a new site for a hop (as <c>traj hops</c>).</summary>
    public int MinResidence { get; init; } = HopOptions.DefaultMinResidence;

    /// <summary>A group is near a hop within this distance (Å).</summary>
    public double GroupRadius { get; init; } = HopOptions.DefaultGroupRadius;

    /// <summary>Longest centre–anion bond (Å) when the trajectory's groups are found.</summary>
    public double BondCutoff { get; init; } = TrajectoryGroups.DefaultBondCutoff;

    /// <summary>The memory budget (null: <see cref="MemoryBudget.Default"/>).</summary>
    public MemoryBudget? Memory { get; init; }

    /// <summary>Lag τ (frames) of the bond-rotation angle distribution; null: the median hop window (at least 1).</summary>
    public int? Lag { get; init; }

    /// <summary>An anion farther than this from every static site counts on the ring (Å).</summary>
    public double SiteRadius { get; init; } = RotationRingOptions.DefaultSiteRadius;
}

/// <summary>The static prediction of the coupling (from <see cref="CouplingCalculator"/>).</summary>
/// <param name="Anion">The anion of the groups.</param>
/// <param name="EMig">E_mig (eV) or null above encut.</param>
/// <param name="ERot">Smallest E_rot over the groups (eV).</param>
/// <param name="Ratio">E_mig/E_rot or null.</param>
/// <param name="Mode">Rotate, vibrate or none.</param>
/// <param name="Groups">Groups in the structure.</param>
/// <param name="Centre">The most common centre element of the groups.</param>
public sealed record StaticCoupling(MobileIon Anion, double? EMig, double? ERot, double? Ratio, CouplingMode Mode, int Groups,
    string Centre);

/// <summary>
/// The dynamic evidence of the coupling: the rotation-coupled hop fraction against its chance level (as <c>traj hops</c>).
/// </summary>
/// <param name="Hops">Hops found.</param>
/// <param name="HoppingIons">Ions with at least one hop.</param>
/// <param name="Groups">Anion groups of the trajectory.</param>
/// <param name="CoupledFraction">Fraction coupled by the paper's criterion.</param>
/// <param name="ChanceLevel">Its chance level (the same windows at every other time).</param>
/// <param name="ThresholdsDeg">The fixed θ_max thresholds (degrees).</param>
/// <param name="CoupledAbove">Fraction coupled at each threshold.</param>
/// <param name="ChanceAbove">Chance level at each threshold.</param>
/// <param name="MedianWindowFrames">Median hop window τ (frames).</param>
/// <param name="BytesPerFrame">Bytes kept per frame by the hop analysis and its chance level.</param>
/// <param name="Result">The hops themselves.</param>
public sealed record HopCoupling(int Hops, int HoppingIons, int Groups, double? CoupledFraction, double? ChanceLevel,
    IReadOnlyList<double> ThresholdsDeg, IReadOnlyList<double?> CoupledAbove, IReadOnlyList<double?> ChanceAbove, double MedianWindowFrames,
    long BytesPerFrame, HopResult Result);

/// <summary>The outcome of <see cref="StaticDynamicComparison.Run"/>.</summary>
/// <param name="Registration">How the trajectory lies on the structure.</param>
/// <param name="CationMap">The cation's BVSE map of the structure.</param>
/// <param name="EMig">E_mig (eV) of the map (E_{Dimension}D) or null.</param>
/// <param name="Coupling">The static coupling, or null (see <paramref name="CouplingReason"/>).</param>
/// <param name="CouplingReason">Why <paramref name="Coupling"/> is null.</param>
/// <param name="Paths">The MD density against the map.</param>
/// <param name="Dimensionality">The dimensionality the ions realise.</param>
/// <param name="Hops">The hop–rotation coupling, or null (see <paramref name="HopsReason"/>).</param>
/// <param name="HopsReason">Why <paramref name="Hops"/> is null.</param>
/// <param name="Frames">Frames read.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Warnings">Notes from the maps.</param>
public sealed record ComparisonResult(CellRegistration Registration, BvseResult CationMap, double? EMig, StaticCoupling? Coupling,
    string? CouplingReason, CationPathComparison Paths, DynamicDimensionality Dimensionality, HopCoupling? Hops, string? HopsReason,
    int Frames, double Seconds, IReadOnlyList<string> Warnings)
{
    /// <summary>The anions on the rotation rings and past half the site angle (<see cref="RotationRings"/>), or null.</summary>
    public RotationRingResult? Rings { get; init; }

    /// <summary>Why <see cref="Rings"/> is null.</summary>
    public string? RingsReason { get; init; }

    /// <summary>The bond-rotation angles θ(t0, t0 + τ) over all origins (<see cref="BondRotationAngles"/>), or null.</summary>
    public BondRotationAnglesResult? Angles { get; init; }

    /// <summary>Why <see cref="Angles"/> is null.</summary>
    public string? AnglesReason { get; init; }

    /// <summary>Where the lag of <see cref="Angles"/> came from ("given", "median hop window", ...).</summary>
    public string? LagSource { get; init; }
}

/// <summary>
/// Static meets dynamic (issue 16): where the bond-valence map of a structure says the cation's paths are, against where the
/// cation goes in an MD run of it, and the static coupling mode against the hops' coupling to rotation.
/// <list type="number">
/// <item>Registration of the run's first frame on the structure (<see cref="CellRegistrar"/>; M = I for a structure built
/// from the run).</item>
/// <item>The static side: <see cref="CouplingCalculator.Run"/> (the cation's map, E_mig, and E_rot when the structure has the
/// anion's groups).</item>
/// <item>One streaming pass: the cation's density on the map's grid and the crossed translations
/// (<see cref="CationPathAccumulator"/>), and in parallel the hops (<see cref="Trajectory.Analysis.Hops"/>) with their chance
/// level (<see cref="HopBaseline"/>).</item>
/// </list>
/// Memory: the map's grid and the density (<see cref="CationPathComparison.BytesPerPoint"/> a point, checked first), and
/// per frame the hop analysis's positions and bond directions (refused beyond 25 % of the budget).
/// </summary>
public static class StaticDynamicComparison
{
    /// <summary>Runs the comparison; see <see cref="StaticDynamicComparison"/>.</summary>
    /// <param name="structure">The structure, with oxidation states.</param>
    /// <param name="reader">The trajectory, at its first frame (read to its end).</param>
    /// <param name="o">The settings.</param>
    /// <param name="compute">Where the maps are computed.</param>
    /// <param name="table">softBV parameters (null: the shipped table).</param>
    /// <param name="reopen">
    /// Opens the trajectory again from the same first frame, for the angle distribution at the median hop window (known
    /// only after the first pass) when <see cref="ComparisonOptions.Lag"/> is null; null: the angles then use τ = 1 frame.
    /// </param>
    public static ComparisonResult Run(Structure structure, ITrajectoryReader reader, ComparisonOptions o, IComputeProvider compute,
        SoftBvTable? table = null, Func<ITrajectoryReader>? reopen = null)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(compute);
        long started = Stopwatch.GetTimestamp();
        var header = reader.Header;
        string cation = header.ResolveSpecies(o.Cation.Element, InputParameter.Cation);
        if (o.Sigma is double sg && (!(sg >= 0) || !double.IsFinite(sg)))
            throw new ArgumentOutOfRangeException(nameof(o), sg, "σ must be a number of Å ≥ 0");
        if (o.Temperature is double tk && (!(tk > 0) || !double.IsFinite(tk)))
            throw new ArgumentOutOfRangeException(nameof(o), tk, "the temperature must be a positive number of K");
        if (!reader.TryRead(out var first))
            throw new InputException(header.Source, "", "the trajectory has no frames");
        var registration = o.StructureFromRun
            ? CellRegistrar.Identity(structure, first)
            : CellRegistrar.Register(structure, header, first, cation, o.Registration);

        // The static side.
        var copt = new CouplingOptions(o.Cation, o.Anion, null, o.Threshold, o.Dimension, o.GlobalErotGrid, o.Rotation, o.Resolution,
            o.Cutoff, o.Encut)
        {
            Memory = o.Memory,
        };
        var grid = BvseGrid.ForLattice(structure.Lattice, o.Resolution, o.Memory);
        CheckDensity(grid, o.Memory);
        // The maps first; E_rot after them, so that a failure of E_rot alone (e.g. a shell too coarse for its grid) leaves the
        // cation's map and the rest of the comparison.
        var plan = CouplingCalculator.Prepare(structure, copt, table);
        var maps = plan.Maps.Select(m => BvseCalculator.Run(m, compute)).ToList();
        var map = maps[0];
        double? eMig = map.Percolation.Threshold(o.Dimension);
        var warnings = new List<string>(map.Warnings);
        StaticCoupling? stat = null;
        string? couplingReason = null;
        var shells = new List<RotationRingShell>();
        if (plan.Anion is null || plan.Groups.Count == 0)
        {
            couplingReason = o.Anion is null
                ? "the structure has no polyanion groups"
                : $"the structure has no {o.Anion.Element}-anion groups";
        }
        else
        {
            try
            {
                var coupling = CouplingCalculator.Finish(plan, maps, compute,
                    inspectEach: (m, g) => shells.Add(RotationRingShell.From(g, m)));
                warnings = [.. coupling.Warnings];
                string centre = plan.Groups.GroupBy(g => g.CenterElement).MaxBy(g => g.Count())!.Key;
                stat = new StaticCoupling(coupling.Anion!, coupling.EMig, coupling.ERot, coupling.Ratio, coupling.Mode, plan.Groups.Count,
                    centre);
            }
            catch (InputException e)
            {
                couplingReason = "E_rot failed: " + e.Render(InputException.Ref);
            }
        }

        // The dynamic side, in one pass.
        var ions = header.IndicesOf(cation);
        var framework = Enumerable.Range(0, header.AtomCount).Where(a => header.Elements[a] != cation).ToArray();
        var acc = new CationPathAccumulator(registration, grid, ions, framework);
        var consumers = new List<Action<ITrajectoryReader>> { acc.Record };
        HopResult? hops = null;
        HopBaseline? baseline = null;
        IReadOnlyList<TrajectoryGroup>? tgroups = null;
        string? hopsReason = null;
        IReadOnlyList<RotationRingGroup> ringGroups = [];
        RotationRingResult? rings = null;
        BondRotationAnglesResult? angles = null;
        string? ringsReason = null, anglesReason = null, lagSource = o.Lag is null ? null : "given";
        long bytesPerFrame = 0;
        if (stat is null)
        {
            hopsReason = "no anion groups to couple hops to (" + couplingReason + ")";
        }
        else if (!header.Elements.Contains(stat.Centre) || !header.Elements.Contains(stat.Anion.Element))
        {
            hopsReason = $"the trajectory has no {stat.Centre}–{stat.Anion.Element} groups";
        }
        else
        {
            tgroups = TrajectoryGroups.Find(header, first, stat.Centre, stat.Anion.Element, o.BondCutoff);
            if (tgroups.Count == 0)
            {
                hopsReason = $"no {stat.Centre}–{stat.Anion.Element} groups in the trajectory's first frame "
                    + $"(bond cutoff {o.BondCutoff} Å)";
            }
        }
        if (tgroups is { Count: > 0 })
        {
            int bonds = tgroups.Sum(g => g.Anions.Count);
            bytesPerFrame = 24L * (ions.Length + tgroups.Count + 2 * bonds) + 64;
            long limit = MemoryBudget.Or(o.Memory).Bytes / 4;
            var hopOptions = new HopOptions(cation, o.TimeStepFs ?? 1.0)
            {
                MinResidence = o.MinResidence, GroupRadius = o.GroupRadius, BondCutoff = o.BondCutoff, Groups = tgroups,
            };
            baseline = new HopBaseline(tgroups);
            consumers.Add(r => hops = Hops.Analyze(new BudgetedReader(r, bytesPerFrame, limit, "the hop analysis"), hopOptions));
            consumers.Add(baseline.Record);
            if (shells.Count > 0)
            {
                ringGroups = RotationRings.Match(tgroups, first, structure.Lattice, shells, registration.ToStructure);
                var ringOptions = new RotationRingOptions(o.SiteRadius) { ToStatic = ToStaticDisplacement(registration) };
                consumers.Add(r => rings = RotationRings.Analyze(r, ringGroups, ringOptions));
            }
            else
            {
                ringsReason = o.GlobalErotGrid
                    ? "the ring fraction needs the local E_rot grids (not --erot-grid global)"
                    : "no local shell maps (E_rot was not computed)";
            }
            if (o.Lag is int lag)
            {
                var angleOptions = new BondRotationAnglesOptions(lag) { Memory = o.Memory };
                consumers.Add(r => angles = TryAngles(r, tgroups, angleOptions, ref anglesReason));
            }
        }
        using (var replay = new ReplayReader(first, reader))
            FrameFanOut.Run(replay, consumers.ToArray());

        var paths = CationPathComparison.Compute(acc, map, eMig, o.Sigma, o.Temperature, o.LevelStep, o.Encut);
        var dim = DynamicDimensionality.From(acc, map.Percolation);
        HopCoupling? hopCoupling = null;
        if (hops is not null)
        {
            if (hops.Hops.Count == 0)
            {
                hopsReason = $"no hops in {hops.Frames} frames (minimum residence {o.MinResidence} frames)";
            }
            else
            {
                var chance = HopBaseline.ChanceLevel(hops, baseline);
                var windows = hops.Hops.Select(h => (double)h.WindowFrames).Order().ToArray();
                double median = windows.Length % 2 == 1 ? windows[windows.Length / 2]
                    : 0.5 * (windows[windows.Length / 2 - 1] + windows[windows.Length / 2]);
                hopCoupling = new HopCoupling(hops.Hops.Count, hops.Hops.Select(h => h.Atom).Distinct().Count(), hops.Groups.Count,
                    hops.CoupledFractionPaper, chance[0], hops.ThresholdsDeg, hops.CoupledFractionAbove, chance.Skip(1).ToList(), median,
                    bytesPerFrame, hops);
            }
        }
        if (tgroups is not { Count: > 0 })
        {
            ringsReason ??= hopsReason;
            anglesReason ??= hopsReason;
        }
        else if (o.Lag is null)
        {
            // The median hop window is known only now: a second pass for the angles (or τ = 1 without a way to reopen).
            int lag = hopCoupling is null ? 1 : Math.Max(1, (int)Math.Round(hopCoupling.MedianWindowFrames));
            lagSource = hopCoupling is null ? "1 frame (no hops to take the median window from)" : "the median hop window";
            if (reopen is null)
            {
                anglesReason = "the angle distribution needs a second pass over the trajectory (or a given lag)";
            }
            else
            {
                using var again = reopen();
                angles = TryAngles(again, tgroups, new BondRotationAnglesOptions(lag) { Memory = o.Memory }, ref anglesReason);
            }
        }
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new ComparisonResult(registration, map, eMig, stat, couplingReason, paths, dim, hopCoupling, hopsReason,
            acc.Frames, seconds, warnings)
        {
            Rings = rings,
            RingsReason = rings is null ? ringsReason ?? "not computed" : null,
            Angles = angles,
            AnglesReason = angles is null ? anglesReason ?? "not computed" : null,
            LagSource = lagSource,
        };
    }

    /// <summary>The angle distribution, or null with the reason when the run is too short for the lag.</summary>
    private static BondRotationAnglesResult? TryAngles(ITrajectoryReader reader, IReadOnlyList<TrajectoryGroup> groups,
        BondRotationAnglesOptions options, ref string? reason)
    {
        try
        {
            return BondRotationAngles.Analyze(reader, groups, options);
        }
        catch (InputException e) when (e.Problem.Contains("needs at least", StringComparison.Ordinal))
        {
            reason = e.Problem;
            return null;
        }
    }

    /// <summary>
    /// A centre–anion displacement of the trajectory's frame in the structure's Cartesian frame: through fractional
    /// coordinates and M (identity when the cells share their axes, up to the registration's strain).
    /// </summary>
    private static Func<Vec3, Vec3> ToStaticDisplacement(CellRegistration registration)
        => d => registration.StructureCell.ToCartesian(registration.Displacement(registration.TrajectoryCell.ToFractional(d)));

    /// <summary>Refuses a density grid whose <see cref="CationPathComparison.BytesPerPoint"/> bytes a point (with the map's
    /// 4) do not fit the budget.</summary>
    private static void CheckDensity(BvseGrid grid, MemoryBudget? memory)
    {
        var budget = MemoryBudget.Or(memory);
        double bytes = (double)grid.Count * (CationPathComparison.BytesPerPoint + 4);
        if (!budget.Fits(bytes))
        {
            throw new InputException(InputParameter.Resolution, "",
                $"the MD density on the map's {grid.N1}×{grid.N2}×{grid.N3} grid needs {MemoryBudget.Format(bytes)}, more than "
                + $"{InputException.Ref(InputParameter.Memory)} {budget}; use a coarser {InputException.Ref(InputParameter.Resolution)}");
        }
    }
}
