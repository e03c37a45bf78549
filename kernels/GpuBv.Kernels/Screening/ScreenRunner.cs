using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.IO.Structures;
using GpuBv.Kernels.Bvse;
using GpuBv.Kernels.Compute;
using GpuBv.Kernels.Coupling;
using GpuBv.Parameters;
using GpuBv.Screening;

namespace GpuBv.Kernels.Screening;

/// <summary>Settings of a screen.</summary>
/// <param name="Ion">The mobile ion.</param>
/// <param name="Resolution">Grid spacing (Å).</param>
/// <param name="Cutoff">Interaction cutoff (Å).</param>
/// <param name="Encut">Barriers above this (eV) are empty.</param>
/// <param name="Coupling">Also E_rot, ratio and mode.</param>
/// <param name="Timeout">Per-structure limit; a structure past it gets status "timeout".</param>
/// <param name="Jobs">Structures in flight at once (0 = one per core).</param>
/// <param name="Table">softBV table (with user pairs).</param>
public sealed record ScreenOptions(MobileIon Ion, double Resolution = 0.2, double Cutoff = 10, double Encut = 5, bool Coupling = false,
    TimeSpan? Timeout = null, int Jobs = 0, SoftBvTable? Table = null);

/// <summary>Where a screen stands, for progress displays.</summary>
public readonly record struct ScreenProgress(int Done, int Total, int Ok, int Skipped, int Errors, int Timeouts, double Seconds);

/// <summary>
/// Runs a screen: every item gets exactly one row, whatever happens to it (ok, skipped when the mobile ion is absent,
/// error with a one-line reason, timeout); rows go to the journal (fsync) as they finish, in parallel over
/// <see cref="ScreenOptions.Jobs"/> workers. On a GPU the workers share the device (launches serialised) while their
/// parsing, tiling and percolation overlap.
/// </summary>
public static class ScreenRunner
{
    /// <summary>Processes <paramref name="items"/> not in <paramref name="done"/>; returns the number of rows written.</summary>
    public static int Run(IReadOnlyList<ScreenItem> items, ScreenOptions o, ResultJournal journal, IReadOnlySet<string> done,
        DeviceSelection devices, IProgress<ScreenProgress>? progress = null, CancellationToken cancel = default)
    {
        int jobs = o.Jobs > 0 ? o.Jobs : Environment.ProcessorCount;
        var todo = items.Where(i => !done.Contains(i.Name)).ToList();
        int ok = 0, skipped = 0, errors = 0, timeouts = 0, count = 0;
        var sw = Stopwatch.StartNew();
        Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancel }, item =>
        {
            var row = ProcessWithTimeout(item, o, devices);
            journal.Append(row);
            switch (row.Status)
            {
                case "ok": Interlocked.Increment(ref ok); break;
                case "skipped": Interlocked.Increment(ref skipped); break;
                case "timeout": Interlocked.Increment(ref timeouts); break;
                default: Interlocked.Increment(ref errors); break;
            }
            int n = Interlocked.Increment(ref count);
            progress?.Report(new ScreenProgress(n, todo.Count, ok, skipped, errors, timeouts, sw.Elapsed.TotalSeconds));
        });
        return count;
    }

    private static ScreenRow ProcessWithTimeout(ScreenItem item, ScreenOptions o, DeviceSelection devices)
    {
        if (o.Timeout is not TimeSpan limit) return Process(item, o, devices);
        // The CPU path stops at the next tile once the limit passes; a GPU kernel in flight finishes first.
        using var cts = new CancellationTokenSource(limit);
        return Process(item, o, devices, cts.Token);
    }

    /// <summary>One structure → one row; never throws.</summary>
    public static ScreenRow Process(ScreenItem item, ScreenOptions o, DeviceSelection devices, CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        string? formula = null;
        try
        {
            var text = item.Read();
            var s = StructureReader.Read(text, item.Name);
            formula = Formula.Reduced(s.Composition());
            if (!s.Composition().ContainsKey(o.Ion.Element))
                return Row("skipped", $"no {o.Ion.Element} in structure");
            var ox = OxidationStates.Assign(s, null, o.Table);
            if (o.Coupling)
            {
                var c = CouplingCalculator.Run(ox.Structure, new CouplingOptions(o.Ion, Resolution: o.Resolution, Cutoff: o.Cutoff, Encut: o.Encut), devices, o.Table, cancel: cancel);
                var p = c.CationMap.Percolation;
                return Row("ok", null, p.E1D, p.E2D, p.E3D, c.ERot, c.Ratio, c.Mode, GridText(c.CationMap.Grid));
            }
            var r = BvseCalculator.Run(ox.Structure, new BvseOptions(o.Ion, o.Resolution, o.Cutoff, Percolation.Connectivity.Full26, o.Encut), devices, o.Table, cancel);
            return Row("ok", null, r.Percolation.E1D, r.Percolation.E2D, r.Percolation.E3D, grid: GridText(r.Grid));
        }
        catch (InputException e)
        {
            return Row("error", e.Message);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return Row("timeout", $"not finished within {o.Timeout?.TotalSeconds:0.###} s (--timeout-per-structure)");
        }
        catch (OutOfMemoryException)
        {
            // A structure too large for this machine must not stop (or, on resume, loop) the whole screen.
            return Row("error", "out of memory for this structure; try a coarser --resolution or fewer --jobs");
        }
        catch (Exception e)
        {
            return Row("error", $"internal error: {e.GetType().Name}: {e.Message}");
        }

        ScreenRow Row(string status, string? message, double? e1 = null, double? e2 = null, double? e3 = null,
            double? eRot = null, double? ratio = null, string? mode = null, string? grid = null) => new()
        {
            File = item.Name, Status = status, Formula = formula, Ion = o.Ion.ToString(),
            E1D = Round(e1), E2D = Round(e2), E3D = Round(e3), ERot = Round(eRot), Ratio = Round(ratio), Mode = mode, Grid = grid,
            Seconds = Math.Round(sw.Elapsed.TotalSeconds, 4),
            Message = message is null ? null : string.Join(" ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
        };
    }

    private static double? Round(double? v) => v is double d ? Math.Round(d, 6) : null;

    private static string GridText(BvseGrid g) => $"{g.N1}x{g.N2}x{g.N3}";
}
