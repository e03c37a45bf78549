using GpuBv.Compute;

namespace GpuBv.Screening;

/// <summary>The outcome of a screen: its rows in input order, one per structure, and their tallies.</summary>
/// <param name="Rows">The rows, in input order.</param>
/// <param name="Ok">Rows with status ok.</param>
/// <param name="Skipped">Rows with status skipped.</param>
/// <param name="Errors">Rows with status error.</param>
/// <param name="Timeouts">Rows with status timeout.</param>
public sealed record ScreenSummary(IReadOnlyList<ScreenRow> Rows, int Ok, int Skipped, int Errors, int Timeouts);

/// <summary>
/// One screen's files and state: the inputs of this shard, the manifest (<c>OUT.manifest</c>, what merge expects), the
/// journal (<c>OUT.journal</c>, what is done) and the final CSV and Parquet tables. <see cref="Open"/> refuses to reuse
/// an earlier journal unless resuming; <see cref="Run"/> screens what is not done yet; <see cref="Finish"/> writes the
/// tables from the journal in input order. While open (from <see cref="Open"/> to <see cref="Finish"/> or
/// <see cref="Dispose"/>) it holds an OS lock on <c>OUT.lock</c>, so a second screen on the same output is refused; the OS
/// releases the lock when a process dies, so <c>kill -9</c> and <c>--resume</c> still work.
/// </summary>
public sealed class ScreenSession : IDisposable
{
    private FileStream? _lock;

    private ScreenSession(string output, Shard shard, IReadOnlyList<ScreenItem> items, IReadOnlySet<string> done,
        IReadOnlyList<string> duplicates, FileStream outputLock)
    {
        _lock = outputLock;
        Output = output;
        Shard = shard;
        Items = items;
        Done = done;
        Duplicates = duplicates;
    }

    /// <summary>The results CSV.</summary>
    public string Output { get; }

    /// <summary>The journal beside it.</summary>
    public string JournalPath => ResultJournal.PathFor(Output);

    /// <summary>The lock file beside it, held while a session is open.</summary>
    public string LockPath => Output + ".lock";

    /// <summary>The manifest beside it: the names of this shard's structures.</summary>
    public string ManifestPath => Output + ".manifest";

    /// <summary>The Parquet table beside it.</summary>
    public string ParquetPath => Path.ChangeExtension(Output, ".parquet");

    /// <summary>This session's shard.</summary>
    public Shard Shard { get; }

    /// <summary>The structures of this shard, in input order, each once.</summary>
    public IReadOnlyList<ScreenItem> Items { get; }

    /// <summary>Names already in the journal when the session opened.</summary>
    public IReadOnlySet<string> Done { get; }

    /// <summary>Names given more than once (screened once).</summary>
    public IReadOnlyList<string> Duplicates { get; }

    /// <summary>Structures still to do.</summary>
    public int Remaining => Items.Count(i => !Done.Contains(i.Name));

