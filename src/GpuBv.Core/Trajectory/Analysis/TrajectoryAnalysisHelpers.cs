namespace GpuBv.Trajectory.Analysis;

/// <summary>Helpers shared by the trajectory analyses.</summary>
internal static class TrajectoryAnalysisHelpers
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

    /// <summary>The memory budget: the given one, or 25 % of the memory available to the GC.</summary>
    public static long Budget(long? given)
    {
        if (given is long b)
            return b;
        long avail = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return avail > 0 ? avail / 4 : long.MaxValue;
    }

    /// <summary>A byte count in readable units.</summary>
    public static string Bytes(long b) => b switch
    {
        >= 1L << 30 => FormattableString.Invariant($"{b / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => FormattableString.Invariant($"{b / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => FormattableString.Invariant($"{b / 1024.0:F1} KiB"),
        _ => $"{b} bytes",
    };
}
