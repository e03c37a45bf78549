using System.Text.Json.Serialization;

namespace GpuBv.Cli.Reports.Traj;

/// <summary>
/// The JSON of <c>gpubv shm</c>: the simple harmonic coupling model for one set of amplitudes (Å), angular frequencies
/// (rad/ps) and phases (rad); times in ps.
/// </summary>
internal sealed record ShmReport
{
    /// <summary>The units of the numbers.</summary>
    [JsonPropertyName("units")]
    public string Units { get; init; } = "amplitudes A, angular frequencies rad/ps, phases rad, times ps";

    /// <summary>Cation amplitude.</summary>
    [JsonPropertyName("A_c")]
    public required double Ac { get; init; }

    /// <summary>Anion amplitude.</summary>
    [JsonPropertyName("A_a")]
    public required double Aa { get; init; }

    /// <summary>Cation angular frequency.</summary>
    [JsonPropertyName("omega_c")]
    public required double OmegaC { get; init; }

    /// <summary>Anion angular frequency.</summary>
    [JsonPropertyName("omega_a")]
    public required double OmegaA { get; init; }

    /// <summary>Cation phase.</summary>
    [JsonPropertyName("phi_c")]
    public required double PhiC { get; init; }

    /// <summary>Anion phase.</summary>
    [JsonPropertyName("phi_a")]
    public required double PhiA { get; init; }

    /// <summary>Whether ω_c = ω_a.</summary>
    [JsonPropertyName("equal_frequencies")]
    public required bool EqualFrequencies { get; init; }

    /// <summary>Phase difference at t = 0.</summary>
    [JsonPropertyName("delta0")]
    public required double Delta0 { get; init; }

    /// <summary>Coupled amplitude at t = 0.</summary>
    [JsonPropertyName("A_c_prime")]
    public required double AcPrime { get; init; }

    /// <summary>Whether the amplitude is enhanced at t = 0.</summary>
    [JsonPropertyName("enhanced")]
    public required bool Enhanced { get; init; }

    /// <summary>−A_a/(2A_c): enhanced when cos Δ exceeds it.</summary>
    [JsonPropertyName("enhancement_threshold_cos")]
    public required double EnhancementThresholdCos { get; init; }

    /// <summary>Whether A_a > 2A_c (always enhanced).</summary>
    [JsonPropertyName("always_enhanced")]
    public required bool AlwaysEnhanced { get; init; }

    /// <summary>arccos(−A_a/(2A_c)).</summary>
    [JsonPropertyName("critical_phase_difference")]
    public required double CriticalPhaseDifference { get; init; }

    /// <summary>|φ_c − φ_a| reduced to [0, π].</summary>
    [JsonPropertyName("reduced_phase_difference")]
    public required double ReducedPhaseDifference { get; init; }

    /// <summary>Beat period (null for equal frequencies).</summary>
    [JsonPropertyName("beat_period")]
    public required double? BeatPeriod { get; init; }

    /// <summary>Enhanced time per beat (null for equal frequencies).</summary>
    [JsonPropertyName("enhancement_window")]
    public required double? EnhancementWindow { get; init; }

    /// <summary>Fraction of the time enhanced.</summary>
    [JsonPropertyName("enhanced_fraction")]
    public required double EnhancedFraction { get; init; }

    /// <summary>|A_c − A_a|.</summary>
    [JsonPropertyName("A_c_prime_min")]
    public required double AcPrimeMin { get; init; }

    /// <summary>A_c + A_a.</summary>
    [JsonPropertyName("A_c_prime_max")]
    public required double AcPrimeMax { get; init; }

    /// <summary>Smallest sampled coupled amplitude.</summary>
    [JsonPropertyName("A_c_prime_sampled_min")]
    public required double AcPrimeSampledMin { get; init; }

    /// <summary>Largest sampled coupled amplitude.</summary>
    [JsonPropertyName("A_c_prime_sampled_max")]
    public required double AcPrimeSampledMax { get; init; }

    /// <summary>Time span sampled.</summary>
    [JsonPropertyName("duration")]
    public required double Duration { get; init; }
}
