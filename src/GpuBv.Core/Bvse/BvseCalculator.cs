using System.Diagnostics;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Parameters;

namespace GpuBv.Bvse;

/// <summary>
/// One BVSE run: framework → tiled neighbour lists → energy grid on the compute provider → exact percolation barriers.
/// The stages are separate (<see cref="Prepare"/> on the host, the grid on the device, <see cref="Finish"/> on the host)
/// so that a screen can batch the device stage of several structures; <see cref="Run(Structure, BvseOptions, IComputeProvider,
/// SoftBvTable?, CancellationToken)"/> runs them in turn.
/// </summary>
public static class BvseCalculator
{
    /// <summary>
    /// Runs BVSE for <paramref name="structure"/> (oxidation states assigned) on <paramref name="compute"/>.
    /// Input problems (ion absent, missing pair, grid too large) are <see cref="InputException"/>s.
    /// </summary>
    /// <param name="structure">The structure, with oxidation states.</param>
    /// <param name="options">Ion, grid, cutoff, connectivity and encut.</param>
    /// <param name="compute">Where the grid and the barriers are computed.</param>
    /// <param name="table">softBV parameters (null: the shipped table).</param>
    /// <param name="cancel">Stops the run between tiles on the CPU path.</param>
    public static BvseResult Run(Structure structure, BvseOptions options, IComputeProvider compute, SoftBvTable? table = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(compute);
        return Run(Prepare(structure, options, table), compute, cancel);
    }

    /// <summary>
    /// The host stage of a run: checks the grid's size against the one limit before any work (issue 12), builds the
    /// framework and tiles it. Input problems are <see cref="InputException"/>s.
    /// </summary>
    /// <param name="structure">The structure, with oxidation states.</param>
    /// <param name="options">Ion, grid, cutoff, connectivity and encut.</param>
    /// <param name="table">softBV parameters (null: the shipped table).</param>
    public static BvsePlan Prepare(Structure structure, BvseOptions options, SoftBvTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        long started = Stopwatch.GetTimestamp();
        var grid = options.Grid ?? BvseGrid.ForLattice(structure.Lattice, options.Resolution, options.Memory);
        var framework = BvseFramework.Build(structure, options.Ion, options.Cutoff, table);
        var tiles = TiledFramework.Build(framework, grid, options.Resolution);
        return new BvsePlan(framework, new GridRequest(tiles, grid, options.Connectivity, options.Encut), started);
    }

    /// <summary>The device stage of <paramref name="plan"/> alone (the grid, then its barriers) and its result.</summary>
    /// <param name="plan">The prepared run.</param>
    /// <param name="compute">Where the grid and the barriers are computed.</param>
    /// <param name="cancel">Stops the run between tiles on the CPU path.</param>
    public static BvseResult Run(BvsePlan plan, IComputeProvider compute, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(compute);
        // One request through the batch seam: a device provider keeps the grid on the device for the percolation.
        var analysis = compute.EvaluateBatch([plan.Request], cancel)[0];
        cancel.ThrowIfCancellationRequested();
        return Finish(plan, analysis with { PercolationDevice = analysis.PercolationDevice ?? compute.PercolationDeviceName });
    }

    /// <summary>
    /// The last host stage: the result of <paramref name="plan"/> from its grid's <paramref name="analysis"/> (computed
    /// alone by <see cref="Run(BvsePlan, IComputeProvider, CancellationToken)"/> or in a batch by
    /// <see cref="IComputeProvider.EvaluateBatch"/>).
    /// </summary>
    /// <param name="plan">The prepared run.</param>
    /// <param name="analysis">The energies and barriers of its request.</param>
    /// <param name="gridSeconds">Wall time of the grid (null: the analysis's launch time, else the time so far).</param>
    public static BvseResult Finish(BvsePlan plan, GridAnalysis analysis, double? gridSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(analysis);
        var energies = analysis.Energies;
        double emin = double.PositiveInfinity;
        foreach (var e in energies)
        {
            if (e < emin)
            {
                emin = e;
            }
        }
        double seconds = plan.Seconds;
        return new BvseResult(plan.Grid, energies, emin, analysis.Percolation, analysis.Device, seconds,
            gridSeconds ?? analysis.GridSeconds ?? seconds, plan.Request.Tiles.PairEvaluations, plan.Framework.Warnings,
            analysis.PercolationDevice ?? analysis.Device);
    }
}
