using GpuBv.Bvse;
using GpuBv.Percolation;

namespace GpuBv.Compute;

/// <summary>One grid to evaluate and percolate in a batch (<see cref="IComputeProvider.EvaluateBatch"/>).</summary>
/// <param name="Tiles">The tiled framework of one structure and mobile ion, on the periodic grid <paramref name="Grid"/>.</param>
/// <param name="Grid">The periodic grid the tiles cover (percolation needs its size).</param>
/// <param name="Connectivity">Which grid neighbours are joined for percolation.</param>
/// <param name="Encut">Levels above this (eV over the grid minimum) count as not reached.</param>
public sealed record GridRequest(TiledFramework Tiles, BvseGrid Grid, Connectivity Connectivity, double Encut);
