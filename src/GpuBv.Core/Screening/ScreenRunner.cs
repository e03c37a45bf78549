using System.Diagnostics;
using System.Globalization;
using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Groups;
using GpuBv.IO.Structures;
using GpuBv.Parameters;
using GpuBv.Percolation;

namespace GpuBv.Screening;

/// <summary>Settings of a screen.</summary>
/// <param name="Ion">The mobile ion.</param>
/// <param name="Resolution">Grid spacing (Å).</param>
/// <param name="Cutoff">Interaction cutoff (Å).</param>
/// <param name="Encut">Barriers above this (eV) are empty.</param>
/// <param name="Coupling">Also E_rot, ratio and mode.</param>
/// <param name="Timeout">Per-structure limit; a structure past it gets status timeout.</param>
/// <param name="Jobs">Structures in flight at once (0 = one per core).</param>
/// <param name="Table">softBV table (with user pairs).</param>
/// <param name="Describe">Renders an input error (and the timeout and out-of-memory notes, which name parameters) as a
/// row's message, with the front end's parameter names; null: <see cref="Exception.Message"/>.</param>
/// <param name="AllowMissingHydrogens">Compute structures whose file implies hydrogens no site gives (their row says so);
/// false: such a structure gets an error row.</param>
public sealed partial record ScreenOptions(MobileIon Ion, double Resolution = 0.2, double Cutoff = 10, double Encut = 5,
    bool Coupling = false, TimeSpan? Timeout = null, int Jobs = 0, SoftBvTable? Table = null, Func<InputException, string>? Describe = null,
    bool AllowMissingHydrogens = false)
{
    /// <summary>The message of <paramref name="e"/> as a row shows it.</summary>
    /// <param name="e">The input error.</param>
    public string Render(InputException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Describe is null ? e.Message : Describe(e);
    }
}

/// <summary>Where a screen stands, for progress displays.</summary>
/// <param name="Done">Structures finished in this run.</param>
/// <param name="Total">Structures to do in this run.</param>
/// <param name="Ok">Rows with status ok.</param>
/// <param name="Skipped">Rows with status skipped.</param>
/// <param name="Errors">Rows with status error.</param>
/// <param name="Timeouts">Rows with status timeout.</param>
/// <param name="Seconds">Wall time so far.</param>
public readonly record struct ScreenProgress(int Done, int Total, int Ok, int Skipped, int Errors, int Timeouts, double Seconds);

/// <summary>
/// Runs a screen: every item gets exactly one row, whatever happens to it (ok, skipped when the mobile ion is absent,
/// error with a one-line reason, timeout); rows go to the journal (fsync) as they finish, in parallel over
/// <see cref="ScreenOptions.Jobs"/> workers. On an accelerator the workers' host stages (reading, oxidation states,
/// framework, tiling) overlap the device, which evaluates the grids of several structures per call
/// (<see cref="ScreenOptions.BatchSizeFor"/>, <see cref="IComputeProvider.EvaluateBatch"/>); on the CPU path each worker
/// computes its own structure.
/// </summary>
public static class ScreenRunner
{
    /// <summary>Processes <paramref name="items"/> not in <paramref name="done"/>; returns the number of rows written.</summary>
    /// <param name="items">The structures of this screen (or shard).</param>
    /// <param name="o">The settings.</param>
    /// <param name="journal">Where each row goes as it finishes.</param>
    /// <param name="done">Names already in the journal (resume).</param>
    /// <param name="compute">Where grids and barriers are computed.</param>
    /// <param name="progress">Told after each structure.</param>
    /// <param name="cancel">Stops the screen between structures.</param>
    public static int Run(IReadOnlyList<ScreenItem> items, ScreenOptions o, ResultJournal journal, IReadOnlySet<string> done,
        IComputeProvider compute, IProgress<ScreenProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(done);
        int jobs = o.Jobs > 0 ? o.Jobs : Environment.ProcessorCount;
        var todo = items.Where(i => !done.Contains(i.Name)).ToList();
        var tally = new int[4];
        int count = 0;
        var sw = Stopwatch.StartNew();
        // Not disposed: an abandoned computation releases its slot whenever it ends, possibly after this screen.
        var abandonSlots = new SemaphoreSlim(MaxAbandoned(jobs));
        int batch = o.BatchSizeFor(compute);
        // Chosen for the device (no size given), batching stops paying if the device fails and the work moves to the CPU.
        Func<bool>? worthwhile = o.BatchSize is null ? () => compute is FallbackComputeProvider { IsAccelerator: true } : null;
        using var batcher = batch > 0 ? new GridBatcher(compute, batch, o.BatchWait, worthwhile) : null;
        try
        {
            RunAll();
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is InputException) is InputException input)
        {
            // A journal that cannot be written (a full disk) stops the screen with its one-line error.
            throw input;
        }
        return count;

