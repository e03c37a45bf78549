using GpuBv.Crystal;

namespace GpuBv.Trajectory;

/// <summary>
/// One MD frame: the cell and the fractional coordinates of every atom as stored in the file (not wrapped or unwrapped
/// by the reader), flattened x0 y0 z0 x1 y1 z1 …. Frames of a constant-cell trajectory share one <see cref="Lattice"/>.
/// </summary>
public sealed class Frame
{
    /// <summary>Creates a frame.</summary>
    public Frame(int index, Lattice lattice, double[] fractional)
    {
        if (fractional.Length % 3 != 0)
            throw new ArgumentException("fractional coordinates come in triples", nameof(fractional));
        Index = index;
        Lattice = lattice;
        Fractional = fractional;
    }

    /// <summary>0-based position of the frame in the trajectory.</summary>
    public int Index { get; }
    /// <summary>The cell of this frame.</summary>
    public Lattice Lattice { get; }
    /// <summary>Fractional coordinates, 3 per atom.</summary>
    public double[] Fractional { get; }
    /// <summary>Number of atoms.</summary>
    public int AtomCount => Fractional.Length / 3;

    /// <summary>Fractional position of atom <paramref name="atom"/>.</summary>
    public Vec3 Position(int atom) => new(Fractional[3 * atom], Fractional[3 * atom + 1], Fractional[3 * atom + 2]);
}
