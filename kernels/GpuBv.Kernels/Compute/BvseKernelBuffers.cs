using GpuBv.Bvse;
using GpuBv.Kernels.Bvse;
using ILGPU;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// The reused device buffers behind one <see cref="BvseKernelArgs"/>: the active tiles and the CSR neighbour lists of the
/// Morse and Coulomb ions, each a <see cref="GrowOnlyBuffer{T}"/> owned by the accelerator session. Shared in shape by the
/// one-grid evaluator and the batch provider (each keeps its own set).
/// </summary>
internal sealed class BvseKernelBuffers
{
    private readonly GrowOnlyBuffer<int> _tiles;
    private readonly GrowOnlyBuffer<FrameworkIonF> _morse;
    private readonly GrowOnlyBuffer<int> _morseStart;
    private readonly GrowOnlyBuffer<int> _morseIndex;
    private readonly GrowOnlyBuffer<FrameworkIonF> _coulomb;
    private readonly GrowOnlyBuffer<int> _coulombStart;
    private readonly GrowOnlyBuffer<int> _coulombIndex;

    internal BvseKernelBuffers(AcceleratorSession session)
    {
        var acc = session.Accelerator;
        _tiles = session.Own(new GrowOnlyBuffer<int>(acc));
        _morse = session.Own(new GrowOnlyBuffer<FrameworkIonF>(acc));
        _morseStart = session.Own(new GrowOnlyBuffer<int>(acc));
        _morseIndex = session.Own(new GrowOnlyBuffer<int>(acc));
        _coulomb = session.Own(new GrowOnlyBuffer<FrameworkIonF>(acc));
        _coulombStart = session.Own(new GrowOnlyBuffer<int>(acc));
        _coulombIndex = session.Own(new GrowOnlyBuffer<int>(acc));
    }

    /// <summary>Times one of these buffers has been (re)allocated.</summary>
    public int Allocations => _tiles.Allocations + _morse.Allocations + _morseStart.Allocations + _morseIndex.Allocations
        + _coulomb.Allocations + _coulombStart.Allocations + _coulombIndex.Allocations;

    /// <summary>Uploads the tiles and neighbour lists (each with its spare element) and bundles them with the output.</summary>
    public BvseKernelArgs Upload(ArrayView<float> energies, ReadOnlySpan<int> tiles, ReadOnlySpan<FrameworkIonF> morse,
        ReadOnlySpan<int> morseStart, ReadOnlySpan<int> morseIndex, ReadOnlySpan<FrameworkIonF> coulomb,
        ReadOnlySpan<int> coulombStart, ReadOnlySpan<int> coulombIndex)
        => new(energies, _tiles.Upload(tiles), _morse.Upload(morse), _morseStart.Upload(morseStart), _morseIndex.Upload(morseIndex),
            _coulomb.Upload(coulomb), _coulombStart.Upload(coulombStart), _coulombIndex.Upload(coulombIndex));
}
