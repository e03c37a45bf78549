using System.Diagnostics;
using System.Globalization;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Parameters;
using GpuBv.Percolation;

namespace GpuBv.Groups;

/// <summary>Settings of a coupling run.</summary>
/// <param name="Cation">The mobile cation (its map gives E_mig).</param>
/// <param name="Anion">The anion whose groups rotate (null: the anion element that forms the most groups).</param>
/// <param name="Center">Only groups with this centre element (null: any).</param>
/// <param name="Threshold">Mode is rotate when E_mig/E_rot exceeds this.</param>
/// <param name="Dimension">E_mig is E_{Dimension}D of the cation map.</param>
/// <param name="GlobalGrid">E_rot on the screening grid instead of local fine grids.</param>
/// <param name="Rotation">Local grid spacing, shell tolerance, site radius.</param>
/// <param name="Resolution">Screening grid spacing (Å) for both periodic maps.</param>
/// <param name="Cutoff">Interaction cutoff (Å).</param>
/// <param name="Encut">E_mig above this is none.</param>
/// <param name="Connectivity">Grid neighbours for E_mig.</param>
public sealed record CouplingOptions(MobileIon Cation, MobileIon? Anion = null, string? Center = null, double Threshold = 2.0,
    int Dimension = 3, bool GlobalGrid = false, RotationOptions? Rotation = null, double Resolution = 0.2, double Cutoff = 10.0,
    double Encut = 5.0, Connectivity Connectivity = Connectivity.Full26)
{
    /// <summary>The memory budget every grid of the run must fit (null: <see cref="MemoryBudget.Default"/>).</summary>
    public MemoryBudget? Memory { get; init; }
}

/// <summary>The outcome of a coupling run.</summary>
/// <param name="Anion">The anion used (null when the structure has no groups and none was named).</param>
/// <param name="EMig">Migration barrier of the cation (eV) or null above encut.</param>
/// <param name="ERot">Smallest E_rot over the groups (eV) on the selected grid, or null without groups.</param>
/// <param name="ERotGlobal">Smallest E_rot on the screening grid (reported beside the local value), or null.</param>
/// <param name="Ratio">E_mig / E_rot, or null (no groups, E_rot &lt; 1e-3 eV, or E_mig null).</param>
/// <param name="Mode">Rotate, vibrate or none.</param>
/// <param name="Groups">Each group's E_rot on the selected grid.</param>
/// <param name="GlobalGroups">Each group's E_rot on the screening grid.</param>
/// <param name="CationMap">The cation's BVSE run.</param>
/// <param name="AnionMap">The anion's periodic BVSE run (null without an anion).</param>
/// <param name="ErotGrid">Local or global.</param>
/// <param name="Spacing">Grid spacing used for E_rot (Å).</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Warnings">Notes from the cation map, the anion map and the local anion framework, each once.</param>
public sealed record CouplingResult(MobileIon? Anion, double? EMig, double? ERot, double? ERotGlobal, double? Ratio,
    CouplingMode Mode, IReadOnlyList<GroupRotation> Groups, IReadOnlyList<GroupRotation> GlobalGroups, BvseResult CationMap,
    BvseResult? AnionMap, RotationGrid ErotGrid, double Spacing, double Seconds, IReadOnlyList<string> Warnings)
{
    /// <summary>The interaction cutoff of the local E_rot grids (Å); null on the global grid or without groups.</summary>
    public double? LocalCutoff { get; init; }

    /// <summary>The convergence test that chose <see cref="LocalCutoff"/>; null when it was given or not used.</summary>
    public LocalCutoffChoice? LocalCutoffTest { get; init; }
}

/// <summary>
/// The coupling question of the seed paper: E_mig of the cation against E_rot of the anion groups, on one compute provider.
/// </summary>
public static class CouplingCalculator
{
    /// <summary>E_rot below this (eV) counts as free rotation: the ratio is undefined and the mode rotate.</summary>
    public const double FreeRotation = 1e-3;

