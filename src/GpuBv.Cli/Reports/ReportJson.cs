using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GpuBv.Cli.Reports;

/// <summary>
/// How every command writes its JSON report: indented, readable (<c>"Li1+"</c>, <c>Å</c> as they are, not
/// <c>\u002B</c>), nulls kept (a barrier above encut is <c>null</c>, not absent).
/// </summary>
internal static class ReportJson
{
    /// <summary>The serializer settings of every report, with the generated metadata (<see cref="ReportJsonContext"/>).</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ReportJsonContext.Default,
    };

    /// <summary>Writes <paramref name="report"/> as one JSON object followed by a newline.</summary>
    public static void Write<T>(TextWriter output, T report)
        => output.WriteLine(JsonSerializer.Serialize(report, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T))));
}
