using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GpuBv.Bvse;
using GpuBv.Kernels.Compute;
using GpuBv.Screening;

namespace GpuBv.Cli.Commands;

/// <summary><c>gpubv screen</c> and <c>gpubv merge</c>: resumable, shardable screening over many structures.</summary>
internal static class ScreenCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("input") { Description = "Structure files, folders (recursive), lists of paths (.txt/.list), or .tar/.tar.gz/.zip archives.", Arity = ArgumentArity.OneOrMore };
        var ion = new Option<string>("--ion") { Description = "Mobile ion, e.g. Li1+.", Required = true };
        var output = new Option<string>("--out") { Description = "Results CSV (a .parquet beside it, and OUT.journal / OUT.manifest for resume and merge).", Required = true };
        var resolution = new Option<double>("--resolution") { Description = "Grid spacing (Å).", DefaultValueFactory = _ => 0.2 };
        var cutoff = new Option<double>("--cutoff") { Description = "Interaction cutoff (Å).", DefaultValueFactory = _ => 10.0 };
        var encut = new Option<double>("--encut") { Description = "Barriers above this (eV) are empty.", DefaultValueFactory = _ => 5.0 };
        var coupling = new Option<bool>("--coupling") { Description = "Also anion-group rotation barriers: E_rot, ratio, mode." };
        var resume = new Option<bool>("--resume") { Description = "Continue a screen: structures already in OUT.journal are not redone." };
        var shard = new Option<string?>("--shard") { Description = "Process shard I/N (0-based) of the inputs, by a hash of each file name; defaults to the Slurm array task when SLURM_ARRAY_TASK_ID is set." };
        var device = new Option<string>("--device") { Description = "auto | cuda[:N] | opencl[:N] | cpu | ilgpu-cpu.", DefaultValueFactory = _ => "auto" };
        var timeout = new Option<double?>("--timeout-per-structure") { Description = "Seconds after which a structure is given up (status timeout)." };
        var jobs = new Option<int>("--jobs") { Description = "Structures in flight at once (default: one per core).", DefaultValueFactory = _ => 0 };
        var parameters = new Option<string?>("--params") { Description = "Extra softBV pair parameters (bvse.dat's layout)." };
        var cmd = new Command("screen", "Screen many structures: one row per input (ok, skipped, error or timeout), committed as it finishes; resumable; shards over Slurm job arrays.")
        {
            inputs, ion, output, resolution, cutoff, encut, coupling, resume, shard, device, timeout, jobs, parameters,
        };
        cmd.SetAction(p =>
        {
            var mobile = MobileIon.Parse(p.GetValue(ion)!);
            string outPath = p.GetValue(output)!;
            var sh = Shard.Parse(p.GetValue(shard));
            double res = p.GetValue(resolution);
            if (!(res > 0)) throw new InputException("--resolution", res.ToString(CultureInfo.InvariantCulture), "must be a positive number of Å");
            int jobCount = p.GetValue(jobs);
            if (jobCount < 0) throw new InputException("--jobs", $"{jobCount}", "must be ≥ 0");
            var all = ScreenInputs.Enumerate(p.GetValue(inputs)!).ToList();
            if (all.Count == 0)
                throw new InputException(string.Join(" ", p.GetValue(inputs)!), "", "no structure files found (folders and archives are searched for *.cif, *.cif.gz, *.vasp, *.poscar, POSCAR*, CONTCAR*)");
            var items = all.Where(i => sh.Contains(i.Name)).ToList();
            var dupes = items.GroupBy(i => i.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (dupes.Count > 0) stderr.WriteLine($"gpubv: warning: {dupes.Count} input(s) given more than once (screened once): {string.Join(", ", dupes.Take(3))}");
            items = items.DistinctBy(i => i.Name).ToList();

            var journalPath = ResultJournal.PathFor(outPath);
            bool resuming = p.GetValue(resume);
            if (File.Exists(journalPath) && !resuming)
                throw new InputException(journalPath, "", "results of an earlier screen are here; pass --resume to continue it, or remove the file to start over");
            try { Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!); }
            catch (IOException e) { throw new InputException(outPath, "", $"cannot create the output folder: {e.Message}"); }
            File.WriteAllLines(outPath + ".manifest.tmp", items.Select(i => i.Name));
            File.Move(outPath + ".manifest.tmp", outPath + ".manifest", overwrite: true);

            var previous = ResultJournal.Load(journalPath);
            var done = previous.Select(r => r.File).ToHashSet();
            var opts = new ScreenOptions(mobile, res, p.GetValue(cutoff), p.GetValue(encut), p.GetValue(coupling),
                p.GetValue(timeout) is double t ? TimeSpan.FromSeconds(t) : null, jobCount, StructureOptions.SoftBv(p.GetValue(parameters)),
                GpuBv.Cli.Options.ParameterNames.Render);
            string dev = p.GetValue(device)!;
            bool gpuWanted = dev != "cpu";
            // The CPU path runs one structure per core, each single-threaded; a GPU is shared by the workers.
            using var devices = IlgpuDevices.Open(dev, msg => stderr.WriteLine($"gpubv: warning: {msg}"), cpuThreads: 1);
            int remaining = items.Count(i => !done.Contains(i.Name));
            stderr.WriteLine($"gpubv: screening {items.Count} structure(s){(sh.Count > 1 ? $" (shard {sh})" : "")}, {items.Count - remaining} already done, on {devices.DeviceName}{(gpuWanted && !devices.IsAccelerator ? "" : "")}");
            var sw = Stopwatch.StartNew();
            using (var journal = ResultJournal.OpenAppend(journalPath))
            using (var display = new ProgressDisplay(stderr, remaining))
                ScreenRunner.Run(items, opts, journal, done, devices, display);

            // Final outputs from the journal, in input order, one row per structure.
            var rows = ResultJournal.Load(journalPath).GroupBy(r => r.File).ToDictionary(g => g.Key, g => g.First());
            var ordered = items.Where(i => rows.ContainsKey(i.Name)).Select(i => rows[i.Name]).ToList();
            ResultTable.WriteCsv(outPath, ordered, opts.Coupling);
            ResultTable.WriteParquet(Path.ChangeExtension(outPath, ".parquet"), ordered);
            int ok = ordered.Count(r => r.Status == ScreenStatus.Ok), sk = ordered.Count(r => r.Status == ScreenStatus.Skipped),
                er = ordered.Count(r => r.Status == ScreenStatus.Error), to = ordered.Count(r => r.Status == ScreenStatus.Timeout);
            double secs = sw.Elapsed.TotalSeconds;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gpubv: {ordered.Count} rows: {ok} ok, {sk} skipped, {er} error, {to} timeout; {remaining} computed in {secs:0.#} s ({(secs > 0 ? remaining / secs : 0):0.##} structures/s) → {outPath}"));
            return 0;
        });
        return cmd;
    }

    public static Command CreateMerge(TextWriter stdout, TextWriter stderr)
    {
        var output = new Argument<string>("out") { Description = "Merged CSV to write (and a .parquet beside it)." };
        var shards = new Argument<string[]>("shard") { Description = "Shard result CSVs (their .journal is used when the CSV is missing, their .manifest to find missing structures).", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("merge", "Combine shard outputs of gpubv screen; reports structures that are missing (listed in a shard's manifest without a row) or duplicated. Exit 3 when any is missing.")
        {
            output, shards,
        };
        cmd.SetAction(p =>
        {
            var all = new List<ScreenRow>();
            var expected = new List<string>();
            bool coupling = false;
            foreach (var s in p.GetValue(shards)!)
            {
                List<ScreenRow> rows;
                if (File.Exists(s))
                {
                    rows = ResultTable.ReadCsv(s);
                    coupling |= File.ReadLines(s).FirstOrDefault()?.Contains("E_rot") == true;
                }
                else if (File.Exists(ResultJournal.PathFor(s))) rows = ResultJournal.Load(ResultJournal.PathFor(s));
                else throw new InputException(s, "", "no such shard output (nor its .journal)");
                coupling |= rows.Any(r => r.ERot is not null || r.Mode is not null);
                all.AddRange(rows);
                if (File.Exists(s + ".manifest")) expected.AddRange(File.ReadAllLines(s + ".manifest").Where(l => l.Length > 0));
            }
            var byName = all.GroupBy(r => r.File).ToList();
            var duplicates = byName.Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            var merged = byName.Select(g => g.First()).OrderBy(r => r.File, StringComparer.Ordinal).ToList();
            var have = merged.Select(r => r.File).ToHashSet();
            var missing = expected.Distinct().Where(n => !have.Contains(n)).ToList();
            string outPath = p.GetValue(output)!;
            ResultTable.WriteCsv(outPath, merged, coupling);
            ResultTable.WriteParquet(Path.ChangeExtension(outPath, ".parquet"), merged);
            stderr.WriteLine($"gpubv: merged {merged.Count} rows from {p.GetValue(shards)!.Length} shard(s) → {outPath}");
            if (duplicates.Count > 0) stderr.WriteLine($"gpubv: warning: {duplicates.Count} structure(s) appear in more than one shard (first kept): {string.Join(", ", duplicates.Take(5))}{(duplicates.Count > 5 ? ", ..." : "")}");
            if (missing.Count > 0)
            {
                stderr.WriteLine($"gpubv: warning: {missing.Count} structure(s) have no row (rerun their shard with --resume): {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}");
                return 3;
            }
            return 0;
        });
        return cmd;
    }
}