    /// <summary>
    /// The coupling mode: ratio = E_mig/E_rot and rotate when it exceeds <paramref name="threshold"/>, else vibrate;
    /// none without groups (E_rot null); E_rot below <see cref="FreeRotation"/> or E_mig null (above encut) give a
    /// null ratio and rotate (the groups turn long before the cation moves).
    /// </summary>
    /// <param name="eMig">The cation's migration barrier (eV), or null.</param>
    /// <param name="eRot">The smallest rotation barrier (eV), or null without groups.</param>
    /// <param name="threshold">The ratio above which the mode is rotate.</param>
    public static (double? Ratio, CouplingMode Mode) Classify(double? eMig, double? eRot, double threshold)
    {
        if (eRot is not double r)
        {
            return (null, CouplingMode.None);
        }
        if (r < FreeRotation || eMig is not double m)
        {
            return (null, CouplingMode.Rotate);
        }
        double ratio = m / r;
        return (ratio, ratio > threshold ? CouplingMode.Rotate : CouplingMode.Vibrate);
    }

    /// <summary>Runs the coupling analysis of <paramref name="structure"/> (oxidation states assigned).</summary>
    /// <param name="structure">The structure, with oxidation states.</param>
    /// <param name="o">The settings.</param>
    /// <param name="compute">Where the grids and barriers are computed.</param>
    /// <param name="table">softBV parameters (null: the shipped table).</param>
    /// <param name="inspect">Given the local shell map of the group with the smallest E_rot (local grids only).</param>
    /// <param name="cancel">Stops the run where the device allows it.</param>
    public static CouplingResult Run(Structure structure, CouplingOptions o, IComputeProvider compute, SoftBvTable? table = null,
        Action<ShellMap, GroupRotation>? inspect = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(compute);
        var plan = Prepare(structure, o, table);
        var maps = new List<BvseResult>(plan.Maps.Count);
        foreach (var map in plan.Maps)
        {
            maps.Add(BvseCalculator.Run(map, compute, cancel));
        }
        return Finish(plan, maps, compute, inspect, cancel);
    }

    /// <summary>
    /// The host stage before the periodic maps: checks the settings, finds the groups, checks every grid against the
    /// budget before any is computed (issue 12) and prepares the cation's map and, when there are groups, the anion's.
    /// Input problems are <see cref="InputException"/>s.
    /// </summary>
    /// <param name="structure">The structure, with oxidation states.</param>
    /// <param name="o">The settings.</param>
    /// <param name="table">softBV parameters (null: the shipped table).</param>
    public static CouplingPlan Prepare(Structure structure, CouplingOptions o, SoftBvTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(o);
        long started = Stopwatch.GetTimestamp();
        table ??= SoftBvTable.Default;
        var rotation = o.Rotation ?? new RotationOptions();
        Validate(structure, o, rotation);

        // Groups (for the named anion, or whichever anion element forms the most).
        var (anion, groups) = FindGroups(structure, o, table);
        if (o.Center is not null && groups.Count == 0)
        {
            string with = anion is null ? "" : $" with {anion.Element}";
            throw new InputException(structure.Source, InputException.Ref(InputParameter.Center),
                $"no {o.Center}-centred anion group found{with}");
        }

        // Every grid is checked against the budget before any is computed (issue 12).
        var cationOptions = new BvseOptions(o.Cation, o.Resolution, o.Cutoff, o.Connectivity, o.Encut) { Memory = o.Memory };
        BvseGrid.ForLattice(structure.Lattice, o.Resolution, o.Memory);
        if (!o.GlobalGrid)
        {
            RotationBarrier.CheckLocalGrids(groups, rotation, o.Memory);
        }
        var maps = new List<BvsePlan> { BvseCalculator.Prepare(structure, cationOptions, table) };
        if (anion is not null && groups.Count > 0)
        {
            // The anion's own periodic map (the global E_rot; its barriers are not used).
            var anionOptions = new BvseOptions(anion, o.Resolution, o.Cutoff, Connectivity.Full26, double.PositiveInfinity)
            {
                Memory = o.Memory,
            };
            maps.Add(BvseCalculator.Prepare(structure, anionOptions, table));
        }
        return new CouplingPlan(structure, o, rotation, table, anion, groups, maps, started);
    }