        void RunAll() => Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancel }, item =>
        {
            var row = ProcessWithTimeout(item, o, compute, batcher, abandonSlots);
            journal.Append(row);
            Interlocked.Increment(ref tally[(int)row.Status]);
            int n = Interlocked.Increment(ref count);
            var p = new ScreenProgress(n, todo.Count, Volatile.Read(ref tally[(int)ScreenStatus.Ok]),
                Volatile.Read(ref tally[(int)ScreenStatus.Skipped]), Volatile.Read(ref tally[(int)ScreenStatus.Error]),
                Volatile.Read(ref tally[(int)ScreenStatus.Timeout]), sw.Elapsed.TotalSeconds);
            progress?.Report(p);
        });
    }

    /// <summary>
    /// How many timed-out computations may still be running, abandoned, at once: each keeps its thread and memory until it
    /// ends by itself. When that many are abandoned, a worker whose structure times out waits for one of them (or its own)
    /// to end before it takes the next structure, so a screen of hostile files cannot grow without bound.
    /// </summary>
    public static int MaxAbandoned(int jobs) => Math.Max(4, 2 * jobs);

    private static ScreenRow ProcessWithTimeout(ScreenItem item, ScreenOptions o, IComputeProvider compute, GridBatcher? batcher,
        SemaphoreSlim abandonSlots)
    {
        if (o.Timeout is not TimeSpan limit)
        {
            return Process(item, o, compute, batcher, default);
        }
        // The whole per-structure work (reading, oxidation states, setup, grid, percolation, E_rot) runs on its own thread:
        // code that checks the token stops at the limit; code that does not is abandoned, and the structure gets its row.
        // A structure waiting for its batch checks the token: it leaves at the limit and its batch result is discarded.
        var sw = Stopwatch.StartNew();
        var cts = new CancellationTokenSource(limit);
        var work = Task.Factory.StartNew(() => Process(item, o, compute, batcher, cts.Token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _ = work.ContinueWith(_ => cts.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        // A little grace past the limit lets a computation that checks the token return its own timeout row.
        var grace = TimeSpan.FromMilliseconds(Math.Min(1000, Math.Max(50, limit.TotalMilliseconds / 10)));
        if (work.Wait(limit + grace))
        {
            return work.Result;
        }
        while (!abandonSlots.Wait(TimeSpan.FromMilliseconds(200)))
        {
            if (work.IsCompleted)
            {
                return work.Result;
            }
        }
        _ = work.ContinueWith(_ => abandonSlots.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return TimeoutRow(item, o, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The row of a structure that did not finish within <see cref="ScreenOptions.Timeout"/>.</summary>
    /// <param name="item">The structure.</param>
    /// <param name="o">The settings.</param>
    /// <param name="seconds">The wall time it was given.</param>
    public static ScreenRow TimeoutRow(ScreenItem item, ScreenOptions o, double seconds)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(o);
        return new ScreenRow
        {
            File = item.Name,
            Status = ScreenStatus.Timeout,
            Ion = o.Ion.ToString(),
            Seconds = Math.Round(seconds, 4),
            Message = OneLine(o.Render(new InputException("", "", TimeoutText(o)))),
        };
    }

    private static string TimeoutText(ScreenOptions o)
    {
        string seconds = o.Timeout?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
        return $"not finished within {seconds} s ({InputException.Ref(InputParameter.Timeout)})";
    }

    /// <summary>One structure → one row; never throws.</summary>
    /// <param name="item">The structure.</param>
    /// <param name="o">The settings.</param>
    /// <param name="compute">Where grids and barriers are computed.</param>
    /// <param name="cancel">The per-structure limit.</param>
    public static ScreenRow Process(ScreenItem item, ScreenOptions o, IComputeProvider compute, CancellationToken cancel = default)
        => Process(item, o, compute, null, cancel);

    /// <summary>
    /// One structure → one row; never throws. Its periodic maps are computed alone on <paramref name="compute"/>, or, with
    /// a <paramref name="batcher"/>, queued there and evaluated in a batch with other structures' grids; the host stages
    /// before and after are the same code either way.
    /// </summary>
    private static ScreenRow Process(ScreenItem item, ScreenOptions o, IComputeProvider compute, GridBatcher? batcher,
        CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(o);
        var sw = Stopwatch.StartNew();
        using var host = batcher?.Prepare();
        string? formula = null;
        IReadOnlyList<string> warnings = [];
        try
        {
            Structure s;
            if (item.Structure is not null)
            {
                s = item.Structure();
            }
            else
            {
                s = StructureReader.Read(item.Read(), item.Name);
            }
            formula = Formula.Reduced(s.Composition());
            warnings = s.Warnings;
            if (!s.Composition().ContainsKey(o.Ion.Element))
            {
                return Row(ScreenStatus.Skipped, $"no {o.Ion.Element} in structure");
            }
            StructureChecks.RequireComplete(s, o.AllowMissingHydrogens);
            var ox = OxidationStates.Assign(s, null, o.Table, o.JobMemory);
            // A structure that may be read wrong is never a silent ok row: its message says why (issue 11).
            string? concerns = StructureChecks.Concerns(ox);
            if (o.Coupling)
            {
                var options = new CouplingOptions(o.Ion, Resolution: o.Resolution, Cutoff: o.Cutoff, Encut: o.Encut)
                {
                    Memory = o.JobMemory,
                };
                var plan = CouplingCalculator.Prepare(ox.Structure, options, o.Table);
                var c = CouplingCalculator.Finish(plan, Maps(plan.Maps), compute, cancel: cancel);
                var p = c.CationMap.Percolation;
                return Row(ScreenStatus.Ok, concerns, p.E1D, p.E2D, p.E3D, c.ERot, c.Ratio, c.Mode, GridText(c.CationMap.Grid));
            }
            var bvse = new BvseOptions(o.Ion, o.Resolution, o.Cutoff, Connectivity.Full26, o.Encut)
            {
                Memory = o.JobMemory,
            };
            var r = Maps([BvseCalculator.Prepare(ox.Structure, bvse, o.Table)])[0];
            return Row(ScreenStatus.Ok, concerns, r.Percolation.E1D, r.Percolation.E2D, r.Percolation.E3D, grid: GridText(r.Grid));
        }
        catch (InputException e)
        {
            return Row(ScreenStatus.Error, o.Render(e));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return Row(ScreenStatus.Timeout, Note(TimeoutText(o)));
        }
        catch (OutOfMemoryException)
        {
            // A structure too large for this machine must not stop (or, on resume, loop) the whole screen.
            string resolution = InputException.Ref(InputParameter.Resolution);
            string jobs = InputException.Ref(InputParameter.Jobs);
            return Row(ScreenStatus.Error, Note($"out of memory for this structure; try a coarser {resolution} or fewer {jobs}"));
        }
        catch (Exception e)
        {
            return Row(ScreenStatus.Error, $"internal error: {e.GetType().Name}: {e.Message}");
        }

        string Note(string text) => o.Render(new InputException("", "", text));

        // The device stage: each map alone (as BvseCalculator.Run), or all of this structure's maps in the next batch.
        List<BvseResult> Maps(IReadOnlyList<BvsePlan> plans)
        {
            if (batcher is null || !batcher.Worthwhile)
            {
                return plans.Select(plan => BvseCalculator.Run(plan, compute, cancel)).ToList();
            }
            var analyses = batcher.Evaluate(plans.Select(plan => plan.Request).ToList(), host, cancel);
            return plans.Select((plan, i) => BvseCalculator.Finish(plan, analyses[i])).ToList();
        }

        ScreenRow Row(ScreenStatus status, string? message, double? e1 = null, double? e2 = null, double? e3 = null,
            double? eRot = null, double? ratio = null, CouplingMode? mode = null, string? grid = null) => new()
            {
                File = item.Name,
                Status = status,
                Formula = formula,
                Ion = o.Ion.ToString(),
                E1D = Round(e1),
                E2D = Round(e2),
                E3D = Round(e3),
                ERot = Round(eRot),
                Ratio = Round(ratio),
                Mode = mode,
                Grid = grid,
                Seconds = Math.Round(sw.Elapsed.TotalSeconds, 4),
                Message = Compose(message, status is ScreenStatus.Ok or ScreenStatus.Skipped ? warnings : []),
            };
    }

    /// <summary>Longest row message: the notes that do not fit are counted, "(+N more)".</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>
    /// A row's message: <paramref name="first"/> (the outcome or the structure-findings notes), then the reading warnings
    /// not already in it, each on one line, joined with "; ", cut to <see cref="MaxMessageLength"/> with "(+N more)".
    /// </summary>
    /// <param name="first">The message of the outcome, or null.</param>
    /// <param name="warnings">The structure's reading warnings.</param>
    public static string? Compose(string? first, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var notes = new List<string>(warnings.Count + 1);
        if (!string.IsNullOrWhiteSpace(first))
        {
            notes.Add(OneLine(first));
        }
        foreach (var w in warnings)
        {
            var line = OneLine(w);
            if (line.Length > 0 && !notes.Any(n => n.Contains(line, StringComparison.Ordinal)))
            {
                notes.Add(line);
            }
        }
        if (notes.Count == 0)
        {
            return null;
        }
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < notes.Count; i++)
        {
            string more = $"(+{notes.Count - i} more)";
            string sep = i == 0 ? "" : "; ";
            bool last = i == notes.Count - 1;
            int room = MaxMessageLength - sb.Length - sep.Length - (last ? 0 : more.Length + 2);
            if (notes[i].Length > room && i > 0)
            {
                sb.Append("; ").Append(more);
                break;
            }
            sb.Append(sep).Append(i == 0 && notes[0].Length > MaxMessageLength ? notes[0][..(MaxMessageLength - 3)] + "..." : notes[i]);
        }
        return sb.ToString();
    }

    private static string OneLine(string message)
        => string.Join(" ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static double? Round(double? v) => v is double d ? Math.Round(d, 6) : null;

    private static string GridText(BvseGrid g) => $"{g.N1}x{g.N2}x{g.N3}";
}
