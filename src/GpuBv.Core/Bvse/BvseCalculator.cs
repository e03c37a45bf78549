using System.Diagnostics;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Parameters;

namespace GpuBv.Bvse;

/// <summary>
/// One BVSE run: framework → tiled neighbour lists → energy grid on the compute provider → exact percolation barriers.
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
        var sw = Stopwatch.StartNew();
        // The grid's size is checked against the one limit before any work (issue 12).
        var grid = options.Grid ?? BvseGrid.ForLattice(structure.Lattice, options.Resolution, options.Memory);
        var framework = BvseFramework.Build(structure, options.Ion, options.Cutoff, table);
        var tiles = TiledFramework.Build(framework, grid, options.Resolution);
        // One request through the batch seam: a device provider keeps the grid on the device for the percolation.
        var request = new GridRequest(tiles, grid, options.Connectivity, options.Encut);
        var analysis = compute.EvaluateBatch([request], cancel)[0];
        cancel.ThrowIfCancellationRequested();
        var energies = analysis.Energies;
        double emin = double.PositiveInfinity;
        foreach (var e in energies)
        {
            if (e < emin)
            {
                emin = e;
            }
        }
        return new BvseResult(grid, energies, emin, analysis.Percolation, analysis.Device, sw.Elapsed.TotalSeconds,
            analysis.GridSeconds ?? sw.Elapsed.TotalSeconds,
            tiles.PairEvaluations, framework.Warnings, analysis.PercolationDevice ?? compute.PercolationDeviceName);
    }
}
