using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using GpuBv.Screening;
using GpuBv.Tests.Kernels;
using Xunit;

namespace GpuBv.Tests.Screening;

/// <summary>
/// Issue 13, batched screening: on an accelerator the workers' grids are evaluated several structures per
/// <see cref="IComputeProvider.EvaluateBatch"/> call, with rows identical to one structure at a time on the same device
/// and within float precision of the CPU path; a structure whose deadline passes while its batch is in flight gets its
/// timeout row; a batch that fails is retried one structure at a time, so the failure is only its structure's.
/// </summary>
public sealed class BatchedScreenTests
{
    private static readonly TimeSpan GateLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Items that all wait, inside their reading, until every one of them is being read: the structures are then all in
    /// their host stage at once, so a batcher that waits for them (a long <see cref="ScreenOptions.BatchWait"/>) puts
    /// every grid in one batch, whatever the thread pool's timing (a worker blocked here claims no other item).
    /// </summary>
    private static List<ScreenItem> Gated(params (string Name, string Text)[] files)
    {
        var gate = new CountdownEvent(files.Length);
        return files.Select(f => new ScreenItem(f.Name, () =>
        {
            gate.Signal();
            Assert.True(gate.Wait(GateLimit), "the structures never were all in flight");
            return f.Text;
        })).ToList();
    }

    private static List<ScreenItem> Plain((string Name, string Text)[] files)
        => files.Select(f => new ScreenItem(f.Name, () => f.Text)).ToList();

    /// <summary>Each structure computed alone, one after the other (the path without batches).</summary>
    private static List<ScreenRow> Alone((string Name, string Text)[] files, ScreenOptions o, IComputeProvider compute)
        => Plain(files).Select(i => ScreenRunner.Process(i, o, compute, TestContext.Current.CancellationToken)).ToList();

    private static (string, string) File(string name) => (name, StructureReader.ReadText(TestData.Structure(name)));

