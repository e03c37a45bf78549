using System.Diagnostics;
using GpuBv.Compute;

namespace GpuBv.Bvse;

/// <summary>
/// A BVSE run prepared on the host (<see cref="BvseCalculator.Prepare"/>): the grid, the framework and its tiles as one
/// <see cref="GridRequest"/> for the device stage, and the clock of the run. <see cref="BvseCalculator.Finish"/> turns the
/// request's <see cref="GridAnalysis"/> into the <see cref="BvseResult"/>, whether the grid was computed alone or in a batch.
/// </summary>
public sealed class BvsePlan
{
    private readonly long _started;

    /// <summary>Creates a plan; the run's clock starts at <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    /// <param name="framework">The framework of the mobile ion.</param>
    /// <param name="request">The grid to evaluate and percolate.</param>
    /// <param name="started">When the run began.</param>
    public BvsePlan(BvseFramework framework, GridRequest request, long started)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(request);
        Framework = framework;
        Request = request;
        _started = started;
    }

    /// <summary>The framework the tiles were built from (its warnings go into the result).</summary>
    public BvseFramework Framework { get; }

    /// <summary>The device stage's input: tiles, grid, connectivity and encut.</summary>
    public GridRequest Request { get; }

    /// <summary>The periodic grid.</summary>
    public BvseGrid Grid => Request.Grid;

    /// <summary>Wall time since the run began (s).</summary>
    public double Seconds => Stopwatch.GetElapsedTime(_started).TotalSeconds;
}
