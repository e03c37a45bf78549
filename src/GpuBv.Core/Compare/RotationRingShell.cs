using GpuBv.Bvse;
using GpuBv.Crystal;
using GpuBv.Groups;

namespace GpuBv.Compare;

/// <summary>
/// The static side of one anion group for the ring fraction (<see cref="RotationRings"/>): where its centre and anion
/// sites are in the structure, the anion's BVSE on the group's local shell grid and the group's E_rot. An MD anion
/// position is placed at <see cref="Center"/> plus its displacement from the instantaneous MD centre.
/// </summary>
/// <param name="Center">The group's centre in the structure (Å, the frame of <see cref="Map"/>'s grid).</param>
/// <param name="SiteOffsets">The static anion sites relative to <see cref="Center"/> (Å).</param>
/// <param name="Map">The local shell map of the group (<see cref="RotationBarrier.Local"/>'s inspect argument).</param>
/// <param name="ERot">The group's rotation barrier (eV), measured from the lowest energy in the shell.</param>
public sealed record RotationRingShell(Vec3 Center, IReadOnlyList<Vec3> SiteOffsets, ShellMap Map, double ERot)
{
    /// <summary>The shell of the group that <paramref name="rotation"/> measured, with the map it measured it on.</summary>
    /// <param name="rotation">The group's E_rot on a local grid.</param>
    /// <param name="map">The shell map handed to <see cref="RotationBarrier.Local"/>'s inspect for that group.</param>
    public static RotationRingShell From(GroupRotation rotation, ShellMap map)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        ArgumentNullException.ThrowIfNull(map);
        var centre = rotation.Group.CenterCartesian;
        return new RotationRingShell(centre, rotation.Group.Anions.Select(a => a.Cartesian - centre).ToArray(), map,
            rotation.ERot);
    }

    /// <summary>E_shell,min: the lowest energy on the map's shell points (eV); an exception when the shell is empty.</summary>
    public double ShellMinimum()
    {
        Check();
        double min = double.PositiveInfinity;
        for (int i = 0; i < Map.InShell.Length; i++)
        {
            if (Map.InShell[i])
            {
                min = Math.Min(min, Map.Energies[i]);
            }
        }
        return double.IsFinite(min) ? min : throw new ArgumentException("the shell map has no finite shell point", nameof(Map));
    }

    /// <summary>Checks the shell's parts against each other (library misuse is an argument exception).</summary>
    internal void Check()
    {
        ArgumentNullException.ThrowIfNull(Map);
        ArgumentNullException.ThrowIfNull(SiteOffsets);
        if (Map.Energies.Length != Map.Grid.Count || Map.InShell.Length != Map.Grid.Count)
        {
            throw new ArgumentException(
                $"the shell map has {Map.Energies.Length} energies and {Map.InShell.Length} mask entries for {Map.Grid.Count} points",
                nameof(Map));
        }
        if (!(ERot >= 0) || !double.IsFinite(ERot))
        {
            throw new ArgumentOutOfRangeException(nameof(ERot), ERot, "E_rot must be finite and ≥ 0 eV");
        }
        if (SiteOffsets.Count == 0)
        {
            throw new ArgumentException("the group has no anion sites", nameof(SiteOffsets));
        }
    }
}
