using System.Text.Json.Serialization;

namespace GpuBv.Cli.Reports.Traj;

/// <summary>The JSON of <c>gpubv traj diffusion</c> (pymatgen DiffusionAnalyzer conventions; D in cm²/s, σ in mS/cm).</summary>
internal sealed record DiffusionReport : TrajReport
{
    /// <summary>The mobile species.</summary>
    [JsonPropertyName("species")]
    public required string Species { get; init; }

    /// <summary>Its ions.</summary>
    [JsonPropertyName("ions")]
    public required int Ions { get; init; }

    /// <summary>Temperature (K).</summary>
    [JsonPropertyName("temperature_K")]
    public required double Temperature { get; init; }

    /// <summary>Ion charge used for the conductivity.</summary>
    [JsonPropertyName("charge")]
    public required double Charge { get; init; }

    /// <summary>"max" or "none".</summary>
    [JsonPropertyName("smoothed")]
    public required string Smoothed { get; init; }

    /// <summary>Self diffusivity.</summary>
    [JsonPropertyName("D_cm2_s")]
    public required double? D { get; init; }

    /// <summary>Its standard error.</summary>
    [JsonPropertyName("D_stderr_cm2_s")]
    public required double? DStdErr { get; init; }

    /// <summary>Its x, y, z components.</summary>
    [JsonPropertyName("D_components_cm2_s")]
    public required IReadOnlyList<double?> DComponents { get; init; }

    /// <summary>Nernst–Einstein conductivity.</summary>
    [JsonPropertyName("sigma_mS_cm")]
    public required double? Sigma { get; init; }

    /// <summary>Its standard error.</summary>
    [JsonPropertyName("sigma_stderr_mS_cm")]
    public required double? SigmaStdErr { get; init; }

    /// <summary>Charge diffusivity.</summary>
    [JsonPropertyName("charge_D_cm2_s")]
    public required double? ChargeD { get; init; }

    /// <summary>Its standard error.</summary>
    [JsonPropertyName("charge_D_stderr_cm2_s")]
    public required double? ChargeDStdErr { get; init; }

    /// <summary>Conductivity from the charge diffusivity.</summary>
    [JsonPropertyName("charge_sigma_mS_cm")]
    public required double? ChargeSigma { get; init; }

    /// <summary>D / D_charge.</summary>
    [JsonPropertyName("haven_ratio")]
    public required double? HavenRatio { get; init; }

    /// <summary>Whether the charge diffusivity is pymatgen's floor.</summary>
    [JsonPropertyName("charge_D_floored")]
    public required bool ChargeDFloored { get; init; }

    /// <summary>Largest displacement per element (Å), by element symbol.</summary>
    [JsonPropertyName("max_displacement")]
    public required IReadOnlyDictionary<string, double?> MaxDisplacement { get; init; }

    /// <summary>Largest displacement of a framework atom (Å).</summary>
    [JsonPropertyName("max_framework_displacement")]
    public required double? MaxFrameworkDisplacement { get; init; }

    /// <summary>Cell volume (Å³).</summary>
    [JsonPropertyName("volume_A3")]
    public required double? Volume { get; init; }

    /// <summary>The lags fitted.</summary>
    [JsonPropertyName("lags")]
    public required LagRange Lags { get; init; }

    /// <summary>How many lags, the first and the last (ps).</summary>
    internal sealed record LagRange(
        [property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("first_ps")] double? FirstPs,
        [property: JsonPropertyName("last_ps")] double? LastPs);
}
