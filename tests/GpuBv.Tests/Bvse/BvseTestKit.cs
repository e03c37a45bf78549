using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.IO.Structures;

namespace GpuBv.Tests.Bvse;

/// <summary>Shared set-up for BVSE tests: reading structures with oxidation states and running on a named device.</summary>
internal static class BvseTestKit
{
    public static Structure Load(string path, string? oxi = null)
        => OxidationStates.Assign(StructureReader.ReadFile(path), oxi is null ? null : OxidationStates.ParseExplicit(oxi)).Structure;

    public static BvseResult Run(Structure s, BvseOptions o, string device = "cpu")
    {
        using var d = GpuBv.Kernels.Compute.IlgpuDevices.Open(device, _ => { });
        return BvseCalculator.Run(s, o, d);
    }

    /// <summary>The grid of <paramref name="o"/> on the CPU path in double precision: the reference for the float grids.</summary>
    public static float[] DoubleGrid(Structure s, BvseOptions o)
    {
        var grid = o.Grid ?? BvseGrid.ForLattice(s.Lattice, o.Resolution);
        var fw = BvseFramework.Build(s, o.Ion, o.Cutoff);
        return new CpuBvseEvaluator().Evaluate(TiledFramework.Build(fw, grid, o.Resolution, singlePrecision: false));
    }
}
