using System.Globalization;
using GpuBv.Chemistry;

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

    /// <summary>The element symbol for <paramref name="name"/> (any case: "li" is Li), checked to be in the trajectory.</summary>
    /// <param name="name">The element as the user gave it.</param>
    /// <param name="parameter">The parameter that gave it, named in the error.</param>
    /// <exception cref="InputException">The trajectory has no atom of that element.</exception>
    public string ResolveSpecies(string name, InputParameter parameter = InputParameter.Species)
    {
        ArgumentNullException.ThrowIfNull(name);
        string el = Element.TryGet(name, out var e) ? e.Symbol : name;
        if (!Elements.Contains(el))
        {
            throw new InputException(parameter, name, $"{Source} has no {el} atoms (it has {string.Join(", ", Elements.Distinct())})");
        }
        return el;
    }

    /// <summary>Checks that <paramref name="atom"/> is an atom index (0-based) of the trajectory.</summary>
    /// <param name="atom">The index.</param>
    /// <param name="parameter">The parameter that gave it, named in the error.</param>
    /// <exception cref="InputException">The index is outside 0 … <see cref="AtomCount"/> − 1.</exception>
    public void CheckAtom(int atom, InputParameter parameter = InputParameter.CationAtom)
    {
        if (atom < 0 || atom >= AtomCount)
        {
            throw new InputException(parameter, atom.ToString(CultureInfo.InvariantCulture),
                $"the atom index must lie in 0 … {AtomCount - 1} (0-based)");
        }
    }
}
