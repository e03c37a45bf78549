using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GpuBv.Bvse;
using GpuBv.Cli.Options;
using GpuBv.Cli.Reports;
using GpuBv.Screening;

namespace GpuBv.Cli.Commands;

/// <summary><c>gpubv screen</c> and <c>gpubv merge</c>: resumable, shardable screening over many structures.</summary>
internal static class ScreenCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("input")
        {
            Description = "Structure files, folders (recursive), lists of paths (.txt/.list), or .tar/.tar.gz/.zip archives.",
            Arity = ArgumentArity.OneOrMore,
        };
        var ion = new Option<string>("--ion") { Description = "Mobile ion, e.g. Li1+.", Required = true };
        var output = new Option<string>("--out")
        {
            Description = "Results CSV (a .parquet beside it, and OUT.journal / OUT.manifest for resume and merge).",
            Required = true,
        };
        var grid = new GridOptions("Grid spacing (Å).", "Interaction cutoff (Å).", "Barriers above this (eV) are empty.");
        var coupling = new Option<bool>("--coupling") { Description = "Also anion-group rotation barriers: E_rot, ratio, mode." };
        var resume = new Option<bool>("--resume") { Description = "Continue a screen: structures already in OUT.journal are not redone." };
        var shard = new Option<string?>("--shard")
        {
            Description = "Process shard I/N (0-based) of the inputs, by a hash of each file name; defaults to the Slurm array task when "
                + "SLURM_ARRAY_TASK_ID is set.",
        };
        var device = new DeviceOptions();
        var timeout = new Option<double?>("--timeout-per-structure")
        {
            Description = "Seconds after which a structure is given up (status timeout).",
        };
        var jobs = new Option<int>("--jobs")
        {
            Description = "Structures in flight at once (default: one per core).",
            DefaultValueFactory = _ => 0,
        };
        var parameters = new ParametersOptions();
        var missingH = new MissingHydrogenOptions();
        var memory = new MemoryOptions();
        var cmd = new Command("screen", "Screen many structures: one row per input (ok, skipped, error or timeout), committed as it "
            + "finishes; resumable; shards over Slurm job arrays.")
        {
            inputs, ion, output, grid.Resolution, grid.Cutoff, grid.Encut, coupling, resume, shard, device.Device, timeout, jobs,
            parameters.Params, missingH.Allow, memory.Memory,
        };
        cmd.SetAction(p =>
        {
            var mobile = MobileIon.Parse(p.GetValue(ion)!);
            var sh = Shard.Parse(p.GetValue(shard));
            var options = new ScreenOptions(mobile, p.GetValue(grid.Resolution), p.GetValue(grid.Cutoff), p.GetValue(grid.Encut),
                p.GetValue(coupling), ScreenOptions.TimeoutFromSeconds(p.GetValue(timeout)), p.GetValue(jobs),
                Describe: ParameterNames.Render, AllowMissingHydrogens: p.GetValue(missingH.Allow));
            options.Validate();
            (options, string? capped) = (options with { Memory = memory.Budget(p) }).CapJobs(Environment.ProcessorCount);
            if (capped is not null)
            {
                stderr.WriteLine($"gpubv: warning: {ParameterNames.Render(capped)}");
            }
            using var session = ScreenSession.Open(p.GetValue(inputs)!, p.GetValue(output)!, sh, p.GetValue(resume), options.JobMemory);
            WriteDuplicates(stderr, session.Duplicates);
            options = options with { Table = parameters.Table(p) };
            // The CPU path runs one structure per core, each single-threaded; a GPU is shared by the workers, whose grids it
            // evaluates in batches (ScreenOptions.BatchSizeFor).
            using var devices = device.Open(p, stderr, cpuThreads: 1);
            int remaining = session.Remaining;
            string shardText = sh.Count > 1 ? $" (shard {sh})" : "";
            int total = session.Items.Count;
            // On an accelerator the workers' grids go to the device in batches while the workers read and tile (Core).
            int batch = options.BatchSizeFor(devices);
            string batchText = batch > 0 ? $", grids in batches of up to {batch}" : "";
            stderr.WriteLine($"gpubv: screening {total} structure(s){shardText}, {total - remaining} already done, "
                + $"on {devices.DeviceName}{batchText}");
            var sw = Stopwatch.StartNew();
            using (var display = new ProgressDisplay(stderr, remaining))
            {
                session.Run(options, devices, display);
            }
            var summary = session.Finish(options.Coupling);
            double secs = sw.Elapsed.TotalSeconds;
            double rate = secs > 0 ? remaining / secs : 0;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gpubv: {summary.Rows.Count} rows: {summary.Ok} ok, {summary.Skipped} skipped, {summary.Errors} error, "
                + $"{summary.Timeouts} timeout; "
                + $"{remaining} computed in {secs:0.#} s ({rate:0.##} structures/s) → {session.Output}"));
            return 0;
        });
        return cmd;
    }

    public static Command CreateMerge(TextWriter stdout, TextWriter stderr)
    {
        var output = new Argument<string>("out") { Description = "Merged CSV to write (and a .parquet beside it)." };
        var shards = new Argument<string[]>("shard")
        {
            Description = "Shard result CSVs (their .journal is used when the CSV is missing, their .manifest to find missing structures).",
            Arity = ArgumentArity.OneOrMore,
        };
        var cmd = new Command("merge", "Combine shard outputs of gpubv screen; reports structures that are missing (listed in a shard's "
            + "manifest without a row) or duplicated. Exit 3 when any is missing.")
        {
            output, shards,
        };
        cmd.SetAction(p =>
        {
            string outPath = p.GetValue(output)!;
            var shardPaths = p.GetValue(shards)!;
            var report = ShardMerge.Merge(outPath, shardPaths);
            stderr.WriteLine($"gpubv: merged {report.Rows} rows from {shardPaths.Length} shard(s) → {outPath}");
            if (report.Duplicates.Count > 0)
            {
                stderr.WriteLine($"gpubv: warning: {report.Duplicates.Count} structure(s) appear in more than one shard (first kept): "
                    + FirstFive(report.Duplicates));
            }
            if (report.Missing.Count > 0)
            {
                stderr.WriteLine($"gpubv: warning: {report.Missing.Count} structure(s) have no row (rerun their shard with --resume): "
                    + FirstFive(report.Missing));
                return 3;
            }
            return 0;
        });
        return cmd;
    }

    private static void WriteDuplicates(TextWriter stderr, IReadOnlyList<string> duplicates)
    {
        if (duplicates.Count > 0)
        {
            string first = string.Join(", ", duplicates.Take(3));
            stderr.WriteLine($"gpubv: warning: {duplicates.Count} input(s) given more than once (screened once): {first}");
        }
    }

    private static string FirstFive(IReadOnlyList<string> names)
        => string.Join(", ", names.Take(5)) + (names.Count > 5 ? ", ..." : "");
}
