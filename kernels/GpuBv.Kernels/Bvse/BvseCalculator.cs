using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Crystal;
using GpuBv.Kernels.Compute;
using GpuBv.Parameters;
using GpuBv.Percolation;

namespace GpuBv.Kernels.Bvse;

/// <summary>
/// One BVSE run: framework → tiled neighbour lists → energy grid on the selected device → exact percolation barriers.
/// </summary>
public static class BvseCalculator
{
    /// <summary>
    /// Runs BVSE for <paramref name="structure"/> (oxidation states assigned) on <paramref name="devices"/>.
    /// Input problems (ion absent, missing pair, grid too large) are <see cref="InputException"/>s.
    /// </summary>
    public static BvseResult Run(Structure structure, BvseOptions options, DeviceSelection devices, SoftBvTable? table = null,
        CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        var framework = BvseFramework.Build(structure, options.Ion, options.Cutoff, table);
        var grid = options.Grid ?? BvseGrid.ForLattice(structure.Lattice, options.Resolution);
        var tiles = TiledFramework.Build(framework, grid, options.Resolution);
        var energies = devices.Evaluate(tiles, out var device, cancel);
        cancel.ThrowIfCancellationRequested();
        double gridSeconds = sw.Elapsed.TotalSeconds;
        double emin = double.PositiveInfinity;
        foreach (var e in energies) if (e < emin) emin = e;
        var perc = PercolationAnalysis.Compute(energies, grid.N1, grid.N2, grid.N3, options.Connectivity, options.Encut);
        return new BvseResult(grid, energies, emin, perc, device, sw.Elapsed.TotalSeconds, gridSeconds, tiles.PairEvaluations, framework.Warnings);
    }
}
