using System.Text.Json.Serialization;

namespace GpuBv.Cli.Reports.Traj;

/// <summary>The JSON of <c>gpubv traj displacement</c>.</summary>
internal sealed record DisplacementReport : TrajReport
{
    /// <summary>The species.</summary>
    [JsonPropertyName("species")]
    public required string Species { get; init; }

    /// <summary>Its ions.</summary>
    [JsonPropertyName("ions")]
    public required int Ions { get; init; }

    /// <summary>Length of the stretch (ps).</summary>
    [JsonPropertyName("duration_ps")]
    public required double? DurationPs { get; init; }

    /// <summary>The largest displacement of any ion (Å).</summary>
    [JsonPropertyName("max_displacement_A")]
    public required double? MaxDisplacement { get; init; }

    /// <summary>The ion that moved farthest.</summary>
    [JsonPropertyName("max_displacement_atom")]
    public required int MaxDisplacementAtom { get; init; }

    /// <summary>The mean displacement at the last frame (Å).</summary>
    [JsonPropertyName("mean_final_displacement_A")]
    public required double? MeanFinalDisplacement { get; init; }

    /// <summary>Each ion.</summary>
    [JsonPropertyName("per_ion")]
    public required IReadOnlyList<IonDisplacement> PerIon { get; init; }

    /// <summary>One ion's largest and final displacement (Å).</summary>
    internal sealed record IonDisplacement(
        [property: JsonPropertyName("atom")] int Atom,
        [property: JsonPropertyName("max_A")] double? Max,
        [property: JsonPropertyName("final_A")] double? Final);
}
