using System.Text.Json.Serialization;

namespace GpuBv.Cli.Reports.Traj;

/// <summary>The JSON of <c>gpubv traj acf</c>: the velocity ACF, the bond-orientation ACFs, or both.</summary>
internal sealed record AcfReport : TrajReport
{
    /// <summary>The velocity ACF (absent without <c>--species</c>).</summary>
    [JsonPropertyName("velocity"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VelocityEntry? Velocity { get; init; }

    /// <summary>The bond-orientation ACFs (absent without <c>--center</c>/<c>--anion</c>).</summary>
    [JsonPropertyName("bond_orientation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BondOrientationEntry? BondOrientation { get; init; }

    /// <summary>The velocity ACF of a species.</summary>
    internal sealed record VelocityEntry(
        [property: JsonPropertyName("species")] string Species,
        [property: JsonPropertyName("ions")] int Ions,
        [property: JsonPropertyName("samples")] int Samples,
        [property: JsonPropertyName("mean_square_velocity_A2_fs2")] double? MeanSquareVelocity,
        [property: JsonPropertyName("first_zero_ps")] double? FirstZeroPs,
        [property: JsonPropertyName("lag_ps")] double?[] LagPs,
        [property: JsonPropertyName("acf")] double?[] Acf);

    /// <summary>C1, C2 and the mean rotation angle of centre–anion bonds.</summary>
    internal sealed record BondOrientationEntry(
        [property: JsonPropertyName("center")] string Center,
        [property: JsonPropertyName("anion")] string Anion,
        [property: JsonPropertyName("bonds")] int Bonds,
        [property: JsonPropertyName("neighbours")] int Neighbours,
        [property: JsonPropertyName("mean_bond_length_A")] double? MeanBondLength,
        [property: JsonPropertyName("mean_bond_length_frame0_A")] double? MeanBondLengthFrame0,
        [property: JsonPropertyName("lag_ps")] double?[] LagPs,
        [property: JsonPropertyName("C1")] double?[] C1,
        [property: JsonPropertyName("C2")] double?[] C2,
        [property: JsonPropertyName("theta_mean_deg")] double?[] ThetaMean);
}