    /// <summary>
    /// Expands <paramref name="inputs"/> (see <see cref="ScreenInputs"/>), keeps <paramref name="shard"/>'s structures,
    /// writes the manifest and reads the journal. Throws an <see cref="InputException"/> when there is nothing to screen,
    /// or a journal exists and <paramref name="resume"/> is false.
    /// </summary>
    /// <param name="inputs">Files, folders, lists and archives.</param>
    /// <param name="output">The results CSV.</param>
    /// <param name="shard">The shard to screen.</param>
    /// <param name="resume">Continue an earlier screen from its journal.</param>
    /// <param name="memory">The budget of one structure's work, which a file read whole must fit (null: the default).</param>
    public static ScreenSession Open(IReadOnlyList<string> inputs, string output, Shard shard, bool resume,
        MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        var all = ScreenInputs.Enumerate(inputs, memory).ToList();
        if (all.Count == 0)
        {
            throw new InputException(string.Join(" ", inputs), "",
                "no structure files found (folders and archives are searched for *.cif, *.cif.gz, *.vasp, *.poscar, POSCAR*, CONTCAR*)");
        }
        var items = all.Where(i => shard.Contains(i.Name)).ToList();
        var duplicates = items.GroupBy(i => i.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        items = items.DistinctBy(i => i.Name).ToList();

        var journalPath = ResultJournal.PathFor(output);
        CheckOutput(output);
        var outputLock = Lock(output);
        try
        {
            if (File.Exists(journalPath) && !resume)
            {
                throw new InputException(journalPath, "",
                    $"results of an earlier screen are here; pass {InputException.Ref(InputParameter.Resume)} to continue it, "
                    + "or remove the file to start over");
            }
            OutputFile(output + ".manifest", () =>
            {
                // Names are escaped (a newline or a backslash in a name) so that each takes one line.
                File.WriteAllLines(output + ".manifest.tmp", items.Select(i => EscapeName(i.Name)));
                File.Move(output + ".manifest.tmp", output + ".manifest", overwrite: true);
            });
            var done = ResultJournal.Load(journalPath).Select(r => r.File).ToHashSet();
            return new ScreenSession(output, shard, items, done, duplicates, outputLock);
        }
        catch
        {
            outputLock.Dispose();
            throw;
        }
    }

    /// <summary>A manifest line for a structure name: backslash and newlines escaped (<c>\\</c>, <c>\n</c>, <c>\r</c>).</summary>
    /// <param name="name">The structure's name.</param>
    public static string EscapeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal);
    }

    /// <summary>The structure name of a manifest line written by <see cref="EscapeName"/>.</summary>
    /// <param name="line">The manifest line.</param>
    public static string UnescapeName(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.Contains('\\', StringComparison.Ordinal))
        {
            return line;
        }
        var sb = new System.Text.StringBuilder(line.Length);
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                i++;
                sb.Append(line[i] switch { 'n' => '\n', 'r' => '\r', _ => line[i] });
            }
            else
            {
                sb.Append(line[i]);
            }
        }
        return sb.ToString();
    }

    /// <summary>Refuses, before any structure is read, an output that is a folder or whose folder cannot be made.</summary>
    private static void CheckOutput(string output)
    {
        if (Directory.Exists(output))
        {
            throw new InputException(output, "", "is a folder; give the path of the results CSV to write");
        }
        // A device or FIFO is never replaced by the results (they are written beside it and renamed onto it).
        string[] written = [output, output + ".journal", output + ".lock", output + ".manifest", Path.ChangeExtension(output, ".parquet")];
        foreach (var path in written)
        {
            FileKind.RequireRegularOutput(path);
        }
        string folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (File.Exists(folder))
        {
            throw new InputException(output, "", $"cannot create the output folder: {folder} is a file");
        }
        OutputFile(folder, () => Directory.CreateDirectory(folder), "cannot create the output folder");
    }

    /// <summary>Takes the lock of <paramref name="output"/>, or refuses: another live screen writes there.</summary>
    private static FileStream Lock(string output)
    {
        string path = output + ".lock";
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(path, "", "cannot write here: permission denied (a read-only folder?)");
        }
        catch (IOException e) when (File.Exists(path) && !IsDiskFull(e))
        {
            throw new InputException(output, "",
                "another screen is writing these results (its lock is held); wait for it to finish, or give another output");
        }
        catch (IOException e)
        {
            throw new InputException(path, "", $"cannot write: {e.Message}");
        }
    }

    /// <summary>Runs a write to <paramref name="path"/>, turning file-system failures into one-line input errors.</summary>
    /// <param name="path">The file or folder written (named in the error).</param>
    /// <param name="write">The write.</param>
    /// <param name="what">How the error begins.</param>
    public static void OutputFile(string path, Action write, string what = "cannot write")
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            write();
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(path, "", $"{what}: permission denied (a read-only folder?)");
        }
        catch (IOException e)
        {
            throw new InputException(path, "", IsDiskFull(e) ? $"{what}: the disk is full" : $"{what}: {e.Message}");
        }
    }

    /// <summary>True for the "no space left on device" error (ENOSPC, or Windows' disk-full codes).</summary>
    /// <param name="e">The failure.</param>
    public static bool IsDiskFull(IOException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        int code = e.HResult & 0xFFFF;
        return code is 28 or 0x27 or 0x70 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Screens the structures not done yet, appending each row to the journal; returns the rows written.</summary>
    /// <param name="options">The screen's settings.</param>
    /// <param name="compute">Where grids and barriers are computed.</param>
    /// <param name="progress">Told after each structure.</param>
    /// <param name="cancel">Stops the screen between structures.</param>
    public int Run(ScreenOptions options, IComputeProvider compute, IProgress<ScreenProgress>? progress = null,
        CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_lock is null, this);
        using var journal = ResultJournal.OpenAppend(JournalPath);
        return ScreenRunner.Run(Items, options, journal, Done, compute, progress, cancel);
    }

    /// <summary>
    /// Writes the final CSV (with the coupling columns when <paramref name="coupling"/>) and Parquet tables from the
    /// journal, in input order, one row per structure, and returns them with their tallies.
    /// </summary>
    /// <param name="coupling">Whether the screen computed coupling (CSV columns).</param>
    public ScreenSummary Finish(bool coupling)
    {
        var rows = ResultJournal.Load(JournalPath).GroupBy(r => r.File).ToDictionary(g => g.Key, g => g.First());
        var ordered = Items.Where(i => rows.ContainsKey(i.Name)).Select(i => rows[i.Name]).ToList();
        OutputFile(Output, () => ResultTable.WriteCsv(Output, ordered, coupling));
        OutputFile(ParquetPath, () => ResultTable.WriteParquet(ParquetPath, ordered));
        Dispose();
        return new ScreenSummary(ordered, Count(ScreenStatus.Ok), Count(ScreenStatus.Skipped), Count(ScreenStatus.Error),
            Count(ScreenStatus.Timeout));

        int Count(ScreenStatus status) => ordered.Count(r => r.Status == status);
    }

    /// <summary>Releases the output's lock (the lock file stays: removing it could let two screens in at once).</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
