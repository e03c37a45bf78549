using GpuBv.Bvse;
using ILGPU;

namespace GpuBv.Kernels.Bvse;

/// <summary>
/// The device buffers of one BVSE launch, travelling to the kernel as one value (ILGPU's pattern for several views):
/// the output grid, the active tiles, and the CSR neighbour lists of the Morse and Coulomb ions.
/// </summary>
public readonly struct BvseKernelArgs
{
    /// <summary>Bundles the views of one launch.</summary>
    /// <param name="energies">Output: energy per grid point, third index fastest.</param>
    /// <param name="activeTiles">The tiles evaluated, in order.</param>
    /// <param name="morse">Morse (counter-ion) framework ions.</param>
    /// <param name="morseStart">Start of each active tile's Morse list (length active + 1).</param>
    /// <param name="morseIndex">Indices into <paramref name="morse"/>.</param>
    /// <param name="coulomb">Coulomb (like-charge) framework ions.</param>
    /// <param name="coulombStart">Start of each active tile's Coulomb list (length active + 1).</param>
    /// <param name="coulombIndex">Indices into <paramref name="coulomb"/>.</param>
    public BvseKernelArgs(ArrayView<float> energies, ArrayView<int> activeTiles,
        ArrayView<FrameworkIonF> morse, ArrayView<int> morseStart, ArrayView<int> morseIndex,
        ArrayView<FrameworkIonF> coulomb, ArrayView<int> coulombStart, ArrayView<int> coulombIndex)
    {
        Energies = energies;
        ActiveTiles = activeTiles;
        Morse = morse;
        MorseStart = morseStart;
        MorseIndex = morseIndex;
        Coulomb = coulomb;
        CoulombStart = coulombStart;
        CoulombIndex = coulombIndex;
    }

    /// <summary>Output: energy per grid point, third index fastest.</summary>
    public ArrayView<float> Energies { get; }

    /// <summary>The tiles evaluated, in order.</summary>
    public ArrayView<int> ActiveTiles { get; }

    /// <summary>Morse (counter-ion) framework ions.</summary>
    public ArrayView<FrameworkIonF> Morse { get; }

    /// <summary>Start of each active tile's Morse list.</summary>
    public ArrayView<int> MorseStart { get; }

    /// <summary>Indices into <see cref="Morse"/>.</summary>
    public ArrayView<int> MorseIndex { get; }

    /// <summary>Coulomb (like-charge) framework ions.</summary>
    public ArrayView<FrameworkIonF> Coulomb { get; }

    /// <summary>Start of each active tile's Coulomb list.</summary>
    public ArrayView<int> CoulombStart { get; }

    /// <summary>Indices into <see cref="Coulomb"/>.</summary>
    public ArrayView<int> CoulombIndex { get; }
}
