using GpuBv.Crystal;

namespace GpuBv.Trajectory.Analysis;

/// <summary>
/// Streams frames and keeps every atom's unwrapped position: between consecutive frames the fractional step of each
/// atom is reduced to its nearest image (Δf − round(Δf), pymatgen's DiffusionAnalyzer convention: no atom moves half
/// a cell between stored frames) and accumulated in Cartesian space with that frame's cell, so variable cells work.
/// Holds O(atoms) memory.
/// </summary>
public sealed class Unwrapper
{
    private double[]? _previous;
    private Vec3[]? _cart;

    /// <summary>Unwrapped Cartesian positions (Å) after the last <see cref="Add"/>; frame 0 defines the start.</summary>
    public ReadOnlySpan<Vec3> Positions => _cart;

    /// <summary>Number of frames added.</summary>
    public int Frames { get; private set; }

    /// <summary>Adds the next frame.</summary>
    public void Add(Frame frame)
    {
        int n = frame.AtomCount;
        var f = frame.Fractional;
        if (_previous is null)
        {
            _previous = (double[])f.Clone();
            _cart = new Vec3[n];
            for (int a = 0; a < n; a++)
                _cart[a] = frame.Lattice.ToCartesian(frame.Position(a));
        }
        else
        {
            if (_previous.Length != f.Length)
                throw new ArgumentException("atom count changed between frames");
            for (int a = 0; a < n; a++)
            {
                var d = new Vec3(f[3 * a] - _previous[3 * a], f[3 * a + 1] - _previous[3 * a + 1],
                    f[3 * a + 2] - _previous[3 * a + 2]).MinimumImage();
                _cart![a] += frame.Lattice.ToCartesian(d);
            }
            Array.Copy(f, _previous, f.Length);
        }
        Frames++;
    }
}
