using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Crystal;
using GpuBv.Parameters;

namespace GpuBv.Groups;

/// <summary>
/// A coupling run prepared on the host (<see cref="CouplingCalculator.Prepare"/>): settings checked, groups found, every
/// grid checked against the budget, and the periodic maps (<see cref="Maps"/>: the cation's, then the anion's when there
/// are groups) prepared for the device stage. <see cref="CouplingCalculator.Finish"/> takes their results.
/// </summary>
public sealed class CouplingPlan
{
    private readonly long _started;

    internal CouplingPlan(Structure structure, CouplingOptions options, RotationOptions rotation, SoftBvTable table,
        MobileIon? anion, IReadOnlyList<AnionGroup> groups, IReadOnlyList<BvsePlan> maps, long started)
    {
        Structure = structure;
        Options = options;
        Rotation = rotation;
        Table = table;
        Anion = anion;
        Groups = groups;
        Maps = maps;
        _started = started;
    }

    /// <summary>The structure, with oxidation states.</summary>
    public Structure Structure { get; }

    /// <summary>The settings.</summary>
    public CouplingOptions Options { get; }

    /// <summary>The E_rot settings in use (the defaults when none were given).</summary>
    public RotationOptions Rotation { get; }

    /// <summary>The softBV parameters in use.</summary>
    public SoftBvTable Table { get; }

    /// <summary>The anion whose groups rotate (null when the structure has none and none was named).</summary>
    public MobileIon? Anion { get; }

    /// <summary>The groups found (may be empty).</summary>
    public IReadOnlyList<AnionGroup> Groups { get; }

    /// <summary>The periodic BVSE runs to compute: the cation's map, then the anion's when there are groups.</summary>
    public IReadOnlyList<BvsePlan> Maps { get; }

    /// <summary>Wall time since the run began (s).</summary>
    public double Seconds => Stopwatch.GetElapsedTime(_started).TotalSeconds;
}
