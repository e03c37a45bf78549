using GpuBv.Bvse;

namespace GpuBv.Groups;

/// <summary>
/// The local grid of one group prepared on the host (<see cref="RotationBarrier.PrepareLocal"/>): the cubic grid centred on
/// the group, the anion framework tiled over it (tiles that miss the shell dropped) and the shell's radii.
/// <see cref="RotationBarrier.FinishLocal"/> measures E_rot from the grid's energies, however they were computed.
/// </summary>
/// <param name="Group">The group.</param>
/// <param name="Tiles">The anion framework tiled over the local grid, for the device stage.</param>
/// <param name="Inner">The shell's inner radius (Å).</param>
/// <param name="Outer">The shell's outer radius (Å).</param>
/// <param name="Spacing">The grid spacing (Å).</param>
/// <param name="SiteRadius">A site is represented by the lowest shell point within this distance (Å).</param>
public sealed record LocalShellGrid(AnionGroup Group, TiledFramework Tiles, double Inner, double Outer, double Spacing,
    double SiteRadius)
{
    /// <summary>The local grid (the tiles' grid).</summary>
    public AffineGrid Grid => Tiles.Grid;
}