    /// <summary>
    /// The stages after the periodic maps: E_mig, the global E_rot of every group on the anion's map, and (unless
    /// <see cref="CouplingOptions.GlobalGrid"/>) the local E_rot, whose grids of all groups are evaluated together by
    /// <see cref="IComputeProvider.EvaluateMany"/> (one call, or one per part of the groups that fits the memory budget);
    /// the shells' union-find runs on the CPU.
    /// </summary>
    /// <param name="plan">The prepared run.</param>
    /// <param name="maps">The results of <see cref="CouplingPlan.Maps"/>, in that order.</param>
    /// <param name="compute">Where the local grids are computed.</param>
    /// <param name="inspect">Given the local shell map of the group with the smallest E_rot (local grids only).</param>
    /// <param name="cancel">Stops the run where the device allows it.</param>
    /// <param name="inspectEach">Given every group's local shell map with its E_rot, in group order (local grids only).</param>
    public static CouplingResult Finish(CouplingPlan plan, IReadOnlyList<BvseResult> maps, IComputeProvider compute,
        Action<ShellMap, GroupRotation>? inspect = null, CancellationToken cancel = default,
        Action<ShellMap, GroupRotation>? inspectEach = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(compute);
        if (maps.Count != plan.Maps.Count)
        {
            throw new ArgumentException($"expected {plan.Maps.Count} map(s), got {maps.Count}", nameof(maps));
        }
        var o = plan.Options;
        var rotation = plan.Rotation;
        var structure = plan.Structure;
        var (anion, groups) = (plan.Anion, plan.Groups);
        var cationMap = maps[0];
        var warnings = new List<string>(cationMap.Warnings);
        double? eMig = cationMap.Percolation.Threshold(o.Dimension);
        var gridKind = o.GlobalGrid ? RotationGrid.Global : RotationGrid.Local;
        if (anion is null || groups.Count == 0)
        {
            return new CouplingResult(anion, eMig, null, null, null, CouplingMode.None, [], [], cationMap, null, gridKind,
                o.GlobalGrid ? o.Resolution : rotation.Spacing, plan.Seconds, warnings);
        }

        var anionMap = maps[1];
        AddNew(warnings, anionMap.Warnings);
        var globalGroups = groups
            .Select(g => RotationBarrier.Global(g, structure.Lattice, anionMap.Grid, anionMap.Energies, rotation))
            .ToList();
        var selected = globalGroups;
        double? localCutoff = null;
        LocalCutoffChoice? cutoffChoice = null;
        if (!o.GlobalGrid)
        {
            // A framework reaching past the cell for the local grids, at the given cutoff or the one chosen by the
            // convergence test of the shells' dropped tail (RotationBarrier.ChooseLocalCutoff).
            double margin = groups.Max(g => g.LongestBond) + rotation.ShellTolerance + 1.0;
            var frameworks = new Dictionary<double, BvseFramework>();
            BvseFramework At(double rc)
            {
                if (!frameworks.TryGetValue(rc, out var fw))
                {
                    frameworks[rc] = fw = BvseFramework.Build(structure, anion, rc, plan.Table, margin);
                }
                return fw;
            }
            if (rotation.Cutoff is double fixedCutoff)
            {
                localCutoff = fixedCutoff;
            }
            else
            {
                cutoffChoice = RotationBarrier.ChooseLocalCutoff(groups, At, o.Cutoff, rotation,
                    tiles => compute.EvaluateMany(tiles, cancel));
                localCutoff = cutoffChoice.Cutoff;
            }
            var framework = At(localCutoff.Value);
            AddNew(warnings, framework.Warnings);
            selected = LocalRotations(groups, framework, compute, rotation, o.Memory, inspect, inspectEach, cancel);
        }
        double eRot = selected.Min(x => x.ERot);
        double eRotGlobal = globalGroups.Min(x => x.ERot);
        var (ratio, mode) = Classify(eMig, eRot, o.Threshold);
        double spacing = o.GlobalGrid ? globalGroups.Max(x => x.Spacing) : rotation.Spacing;
        return new CouplingResult(anion, eMig, eRot, eRotGlobal, ratio, mode, selected, globalGroups, cationMap, anionMap,
            gridKind, spacing, plan.Seconds, warnings)
        {
            LocalCutoff = localCutoff,
            LocalCutoffTest = cutoffChoice,
        };
    }

