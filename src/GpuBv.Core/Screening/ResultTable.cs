using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace GpuBv.Screening;

/// <summary>Final outputs of a screen: CSV and Parquet, each written to a temporary file and renamed into place.</summary>
public static class ResultTable
{
    /// <summary>Writes <paramref name="rows"/> as CSV at <paramref name="path"/> atomically.</summary>
    public static void WriteCsv(string path, IEnumerable<ScreenRow> rows, bool coupling)
    {
        FileKind.RequireRegularOutput(path);
        var tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp))
        {
            w.WriteLine(string.Join(',', ScreenRow.Columns(coupling)));
            foreach (var r in rows)
                w.WriteLine(r.ToCsv(coupling));
            w.Flush();
            ((FileStream)w.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>
    /// Reads a screen's CSV for a figure or report: an <see cref="InputException"/> naming the file when it cannot be read,
    /// and naming the first of <paramref name="required"/> columns it lacks.
    /// </summary>
    /// <param name="path">The CSV.</param>
    /// <param name="required">Columns the caller needs, e.g. E_rot.</param>
    public static List<ScreenRow> ReadCsv(string path, IReadOnlyCollection<string> required)
    {
        ArgumentNullException.ThrowIfNull(required);
        string text = IO.Structures.StructureReader.ReadText(path);
        var lines = ScreenRow.CsvRecords(text);
        var header = lines.Count > 0 ? ScreenRow.SplitCsv(lines[0]) : [];
        foreach (var column in required.Prepend("status").Prepend("file"))
        {
            if (!header.Contains(column))
            {
                string hint = column is "E_rot" or "ratio" or "mode" ? " (a screen run with --coupling has it)" : "";
                throw new InputException(path, "line 1", $"no column '{column}'{hint}: not the screen table this needs");
            }
        }
        return ReadCsv(path);
    }

    /// <summary>Reads a CSV written by <see cref="WriteCsv"/>.</summary>
    public static List<ScreenRow> ReadCsv(string path)
    {
        var lines = ScreenRow.CsvRecords(File.ReadAllText(path));
        if (lines.Count == 0)
            return [];
        var header = ScreenRow.SplitCsv(lines[0]);
        if (!header.Contains("file") || !header.Contains("status"))
            throw new InputException(path, "line 1", "not a GpuBv screen CSV (no file/status columns)");
        var rows = new List<ScreenRow>();
        for (int i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0)
                continue;
            try
            {
                rows.Add(ScreenRow.FromCsv(header, ScreenRow.SplitCsv(lines[i])));
            }
            catch (FormatException e)
            {
                throw new InputException(path, $"line {i + 1}", e.Message);
            }
        }
        return rows;
    }

    /// <summary>
    /// Writes <paramref name="rows"/> as Parquet at <paramref name="path"/> atomically, with the CSV's columns (the coupling
    /// columns always present, empty for a screen without coupling), for pandas/polars at 10^5 rows.
    /// </summary>
    public static void WriteParquet(string path, IReadOnlyList<ScreenRow> rows)
    {
        FileKind.RequireRegularOutput(path);
        var tmp = path + ".tmp";
        var data = rows.Select(r => new ParquetRow
        {
            File = r.File, Status = GpuBv.Compute.OutputName.Of(r.Status), Formula = r.Formula, Ion = r.Ion, E1D = r.E1D, E2D = r.E2D,
            E3D = r.E3D, ERot = r.ERot, Ratio = r.Ratio, Mode = ScreenRow.ModeName(r.Mode), Grid = r.Grid, Seconds = r.Seconds,
            Message = r.Message,
        }).ToList();
        using (var fs = File.Create(tmp))
        {
            ParquetSerializer.SerializeAsync(data, fs).GetAwaiter().GetResult();
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads the rows of a Parquet file written by <see cref="WriteParquet"/>.</summary>
    public static List<ScreenRow> ReadParquet(string path)
    {
        using var fs = File.OpenRead(path);
        var result = ParquetSerializer.DeserializeAsync<ParquetRow>(fs).GetAwaiter().GetResult();
        return result.Data.Select(r => new ScreenRow
        {
            File = r.File, Status = ScreenRow.ParseStatus(r.Status), Formula = r.Formula, Ion = r.Ion, E1D = r.E1D, E2D = r.E2D,
            E3D = r.E3D, ERot = r.ERot, Ratio = r.Ratio, Mode = ScreenRow.ParseMode(r.Mode), Grid = r.Grid, Seconds = r.Seconds,
            Message = r.Message,
        }).ToList();
    }

    /// <summary>The Parquet row layout (column names as in the CSV).</summary>
    public sealed class ParquetRow
    {
        /// <summary>The structure's name as given (path, or archive!entry).</summary>
        [JsonPropertyName("file")] public string File { get; set; } = "";
        /// <summary>ok | skipped | error | timeout.</summary>
        [JsonPropertyName("status")] public string Status { get; set; } = "";
        /// <summary>Reduced formula, when the file could be read.</summary>
        [JsonPropertyName("formula")] public string? Formula { get; set; }
        /// <summary>The mobile ion, e.g. Li1+.</summary>
        [JsonPropertyName("ion")] public string? Ion { get; set; }
        /// <summary>E_1D (eV), or empty above encut.</summary>
        [JsonPropertyName("E_1D")] public double? E1D { get; set; }
        /// <summary>E_2D (eV), or empty above encut.</summary>
        [JsonPropertyName("E_2D")] public double? E2D { get; set; }
        /// <summary>E_3D (eV), or empty above encut.</summary>
        [JsonPropertyName("E_3D")] public double? E3D { get; set; }
        /// <summary>Smallest E_rot of the groups (eV), coupling screens only.</summary>
        [JsonPropertyName("E_rot")] public double? ERot { get; set; }
        /// <summary>E_mig / E_rot, coupling screens only.</summary>
        [JsonPropertyName("ratio")] public double? Ratio { get; set; }
        /// <summary>Coupling mode, coupling screens only.</summary>
        [JsonPropertyName("mode")] public string? Mode { get; set; }
        /// <summary>Grid size, e.g. 53x31x24.</summary>
        [JsonPropertyName("grid")] public string? Grid { get; set; }
        /// <summary>Wall time of this structure (s).</summary>
        [JsonPropertyName("seconds")] public double Seconds { get; set; }
        /// <summary>Why a structure was skipped or failed (one line).</summary>
        [JsonPropertyName("message")] public string? Message { get; set; }
    }
}