/// <summary>
/// Progress on stderr: a bar with rate and ETA redrawn in place on a terminal; a plain line every 10 s when stderr is
/// redirected (logs, Slurm output files).
/// </summary>
internal sealed class ProgressDisplay : IProgress<ScreenProgress>, IDisposable
{
    private readonly TextWriter _out;
    private readonly bool _terminal;
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _last = -1;
    private ScreenProgress _latest;
    private readonly object _lock = new();

    public ProgressDisplay(TextWriter output, int total)
    {
        _out = output; _total = total;
        _terminal = ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
    }

    public void Report(ScreenProgress p)
    {
        lock (_lock)
        {
            _latest = p;
            double now = _clock.Elapsed.TotalSeconds;
            if (now - _last < (_terminal ? 0.2 : 10) && p.Done < p.Total) return;
            _last = now;
            double rate = p.Done / Math.Max(p.Seconds, 1e-9);
            var eta = TimeSpan.FromSeconds(rate > 0 ? (p.Total - p.Done) / rate : 0);
            string text = string.Create(CultureInfo.InvariantCulture,
                $"{p.Done}/{p.Total} ({p.Ok} ok, {p.Skipped} skipped, {p.Errors} error, {p.Timeouts} timeout) {rate:0.##}/s ETA {eta:hh\\:mm\\:ss}");
            if (_terminal)
            {
                int width = 30, filled = p.Total > 0 ? (int)(width * (double)p.Done / p.Total) : width;
                _out.Write($"\r[{new string('#', filled)}{new string(' ', width - filled)}] {text}   ");
            }
            else _out.WriteLine($"gpubv: screen: {text}");
        }
    }

    public void Dispose()
    {
        if (_terminal && _last >= 0) _out.WriteLine();
    }
}