    private static void Validate(Structure structure, CouplingOptions o, RotationOptions rotation)
    {
        var inv = CultureInfo.InvariantCulture;
        if (o.Dimension is < 1 or > 3)
        {
            throw new InputException(InputParameter.Dimension, o.Dimension.ToString(inv), "must be 1, 2 or 3");
        }
        if (!(o.Threshold > 0))
        {
            throw new InputException(InputParameter.Threshold, o.Threshold.ToString(inv), "must be positive");
        }
        if (!(rotation.Spacing > 0) || rotation.Spacing > 0.5)
        {
            throw new InputException(InputParameter.ErotSpacing, rotation.Spacing.ToString(inv), "must be in (0, 0.5] Å");
        }
        if (rotation.Cutoff is double rc && (!(rc > 0) || rc > 50))
        {
            throw new InputException(InputParameter.Cutoff, rc.ToString(inv), "the local E_rot cutoff must be in (0, 50] Å");
        }
        if (!(rotation.ShellTolerance >= 0) || rotation.ShellTolerance > 2)
        {
            throw new InputException(InputParameter.ShellTolerance, rotation.ShellTolerance.ToString(inv), "must be in [0, 2] Å");
        }
        if (!(o.Resolution > 0) || !double.IsFinite(o.Resolution))
        {
            throw new InputException(InputParameter.Resolution, o.Resolution.ToString(inv), "must be a positive number of Å");
        }
        if (!(o.Cutoff > 0) || !double.IsFinite(o.Cutoff))
        {
            throw new InputException(InputParameter.Cutoff, o.Cutoff.ToString(inv), "must be a positive number of Å");
        }
        if (!(o.Encut > 0))
        {
            throw new InputException(InputParameter.Encut, o.Encut.ToString(inv), "must be a positive energy in eV");
        }
        string elements = string.Join(", ", structure.Elements);
        if (o.Anion is { } named && !structure.Composition().ContainsKey(named.Element))
        {
            throw new InputException(structure.Source, InputException.Ref(InputParameter.Anion),
                $"{named} is not in the structure (elements: {elements})");
        }
        if (o.Anion is { IsCation: true })
        {
            throw new InputException(InputParameter.Anion, o.Anion.ToString(), "the anion must carry a negative charge, e.g. O2-, S2-, F-");
        }
        if (o.Center is { } centre && !structure.Composition().ContainsKey(centre))
        {
            throw new InputException(structure.Source, InputException.Ref(InputParameter.Center),
                $"{centre} is not in the structure (elements: {elements})");
        }
    }

