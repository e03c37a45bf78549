using System.Text.Json.Serialization;

namespace GpuBv.Groups;

/// <summary>The coupling mode of a structure, spelled in outputs as <c>rotate</c>, <c>vibrate</c>, <c>none</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CouplingMode>))]
public enum CouplingMode
{
    /// <summary>The groups turn before (or while) the cation hops: E_mig/E_rot above the threshold, or free rotation.</summary>
    [JsonStringEnumMemberName("rotate")]
    Rotate,
    /// <summary>The groups only vibrate: E_mig/E_rot at or below the threshold.</summary>
    [JsonStringEnumMemberName("vibrate")]
    Vibrate,
    /// <summary>No polyanion groups.</summary>
    [JsonStringEnumMemberName("none")]
    None,
}
