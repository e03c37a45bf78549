using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Groups;
using GpuBv.Parameters;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Compare;

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
    /// <summary>Bytes a point of a kept local shell map: its energy (float) and its shell flag.</summary>
    public const int ShellMapBytesPerPoint = 5;

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
        string? ringsReason = null;
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
                // The ring fraction keeps every group's local shell map (energies and mask, 5 bytes a point) for the pass
                // over the frames: refused, with the reason, beyond 25 % of the memory budget.
                double mapBytes = plan.Groups.Sum(g =>
                    Math.Pow(RotationBarrier.LocalAxisPoints(g.LongestBond + plan.Rotation.ShellTolerance, plan.Rotation.Spacing), 3))
                    * ShellMapBytesPerPoint;
                var budget = MemoryBudget.Or(o.Memory);
                bool keepMaps = !o.GlobalErotGrid && mapBytes <= budget.Bytes * 0.25;
                if (!keepMaps && !o.GlobalErotGrid)
                {
                    ringsReason = $"the {plan.Groups.Count} groups' shell maps need {MemoryBudget.Format(mapBytes)} "
                        + $"({ShellMapBytesPerPoint} bytes a point), over 25 % of the memory budget "
                        + $"({InputException.Ref(InputParameter.Memory)} {budget}); use a coarser "
                        + $"{InputException.Ref(InputParameter.ErotSpacing)} or a larger budget";
                }
                var coupling = CouplingCalculator.Finish(plan, maps, compute,
                    inspectEach: keepMaps ? (m, g) => shells.Add(RotationRingShell.From(g, m)) : null);
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
        string? anglesReason = null, lagSource = o.Lag is null ? null : "given";
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
                ringsReason ??= o.GlobalErotGrid
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
