using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Groups;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Compare;

/// <summary>Settings of a static–dynamic comparison.</summary>
/// <param name="Cation">The mobile cation (its map and its MD density).</param>
public sealed record ComparisonOptions(MobileIon Cation)
{
    /// <summary>The anion of the groups (null: the anion element forming the most groups).</summary>
    public MobileIon? Anion { get; init; }

    /// <summary>T (K) for the Boltzmann overlap; null: none.</summary>
    public double? Temperature { get; init; }

    /// <summary>Time between stored frames (fs); only hop times use it (null: hop times in frames).</summary>
    public double? TimeStepFs { get; init; }

    /// <summary>Gaussian smoothing σ of the MD density (Å); null or 0: none.</summary>
    public double? Sigma { get; init; }

    /// <summary>BVSE grid spacing (Å).</summary>
    public double Resolution { get; init; } = 0.2;

    /// <summary>BVSE interaction cutoff (Å).</summary>
    public double Cutoff { get; init; } = 10.0;

    /// <summary>Barriers above this (eV) are none; also the top of the level ladder without E_3D.</summary>
    public double Encut { get; init; } = 5.0;

    /// <summary>Step of the level ladder (eV).</summary>
    public double LevelStep { get; init; } = 0.05;

    /// <summary>E_mig is E_{Dimension}D.</summary>
    public int Dimension { get; init; } = 3;

    /// <summary>Mode rotate when E_mig/E_rot exceeds this.</summary>
    public double Threshold { get; init; } = 2.0;

    /// <summary>E_rot on the screening grid instead of local fine grids.</summary>
    public bool GlobalErotGrid { get; init; }

    /// <summary>E_rot's local grid settings (null: defaults).</summary>
    public RotationOptions? Rotation { get; init; }

    /// <summary>Cell tolerances of the registration.</summary>
    public RegistrationOptions Registration { get; init; } = new();

    /// <summary>The structure was built from the run (<see cref="StructureFromRun"/>): registered as M = I with no shift.</summary>
    public bool StructureFromRun { get; init; }

    /// <summary>Frames an ion must stay on a new site for a hop (as <c>traj hops</c>).</summary>
    public int MinResidence { get; init; } = HopOptions.DefaultMinResidence;

    /// <summary>A group is near a hop within this distance (Å).</summary>
    public double GroupRadius { get; init; } = HopOptions.DefaultGroupRadius;

    /// <summary>Longest centre–anion bond (Å) when the trajectory's groups are found.</summary>
    public double BondCutoff { get; init; } = TrajectoryGroups.DefaultBondCutoff;

    /// <summary>The memory budget (null: <see cref="MemoryBudget.Default"/>).</summary>
    public MemoryBudget? Memory { get; init; }

    /// <summary>Lag τ (frames) of the bond-rotation angle distribution; null: the median hop window (at least 1).</summary>
    public int? Lag { get; init; }

    /// <summary>An anion farther than this from every static site counts on the ring (Å).</summary>
    public double SiteRadius { get; init; } = RotationRingOptions.DefaultSiteRadius;
}
