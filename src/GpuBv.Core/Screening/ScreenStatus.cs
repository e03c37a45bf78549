using System.Text.Json.Serialization;

namespace GpuBv.Screening;

/// <summary>What happened to one structure of a screen, spelled <c>ok</c>, <c>skipped</c>, <c>error</c>, <c>timeout</c>
/// in the CSV, the journal and the Parquet file.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScreenStatus>))]
public enum ScreenStatus
{
    /// <summary>Computed.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,
    /// <summary>The mobile ion is not in the structure.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,
    /// <summary>Bad input or a failure, with a one-line reason.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
    /// <summary>Not finished within the per-structure limit.</summary>
    [JsonStringEnumMemberName("timeout")]
    Timeout,
}
