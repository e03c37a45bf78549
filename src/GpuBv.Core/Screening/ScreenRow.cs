using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using GpuBv.Compute;
using GpuBv.Groups;

namespace GpuBv.Screening;

/// <summary>One output row of a screen: every input structure gets exactly one.</summary>
public sealed record ScreenRow
{
    /// <summary>The structure's name as given (path, or archive!entry).</summary>
    [JsonPropertyName("file")] public required string File { get; init; }
    /// <summary>ok | skipped | error | timeout.</summary>
    [JsonPropertyName("status")] public required ScreenStatus Status { get; init; }
    /// <summary>Reduced formula, when the file could be read.</summary>
    [JsonPropertyName("formula")] public string? Formula { get; init; }
    /// <summary>The mobile ion, e.g. Li1+.</summary>
    [JsonPropertyName("ion")] public string? Ion { get; init; }
    /// <summary>E_1D (eV), or empty above encut.</summary>
    [JsonPropertyName("E_1D")] public double? E1D { get; init; }
    /// <summary>E_2D (eV), or empty above encut.</summary>
    [JsonPropertyName("E_2D")] public double? E2D { get; init; }
    /// <summary>E_3D (eV), or empty above encut.</summary>
    [JsonPropertyName("E_3D")] public double? E3D { get; init; }
    /// <summary>Smallest E_rot of the groups (eV), coupling screens only.</summary>
    [JsonPropertyName("E_rot")] public double? ERot { get; init; }
    /// <summary>E_mig / E_rot, coupling screens only.</summary>
    [JsonPropertyName("ratio")] public double? Ratio { get; init; }
    /// <summary>Coupling mode, coupling screens only.</summary>
    [JsonPropertyName("mode")] public CouplingMode? Mode { get; init; }
    /// <summary>Grid size, e.g. 53x31x24.</summary>
    [JsonPropertyName("grid")] public string? Grid { get; init; }
    /// <summary>Wall time of this structure (s).</summary>
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    /// <summary>Why a structure was skipped or failed (one line).</summary>
    [JsonPropertyName("message")] public string? Message { get; init; }

    /// <summary>CSV column names (with or without the coupling columns).</summary>
    public static string[] Columns(bool coupling) => coupling
        ? ["file", "status", "formula", "ion", "E_1D", "E_2D", "E_3D", "E_rot", "ratio", "mode", "grid", "seconds", "message"]
        : ["file", "status", "formula", "ion", "E_1D", "E_2D", "E_3D", "grid", "seconds", "message"];

    /// <summary>The row as CSV fields (RFC 4180 quoting), numbers invariant, null as empty.</summary>
    public string ToCsv(bool coupling)
    {
        var f = new List<string?> { File, OutputName.Of(Status), Formula, Ion, Num(E1D), Num(E2D), Num(E3D) };
        if (coupling)
        {
            f.Add(Num(ERot));
            f.Add(Num(Ratio));
            f.Add(ModeName(Mode));
        }
        f.Add(Grid);
        f.Add(Seconds.ToString("0.####", CultureInfo.InvariantCulture));
        f.Add(Message);
        return string.Join(',', f.Select(Quote));
    }

    /// <summary>The output spelling of a coupling mode (null stays null).</summary>
    public static string? ModeName(CouplingMode? mode) => mode is { } m ? OutputName.Of(m) : null;

    /// <summary>The status spelled <paramref name="name"/> (anything unknown reads as an error).</summary>
    public static ScreenStatus ParseStatus(string? name)
        => name is null ? ScreenStatus.Error : OutputName.Parse<ScreenStatus>(name) ?? ScreenStatus.Error;

    /// <summary>The coupling mode spelled <paramref name="name"/>, or null.</summary>
    public static CouplingMode? ParseMode(string? name) => name is null ? null : OutputName.Parse<CouplingMode>(name);

    private static string? Num(double? v) => v?.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Quotes a CSV field when needed.</summary>
    public static string Quote(string? s)
    {
        if (string.IsNullOrEmpty(s))
            return "";
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    /// <summary>Splits CSV text into records: a line break inside a quoted field (a name with a newline) stays in it.</summary>
    /// <param name="text">The CSV text.</param>
    public static List<string> CsvRecords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<string>();
        bool quoted = false;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\n' && !quoted)
            {
                int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                records.Add(text[start..end]);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            records.Add(text[start..].TrimEnd('\r'));
        }
        return records;
    }

    /// <summary>Splits one CSV record into fields (RFC 4180; a quoted field may hold line breaks).</summary>
    public static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    sb.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
                sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }

    /// <summary>Reads a row from CSV fields under <paramref name="header"/>.</summary>
    public static ScreenRow FromCsv(IReadOnlyList<string> header, IReadOnlyList<string> fields)
    {
        string? Get(string col)
        {
            int i = header.ToList().IndexOf(col);
            return i >= 0 && i < fields.Count && fields[i].Length > 0 ? fields[i] : null;
        }
        double? D(string col) => Get(col) is string s ? double.Parse(s, CultureInfo.InvariantCulture) : null;
        return new ScreenRow
        {
            File = Get("file") ?? throw new FormatException("row without a file name"),
            Status = ParseStatus(Get("status")),
            Formula = Get("formula"), Ion = Get("ion"), E1D = D("E_1D"), E2D = D("E_2D"), E3D = D("E_3D"),
            ERot = D("E_rot"), Ratio = D("ratio"), Mode = ParseMode(Get("mode")), Grid = Get("grid"), Seconds = D("seconds") ?? 0,
            Message = Get("message"),
        };
    }
}
