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
/// tables from the journal in input order.
/// </summary>
public sealed class ScreenSession
{
    private ScreenSession(string output, Shard shard, IReadOnlyList<ScreenItem> items, IReadOnlySet<string> done,
        IReadOnlyList<string> duplicates)
    {
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
    public static ScreenSession Open(IReadOnlyList<string> inputs, string output, Shard shard, bool resume)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        var all = ScreenInputs.Enumerate(inputs).ToList();
        if (all.Count == 0)
        {
            throw new InputException(string.Join(" ", inputs), "",
                "no structure files found (folders and archives are searched for *.cif, *.cif.gz, *.vasp, *.poscar, POSCAR*, CONTCAR*)");
        }
        var items = all.Where(i => shard.Contains(i.Name)).ToList();
        var duplicates = items.GroupBy(i => i.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        items = items.DistinctBy(i => i.Name).ToList();

        var journalPath = ResultJournal.PathFor(output);
        if (File.Exists(journalPath) && !resume)
        {
            throw new InputException(journalPath, "",
                $"results of an earlier screen are here; pass {InputException.Ref(InputParameter.Resume)} to continue it, "
                + "or remove the file to start over");
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        }
        catch (IOException e)
        {
            throw new InputException(output, "", $"cannot create the output folder: {e.Message}");
        }
        File.WriteAllLines(output + ".manifest.tmp", items.Select(i => i.Name));
        File.Move(output + ".manifest.tmp", output + ".manifest", overwrite: true);
        var done = ResultJournal.Load(journalPath).Select(r => r.File).ToHashSet();
        return new ScreenSession(output, shard, items, done, duplicates);
    }

    /// <summary>Screens the structures not done yet, appending each row to the journal; returns the rows written.</summary>
    /// <param name="options">The screen's settings.</param>
    /// <param name="compute">Where grids and barriers are computed.</param>
    /// <param name="progress">Told after each structure.</param>
    /// <param name="cancel">Stops the screen between structures.</param>
    public int Run(ScreenOptions options, IComputeProvider compute, IProgress<ScreenProgress>? progress = null,
        CancellationToken cancel = default)
    {
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
        ResultTable.WriteCsv(Output, ordered, coupling);
        ResultTable.WriteParquet(ParquetPath, ordered);
        return new ScreenSummary(ordered, Count(ScreenStatus.Ok), Count(ScreenStatus.Skipped), Count(ScreenStatus.Error),
            Count(ScreenStatus.Timeout));

        int Count(ScreenStatus status) => ordered.Count(r => r.Status == status);
    }
}
