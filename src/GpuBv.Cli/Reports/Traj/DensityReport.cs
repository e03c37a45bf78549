using System.Text.Json.Serialization;

namespace GpuBv.Cli.Reports.Traj;

/// <summary>The JSON of <c>gpubv traj density</c>.</summary>
internal sealed record DensityReport : TrajReport
{
    /// <summary>The species counted.</summary>
    [JsonPropertyName("species")]
    public required string Species { get; init; }

    /// <summary>Its ions.</summary>
    [JsonPropertyName("ions")]
    public required int Ions { get; init; }

    /// <summary>Grid spacing asked for (Å).</summary>
    [JsonPropertyName("spacing_A")]
    public required double Spacing { get; init; }

    /// <summary>Grid points along a, b, c.</summary>
    [JsonPropertyName("grid")]
    public required IReadOnlyList<int> Grid { get; init; }

    /// <summary>Grid points in all.</summary>
    [JsonPropertyName("grid_points")]
    public required long GridPoints { get; init; }

    /// <summary>Whether the framework's drift was subtracted.</summary>
    [JsonPropertyName("drift_corrected")]
    public required bool DriftCorrected { get; init; }

    /// <summary>The framework elements of the drift correction, if any.</summary>
    [JsonPropertyName("framework")]
    public required IReadOnlyList<string>? Framework { get; init; }

    /// <summary>The largest density.</summary>
    [JsonPropertyName("max_density")]
    public required double? MaxDensity { get; init; }

    /// <summary>Units of the densities.</summary>
    [JsonPropertyName("max_density_units")]
    public string MaxDensityUnits { get; init; } = "1/A^3";

    /// <summary>The probability the isovalue encloses.</summary>
    [JsonPropertyName("fraction")]
    public required double Fraction { get; init; }

    /// <summary>The isovalue whose superlevel set holds <see cref="Fraction"/> of the probability.</summary>
    [JsonPropertyName("isovalue")]
    public required double? Isovalue { get; init; }

    /// <summary>Grid points with a nonzero density.</summary>
    [JsonPropertyName("occupied_points")]
    public required int OccupiedPoints { get; init; }

    /// <summary>Cell volume (Å³).</summary>
    [JsonPropertyName("volume_A3")]
    public required double? Volume { get; init; }
}
