using System.Text.Json.Serialization;

namespace GpuBv.Groups;

/// <summary>The grid E_rot is measured on, spelled in outputs as <c>local</c> or <c>global</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RotationGrid>))]
public enum RotationGrid
{
    /// <summary>A fine cubic grid centred on each group.</summary>
    [JsonStringEnumMemberName("local")]
    Local,
    /// <summary>The periodic screening grid.</summary>
    [JsonStringEnumMemberName("global")]
    Global,
}
