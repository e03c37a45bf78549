using System.Text.Encodings.Web;
using System.Text.Json;

namespace GpuBv.Cli.Reports;

/// <summary>
/// How every command writes its JSON report: indented, readable (<c>"Li1+"</c>, <c>Å</c> as they are, not
/// <c>\u002B</c>), nulls kept (a barrier above encut is <c>null</c>, not absent).
/// </summary>
internal static class ReportJson
{
    /// <summary>The serializer settings of every report.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="report"/> as one JSON object followed by a newline.</summary>
    public static void Write<T>(TextWriter output, T report) => output.WriteLine(JsonSerializer.Serialize(report, Options));
}
