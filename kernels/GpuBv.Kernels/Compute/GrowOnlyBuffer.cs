using ILGPU;
using ILGPU.Runtime;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// A device buffer reused between calls: it is reallocated only when a call needs more elements than it holds, so a
/// run over many grids of similar size allocates a handful of times, not per call.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class GrowOnlyBuffer<T> : IDisposable
    where T : unmanaged
{
    private readonly Accelerator _accelerator;
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    internal GrowOnlyBuffer(Accelerator accelerator)
    {
        _accelerator = accelerator;
    }

    /// <summary>Elements now allocated.</summary>
    public long Capacity => _buffer?.Length ?? 0;

    /// <summary>How many times the buffer has been (re)allocated.</summary>
    public int Allocations { get; private set; }

    /// <summary>A view of the first <paramref name="length"/> elements (≥ 1 allocated), growing the buffer if needed.</summary>
    public ArrayView<T> View(long length)
    {
        long want = Math.Max(1, length);
        if (_buffer is null || _buffer.Length < want)
        {
            _buffer?.Dispose();
            _buffer = null;
            // Grow by a quarter more than asked, so slowly growing requests do not reallocate each time.
            long size = Math.Max(want, Capacity + Capacity / 4);
            _buffer = _accelerator.Allocate1D<T>(size);
            Allocations++;
        }
        return _buffer.View.SubView(0, want);
    }

    /// <summary>
    /// Copies <paramref name="items"/> and one spare default element after them into the buffer and returns that view: no
    /// view is empty (not every backend allows zero-length views), and every slice of a batch has an element to point at.
    /// </summary>
    public ArrayView<T> Upload(ReadOnlySpan<T> items)
    {
        var host = new T[items.Length + 1];
        items.CopyTo(host);
        var view = View(host.Length);
        view.CopyFromCPU(host);
        return view;
    }

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
    }
}
