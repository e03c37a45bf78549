using GpuBv.Compute;

namespace GpuBv.Trajectory.Analysis;

/// <summary>
/// The argument checks and the memory budget that the trajectory analyses share: the species asked for must be present,
/// a time window must be valid, and what an analysis keeps must fit its budget.
/// </summary>
internal static class AnalysisGuards
{
    /// <summary>Indices of the atoms of <paramref name="species"/>; an <see cref="InputException"/> when there are none.</summary>
    public static int[] SpeciesIndices(TrajectoryHeader header, string species)
    {
        var idx = header.IndicesOf(species);
        if (idx.Length == 0)
            throw new InputException(header.Source, "",
                $"no {species} atoms in the trajectory (it has {string.Join(", ", header.Elements.Distinct())})");
        return idx;
    }

    /// <summary>
    /// Checks a time window of an analysis: <paramref name="timeStep"/> (fs between stored frames) finite and positive,
    /// <paramref name="startFrame"/> ≥ 0, <paramref name="frameCount"/> ≥ 1 or null for all frames. These are the
    /// caller's arguments (the front end validates what users type), so a bad one is an argument error.
    /// </summary>
    public static void CheckWindow(double timeStep, int startFrame, int? frameCount)
    {
        if (!(timeStep > 0) || !double.IsFinite(timeStep))
        {
            throw new ArgumentOutOfRangeException(nameof(timeStep), timeStep, "the time step must be finite and > 0 fs");
        }
        if (startFrame < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startFrame), startFrame, "the start frame must be ≥ 0");
        }
        if (frameCount is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(frameCount), frameCount, "the frame count must be ≥ 1 (or null for all)");
        }
    }

    /// <summary>The memory budget in bytes: the given one, or the shared default (<see cref="MemoryBudget.Default"/>).</summary>
    public static long Budget(long? given) => given ?? MemoryBudget.Default.Bytes;

    /// <summary>A byte count in readable units.</summary>
    public static string Bytes(long b) => b switch
    {
        >= 1L << 30 => FormattableString.Invariant($"{b / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => FormattableString.Invariant($"{b / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => FormattableString.Invariant($"{b / 1024.0:F1} KiB"),
        _ => $"{b} bytes",
    };
}
