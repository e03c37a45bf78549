using GpuBv.Crystal;

namespace GpuBv.Trajectory;

/// <summary>What a trajectory file says about itself before the frames: the element of every atom, in order.</summary>
/// <param name="Elements">Element symbol of each atom (length = atom count).</param>
/// <param name="Source">The file.</param>
/// <param name="Title">Comment/system line, if any.</param>
public sealed record TrajectoryHeader(IReadOnlyList<string> Elements, string Source, string Title = "")
{
    /// <summary>Number of atoms.</summary>
    public int AtomCount => Elements.Count;

    /// <summary>Indices of the atoms of <paramref name="element"/>.</summary>
    public int[] IndicesOf(string element) => Enumerable.Range(0, Elements.Count).Where(i => Elements[i] == element).ToArray();
}
