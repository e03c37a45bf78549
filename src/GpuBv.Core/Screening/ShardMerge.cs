namespace GpuBv.Screening;

/// <summary>What a merge found.</summary>
/// <param name="Rows">Rows written (each structure once).</param>
/// <param name="Duplicates">Structures with a row in more than one shard (the first is kept).</param>
/// <param name="Missing">Structures in a shard's manifest without a row.</param>
public sealed record MergeReport(int Rows, IReadOnlyList<string> Duplicates, IReadOnlyList<string> Missing);

/// <summary>
/// Combines the outputs of the shards of one screen into one CSV and Parquet table, sorted by name: each shard's CSV
/// (or, when it is missing, its journal), with its manifest telling which structures should be there.
/// </summary>
public static class ShardMerge
{
    /// <summary>Merges <paramref name="shards"/> into <paramref name="output"/> (and a .parquet beside it).</summary>
    /// <param name="output">The merged CSV.</param>
    /// <param name="shards">The shard CSVs (their .journal used when a CSV is missing).</param>
    public static MergeReport Merge(string output, IReadOnlyList<string> shards)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(shards);
        FileKind.RequireRegularOutput(output);
        FileKind.RequireRegularOutput(Path.ChangeExtension(output, ".parquet"));
        var all = new List<ScreenRow>();
        var expected = new List<string>();
        bool coupling = false;
        foreach (var s in shards)
        {
            List<ScreenRow> rows;
            if (File.Exists(s))
            {
                rows = ResultTable.ReadCsv(s);
                coupling |= File.ReadLines(s).FirstOrDefault()?.Contains("E_rot", StringComparison.Ordinal) == true;
            }
            else if (File.Exists(ResultJournal.PathFor(s)))
            {
                rows = ResultJournal.Load(ResultJournal.PathFor(s));
            }
            else
            {
                throw new InputException(s, "", "no such shard output (nor its .journal)");
            }
            coupling |= rows.Any(r => r.ERot is not null || r.Mode is not null);
            all.AddRange(rows);
            if (File.Exists(s + ".manifest"))
            {
                expected.AddRange(File.ReadAllLines(s + ".manifest").Where(l => l.Length > 0).Select(ScreenSession.UnescapeName));
            }
        }
        var byName = all.GroupBy(r => r.File).ToList();
        var duplicates = byName.Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var merged = byName.Select(g => g.First()).OrderBy(r => r.File, StringComparer.Ordinal).ToList();
        var have = merged.Select(r => r.File).ToHashSet();
        var missing = expected.Distinct().Where(n => !have.Contains(n)).ToList();
        string parquet = Path.ChangeExtension(output, ".parquet");
        ScreenSession.OutputFile(output, () => ResultTable.WriteCsv(output, merged, coupling));
        ScreenSession.OutputFile(parquet, () => ResultTable.WriteParquet(parquet, merged));
        return new MergeReport(merged.Count, duplicates, missing);
    }
}
