namespace GpuBv.Compare;

/// <summary>Rotation rings and flips of the anion groups of a trajectory (<see cref="RotationRings.Analyze"/>).</summary>
/// <param name="Frames">Frames read.</param>
/// <param name="SiteRadius">The site radius used (Å).</param>
/// <param name="EnergyLookup">How a sample's energy is read off the map, in words.</param>
/// <param name="Groups">Each group's counts, in the order given.</param>
public sealed record RotationRingResult(int Frames, double SiteRadius, string EnergyLookup,
    IReadOnlyList<RotationRingGroupResult> Groups)
{
    /// <summary>
    /// The ring fraction pooled over the groups with a static shell (ring samples / shell samples); null when none has any.
    /// </summary>
    public double? RingFraction
    {
        get
        {
            long shell = Groups.Where(g => g.RingFraction is not null).Sum(g => g.ShellSamples);
            return shell == 0 ? null : (double)Groups.Where(g => g.RingFraction is not null).Sum(g => g.RingSamples) / shell;
        }
    }

    /// <summary>The flip fraction pooled over all groups' bond samples (0 without any).</summary>
    public double FlipFraction
    {
        get
        {
            long bonds = Groups.Sum(g => g.BondFrames);
            return bonds == 0 ? 0 : (double)Groups.Sum(g => g.FlippedBondFrames) / bonds;
        }
    }
}
