using GpuBv.Crystal;

namespace GpuBv.Compare;

/// <summary>Settings of <see cref="RotationRings.Analyze"/>.</summary>
/// <param name="SiteRadius">
/// An anion sample within this distance (Å) of a static anion site is on the site, not on the ring; default 0.3, the
/// radius that E_rot's site representatives use (<see cref="Groups.RotationOptions.SiteRadius"/>).
/// </param>
public sealed record RotationRingOptions(double SiteRadius = RotationRingOptions.DefaultSiteRadius)
{
    /// <summary>The default <see cref="SiteRadius"/> (Å).</summary>
    public const double DefaultSiteRadius = 0.3;

    /// <summary>
    /// Maps a Cartesian centre–anion displacement of the trajectory's frame onto the structure's Cartesian frame (a
    /// rotation, or the linear map of the registration); null: the identity (the two frames share their axes, as when the
    /// trajectory cell is an integer supercell of the structure's cell in the same orientation).
    /// </summary>
    public Func<Vec3, Vec3>? ToStatic { get; init; }
}