    private static List<ScreenRow> Screen(IReadOnlyList<ScreenItem> items, ScreenOptions o, IComputeProvider compute,
        IProgress<ScreenProgress>? progress = null)
    {
        var path = Path.Combine(Path.GetTempPath(), "gpubv-tests", Guid.NewGuid().ToString("N"), "r.csv.journal");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var journal = ResultJournal.OpenAppend(path))
        {
            int n = ScreenRunner.Run(items, o, journal, new HashSet<string>(), compute, progress,
                TestContext.Current.CancellationToken);
            Assert.Equal(items.Count, n);
        }
        return ResultJournal.Load(path);
    }

    private static ScreenOptions Options(int jobs, int batch, TimeSpan? timeout = null) =>
        new(MobileIon.Parse("Li+"), Resolution: 0.4, Cutoff: 8, Timeout: timeout, Jobs: jobs)
        {
            BatchSize = batch,
            BatchWait = GateLimit,
        };

    /// <summary>
    /// Three computed structures, a skipped one (no Li) and an error (no cell) screened together on ILGPU's CPU accelerator
    /// (the device kernels): their grids go to the device in ONE batch call and no grid alone; every row equals the row of
    /// that structure computed alone on the same device (all columns but seconds), and the CPU path's within 2e-4 eV
    /// (float grid against double) with the same statuses, nulls, grids and messages.
    /// </summary>
    [Fact]
    public void ABatchOnTheDeviceGivesTheRowsOfOneAtATimeRuns()
    {
        var files = new[]
        {
            File("LiF.cif"), File("Li2O.cif"), File("Li3N.cif"), File("NaCl_halite_COD.cif"),
            ("no-cell.cif", "data_x\n_cell_length_a 5\n"),
        };
        var o = Options(jobs: files.Length, batch: 8);
        using var device = Devices.Open("ilgpu-cpu");
        var probe = new BatchProbe(device);
        var batched = Screen(Gated(files), o, probe);

        Assert.Equal([3], probe.Batches);
        Assert.Equal(0, probe.Evaluates);
        var alone = Alone(files, o, device);
        ScreenTests.AssertSameRows(alone, batched);
        Assert.Equal(ScreenStatus.Ok, batched.Single(r => r.File == "LiF.cif").Status);
        Assert.Equal(ScreenStatus.Ok, batched.Single(r => r.File == "Li2O.cif").Status);
        Assert.Equal(ScreenStatus.Skipped, batched.Single(r => r.File == "NaCl_halite_COD.cif").Status);
        Assert.Equal(ScreenStatus.Error, batched.Single(r => r.File == "no-cell.cif").Status);

        using var cpu = FallbackComputeProvider.Cpu(1);
        var onCpu = Alone(files, o, cpu).ToDictionary(r => r.File);
        foreach (var r in batched)
        {
            var c = onCpu[r.File];
            Assert.Equal(c with { Seconds = 0, E1D = null, E2D = null, E3D = null },
                r with { Seconds = 0, E1D = null, E2D = null, E3D = null });
            AssertClose(c.E1D, r.E1D);
            AssertClose(c.E2D, r.E2D);
            AssertClose(c.E3D, r.E3D);
        }
    }

    private static void AssertClose(double? expected, double? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is double e)
        {
            Assert.InRange(actual!.Value, e - 2e-4, e + 2e-4);
        }
    }

    /// <summary>
    /// The device is the reason to batch: ILGPU's accelerator (even its CPU simulator) batches half the jobs, the managed
    /// CPU path does not batch at all, and a size given in the settings wins.
    /// </summary>
    [Fact]
    public void OnlyAnAcceleratorBatchesByDefault()
    {
        var o = new ScreenOptions(MobileIon.Parse("Li+"), Jobs: 6);
        using var device = Devices.Open("ilgpu-cpu");
        using var cpu = FallbackComputeProvider.Cpu(1);
        Assert.Equal(3, o.BatchSizeFor(device));
        Assert.Equal(0, o.BatchSizeFor(cpu));
        Assert.Equal(1, (o with { Jobs = 1 }).BatchSizeFor(device));
        Assert.Equal(ScreenOptions.MaxAutoBatch, (o with { Jobs = 1000 }).BatchSizeFor(device));
        Assert.Equal(2, (o with { BatchSize = 2 }).BatchSizeFor(cpu));
        Assert.Equal(0, (o with { BatchSize = 0 }).BatchSizeFor(device));
    }

    /// <summary>
    /// A structure whose batch call never returns (a hung device call) gets its timeout row at its deadline; its batch,
    /// having no structure left waiting for it, is cancelled, and the next structure's batch runs and gives its row.
    /// </summary>
    [Fact]
    public void AStructureWhoseBatchIsInFlightPastItsDeadlineGetsItsTimeoutRow()
    {
        using var cpu = FallbackComputeProvider.Cpu(1);
        using var release = new ManualResetEventSlim();
        int calls = 0;
        bool cancelled = false;
        var probe = new BatchProbe(cpu)
        {
            BeforeBatch = (_, cancel) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    try
                    {
                        release.Wait(cancel);
                    }
                    catch (OperationCanceledException)
                    {
                        Volatile.Write(ref cancelled, true);
                        throw;
                    }
                }
            },
        };
        var items = Plain([File("LiF.cif"), File("Li2O.cif")]);
        var o = Options(jobs: 1, batch: 1, timeout: TimeSpan.FromSeconds(1));
        var sw = Stopwatch.StartNew();
        try
        {
            var rows = Screen(items, o, probe);
            Assert.InRange(sw.Elapsed.TotalSeconds, 0, 20);
            var stuck = rows.Single(r => r.File == "LiF.cif");
            Assert.Equal(ScreenStatus.Timeout, stuck.Status);
            Assert.Contains("not finished within 1 s", stuck.Message, StringComparison.Ordinal);
            Assert.Null(stuck.E3D);
            Assert.True(Volatile.Read(ref cancelled), "the batch of a structure past its deadline was not cancelled");
            Assert.Equal([1, 1], probe.Batches);
            var next = rows.Single(r => r.File == "Li2O.cif");
            ScreenTests.AssertSameRows(Alone([File("Li2O.cif")], o, cpu), [next]);
            Assert.Equal(ScreenStatus.Ok, next.Status);
        }
        finally
        {
            release.Set();
        }
    }

    /// <summary>
    /// A device call that ignores cancellation and returns only after both structures have their timeout rows: the first
    /// structure's late result is discarded (its row stays timeout), and the second, queued behind it past its own
    /// deadline, is dropped without ever reaching the device.
    /// </summary>
    [Fact]
    public void ALateBatchResultIsDiscardedAndAQueuedStructurePastItsDeadlineIsDropped()
    {
        using var cpu = FallbackComputeProvider.Cpu(1);
        using var release = new ManualResetEventSlim();
        var probe = new BatchProbe(cpu) { BeforeBatch = (_, _) => Assert.True(release.Wait(GateLimit)) };
        var items = Plain([File("LiF.cif"), File("Li2O.cif")]);
        var o = Options(jobs: 2, batch: 1, timeout: TimeSpan.FromSeconds(1));
        var rows = Screen(items, o, probe, new Rows(p =>
        {
            if (p.Done == 2)
            {
                release.Set(); // both rows are written: now the hung call returns its (stale) result
            }
        }));

        Assert.All(rows, r => Assert.Equal(ScreenStatus.Timeout, r.Status));
        Assert.All(rows, r => Assert.Null(r.E3D));
        Assert.Equal([1], probe.Batches);
    }

    /// <summary>Calls back synchronously on the worker that finished a row.</summary>
    private sealed class Rows(Action<ScreenProgress> report) : IProgress<ScreenProgress>
    {
        public void Report(ScreenProgress value) => report(value);
    }

    /// <summary>
    /// A batch call that fails (here: the device refuses one structure's grid as bad input) is retried one structure at
    /// a time: that structure gets the error row with the device's message, the others of the batch their normal rows.
    /// </summary>
    [Fact]
    public void AFailedBatchFailsOnlyTheStructureAtFault()
    {
        using var cpu = FallbackComputeProvider.Cpu(1);
        var probe = new BatchProbe(cpu)
        {
            BeforeBatch = (requests, _) =>
            {
                if (requests.Any(r => r.Tiles.Framework.Structure.Source.Contains("Li2O", StringComparison.Ordinal)))
                {
                    throw new InputException("Li2O.cif", "", "this grid does not fit the device");
                }
            },
        };
        var files = new[] { File("LiF.cif"), File("Li2O.cif"), File("Li3N.cif") };
        var o = Options(jobs: files.Length, batch: 8);
        var rows = Screen(Gated(files), o, probe);

        Assert.Equal([3, 1, 1, 1], probe.Batches);
        var bad = rows.Single(r => r.File == "Li2O.cif");
        Assert.Equal(ScreenStatus.Error, bad.Status);
        Assert.Contains("this grid does not fit the device", bad.Message, StringComparison.Ordinal);
        var good = rows.Where(r => r.File != "Li2O.cif").ToList();
        var alone = Alone(files, o, cpu).Where(r => r.File != "Li2O.cif").ToList();
        ScreenTests.AssertSameRows(alone, good);
        Assert.All(good, r => Assert.Equal(ScreenStatus.Ok, r.Status));
    }

    /// <summary>
    /// A coupling screen in batches: a structure's two periodic maps (cation, anion) travel in one batch with the other
    /// structures' grids, its local E_rot grids go to the device in EvaluateMany calls that each hold all its groups (the
    /// local-cutoff test's coarse grids, then the final ones), and the rows (E_rot, ratio, mode included) equal those of one
    /// structure at a time.
    /// </summary>
    [Fact]
    public void ACouplingScreenBatchesTheMapsAndGathersTheLocalGrids()
    {
        var li3po4 = ("Li3PO4.cif", System.IO.File.ReadAllText(TestData.Paper("Li3PO4_beta_mp-13725.cif")));
        var files = new[] { li3po4, File("LiF.cif") };
        var o = Options(jobs: files.Length, batch: 8) with { Coupling = true };
        using var cpu = FallbackComputeProvider.Cpu(1);
        var probe = new BatchProbe(cpu);
        var batched = Screen(Gated(files), o, probe);

        Assert.Equal([3], probe.Batches); // Li3PO4's cation and anion maps, LiF's cation map (no groups: no anion map)
        Assert.True(probe.Many.Count >= 2, $"{probe.Many.Count} EvaluateMany call(s)");
        Assert.All(probe.Many, n => Assert.Equal(2, n)); // Li3PO4's two PO4 groups together in every call
        Assert.Equal(0, probe.Evaluates);
        ScreenTests.AssertSameRows(Alone(files, o, cpu), batched);
        var row = batched.Single(r => r.File == "Li3PO4.cif");
        Assert.Equal(ScreenStatus.Ok, row.Status);
        Assert.NotNull(row.ERot);
        Assert.Null(batched.Single(r => r.File == "LiF.cif").ERot);
    }

    /// <summary>
    /// A device lost inside a batch call: <see cref="FallbackComputeProvider"/> moves the work to the CPU path and the
    /// batch's structures, and every later one (computed alone again, as on the CPU path), get the CPU path's rows.
    /// </summary>
    [Fact]
    public void ADeviceLostInABatchGivesTheRowsOfTheCpuPath()
    {
        var files = new[] { File("LiF.cif"), File("Li2O.cif"), File("Li3N.cif"), File("NaCl_halite_COD.cif") };
        var o = new ScreenOptions(MobileIon.Parse("Li+"), Resolution: 0.4, Cutoff: 8, Jobs: 2);
        var notices = new List<string>();
        using var lost = new FallbackComputeProvider(new ComputeProviderSet(new LostDevice(), ManagedPercolationProvider.Instance),
            notices.Add, cpuThreads: 1);
        Assert.Equal(1, o.BatchSizeFor(lost));
        var rows = Screen(Plain(files), o, lost);

        Assert.True(lost.FellBack);
        Assert.Single(notices);
        using var cpu = FallbackComputeProvider.Cpu(1);
        ScreenTests.AssertSameRows(Alone(files, o, cpu), rows);
    }

    private sealed class LostDevice : IBvseEvaluator
    {
        public string DeviceName => "lost-gpu";

        public float[] Evaluate(TiledFramework tiles, CancellationToken cancel = default)
            => throw new InvalidOperationException("device lost");
    }
}
