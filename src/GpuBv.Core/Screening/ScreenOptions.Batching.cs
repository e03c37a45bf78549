using GpuBv.Compute;

namespace GpuBv.Screening;

/// <summary>How a screen batches its grids on an accelerator (DESIGN.md, "Batched screening").</summary>
public sealed partial record ScreenOptions
{
    /// <summary>The largest batch <see cref="BatchSizeFor"/> picks by itself.</summary>
    public const int MaxAutoBatch = 16;

    /// <summary>
    /// Grids per device batch: null picks by the device (<see cref="BatchSizeFor"/>); 0 computes each structure alone on
    /// any device; a positive number batches up to that many grids on any provider.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>How long a batch that is not full waits for workers still preparing a structure.</summary>
    public TimeSpan BatchWait { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The grids per batch on <paramref name="compute"/>, 0 for none: <see cref="BatchSize"/> when given; otherwise, on an
    /// accelerator (<see cref="FallbackComputeProvider.IsAccelerator"/>), half the jobs (at least 1, at most
    /// <see cref="MaxAutoBatch"/>), so that while one batch is on the device the other workers prepare the next; on the
    /// managed CPU path none (every worker computes its own grid on its own core; batching would gain nothing).
    /// </summary>
    /// <param name="compute">The provider the screen computes on.</param>
    public int BatchSizeFor(IComputeProvider compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (BatchSize is int given)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(given, nameof(BatchSize));
            return given;
        }
        if (compute is not FallbackComputeProvider { IsAccelerator: true })
        {
            return 0;
        }
        int jobs = Jobs > 0 ? Jobs : Environment.ProcessorCount;
        return Math.Clamp(jobs / 2, 1, MaxAutoBatch);
    }
}