    private static List<GroupRotation> LocalRotations(IReadOnlyList<AnionGroup> groups, BvseFramework framework,
        IComputeProvider compute, RotationOptions rotation, MemoryBudget? memory, Action<ShellMap, GroupRotation>? inspect,
        Action<ShellMap, GroupRotation>? inspectEach, CancellationToken cancel)
    {
        // The local grids are evaluated together (E_rot does not refine adaptively: one round), in as few calls as the
        // budget allows while their tiles and energies are held at once; the union-find of each shell runs on the CPU.
        var selected = new List<GroupRotation>(groups.Count);
        ShellMap? bestMap = null;
        foreach (var groupPart in LocalGridParts(groups, rotation, memory))
        {
            var part = RotationBarrier.PrepareLocalAll(groupPart, framework, rotation);
            var energies = compute.EvaluateMany(part.Select(x => x.Tiles).ToList(), cancel);
            if (energies.Count != part.Count)
            {
                throw new InvalidOperationException($"{part.Count} local grid(s) evaluated into {energies.Count}");
            }
            // The shells' union-finds are independent: one per core.
            var results = new GroupRotation[part.Count];
            var maps = new ShellMap?[part.Count];
            var parallel = new ParallelOptions { CancellationToken = cancel };
            bool keep = inspect is not null || inspectEach is not null;
            Parallel.For(0, part.Count, parallel,
                i => results[i] = RotationBarrier.FinishLocal(part[i], energies[i], keep ? m => maps[i] = m : null));
            for (int i = 0; i < part.Count; i++)
            {
                var r = results[i];
                if (inspectEach is not null)
                {
                    inspectEach(maps[i]!, r);
                }
                if (selected.Count == 0 || r.ERot < selected.Min(x => x.ERot))
                {
                    bestMap = maps[i];
                }
                selected.Add(r);
            }
        }
        if (inspect is not null && bestMap is not null)
        {
            inspect(bestMap, selected.MinBy(x => x.ERot)!);
        }
        return selected;
    }

    /// <summary>
    /// The groups in order, split into consecutive parts whose local grids together fit <paramref name="memory"/>
    /// (<see cref="RotationBarrier.LocalBytesPerPoint"/> a point; each grid alone was checked to fit): usually one part.
    /// </summary>
    private static List<List<AnionGroup>> LocalGridParts(IReadOnlyList<AnionGroup> groups, RotationOptions rotation,
        MemoryBudget? memory)
    {
        var budget = MemoryBudget.Or(memory);
        var parts = new List<List<AnionGroup>>();
        List<AnionGroup>? part = null;
        double bytes = 0;
        foreach (var g in groups)
        {
            double n = RotationBarrier.LocalAxisPoints(g.LongestBond + Math.Max(0, rotation.ShellTolerance), rotation.Spacing);
            double b = n * n * n * RotationBarrier.LocalBytesPerPoint;
            if (part is null || !budget.Fits(bytes + b))
            {
                part = [];
                parts.Add(part);
                bytes = 0;
            }
            part.Add(g);
            bytes += b;
        }
        return parts;
    }

    private static void AddNew(List<string> warnings, IEnumerable<string> more)
    {
        foreach (var w in more)
        {
            if (!warnings.Contains(w))
            {
                warnings.Add(w);
            }
        }
    }

    private static (MobileIon?, IReadOnlyList<AnionGroup>) FindGroups(Structure s, CouplingOptions o, SoftBvTable table)
    {
        var anionElements = o.Anion is { } a
            ? [a.Element]
            : s.Sites.SelectMany(x => x.Species).Where(x => x.OxidationState < 0).Select(x => x.Element).Distinct().ToList();
        MobileIon? bestIon = null;
        IReadOnlyList<AnionGroup> best = [];
        foreach (var el in anionElements)
        {
            var groups = AnionGroupFinder.Find(s, new GroupSearch(o.Cation.Element, el, o.Center), table);
            int charge = o.Anion?.Charge
                ?? (int)Math.Round(s.Sites.SelectMany(x => x.Species).First(x => x.Element == el).OxidationState!.Value);
            if (bestIon is null || groups.Count > best.Count)
            {
                bestIon = new MobileIon(el, charge);
                best = groups;
            }
        }
        return (bestIon, best);
    }
}
