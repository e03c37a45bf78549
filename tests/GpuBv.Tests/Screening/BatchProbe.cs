using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Percolation;

namespace GpuBv.Tests.Screening;

/// <summary>
/// A provider that passes every call to <c>inner</c> (so its numbers are the inner device's) and records the batch
/// seams: the grids of each <see cref="IComputeProvider.EvaluateBatch"/> call, the grids of each
/// <see cref="IComputeProvider.EvaluateMany"/> call and the direct <see cref="Evaluate"/> calls; <see cref="BeforeBatch"/>
/// runs first in each batch call (to block or fail it).
/// </summary>
internal sealed class BatchProbe(IComputeProvider inner) : IComputeProvider
{
    private readonly List<int> _batches = [];
    private readonly List<int> _many = [];
    private int _evaluates;

    /// <summary>Runs at the start of each batch call with its requests and token.</summary>
    public Action<IReadOnlyList<GridRequest>, CancellationToken>? BeforeBatch { get; init; }

    /// <summary>The grids of each batch call, in call order.</summary>
    public IReadOnlyList<int> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>The grids of each EvaluateMany call, in call order.</summary>
    public IReadOnlyList<int> Many
    {
        get
        {
            lock (_many)
            {
                return [.. _many];
            }
        }
    }

    /// <summary>Direct Evaluate calls (not those made inside EvaluateMany or EvaluateBatch of the inner provider).</summary>
    public int Evaluates => Volatile.Read(ref _evaluates);

    public string DeviceName => inner.DeviceName;

    public float[] Evaluate(TiledFramework tiles, out string device, CancellationToken cancel = default)
    {
        Interlocked.Increment(ref _evaluates);
        return inner.Evaluate(tiles, out device, cancel);
    }

    public PercolationResult Percolate(float[] energies, BvseGrid grid, Connectivity connectivity, double encut)
        => inner.Percolate(energies, grid, connectivity, encut);

    public IReadOnlyList<float[]> EvaluateMany(IReadOnlyList<TiledFramework> tiles, CancellationToken cancel = default)
    {
        lock (_many)
        {
            _many.Add(tiles.Count);
        }
        return inner.EvaluateMany(tiles, cancel);
    }

    public IReadOnlyList<GridAnalysis> EvaluateBatch(IReadOnlyList<GridRequest> requests, CancellationToken cancel = default)
    {
        lock (_batches)
        {
            _batches.Add(requests.Count);
        }
        BeforeBatch?.Invoke(requests, cancel);
        return inner.EvaluateBatch(requests, cancel);
    }
}
