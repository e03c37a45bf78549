using System.Text.Json.Serialization;

namespace GpuBv.Cli.Reports.Traj;

/// <summary>The JSON of <c>gpubv traj bonds</c>.</summary>
internal sealed record BondsReport : TrajReport
{
    /// <summary>The cation followed.</summary>
    [JsonPropertyName("cation")]
    public required CationEntry Cation { get; init; }

    /// <summary>The group followed.</summary>
    [JsonPropertyName("group")]
    public required GroupEntry Group { get; init; }

    /// <summary>Cation–centre distance at t_ini, smallest and largest (Å).</summary>
    [JsonPropertyName("cation_center_distance_A")]
    public required DistanceRange CationCenterDistance { get; init; }

    /// <summary>The cation's largest displacement (Å).</summary>
    [JsonPropertyName("cation_displacement_max_A")]
    public required double? CationDisplacementMax { get; init; }

    /// <summary>The cation's displacement at the last frame (Å).</summary>
    [JsonPropertyName("cation_displacement_final_A")]
    public required double? CationDisplacementFinal { get; init; }

    /// <summary>Each centre–anion bond.</summary>
    [JsonPropertyName("bonds")]
    public required IReadOnlyList<BondEntry> Bonds { get; init; }

    /// <summary>The cation.</summary>
    internal sealed record CationEntry(
        [property: JsonPropertyName("atom")] int Atom,
        [property: JsonPropertyName("element")] string Element);

    /// <summary>The group and why it was chosen.</summary>
    internal sealed record GroupEntry(
        [property: JsonPropertyName("center_atom")] int CenterAtom,
        [property: JsonPropertyName("formula")] string Formula,
        [property: JsonPropertyName("anion_atoms")] IReadOnlyList<int> AnionAtoms,
        [property: JsonPropertyName("chosen_as")] string ChosenAs);

    /// <summary>A distance at t_ini and its range (Å).</summary>
    internal sealed record DistanceRange(
        [property: JsonPropertyName("initial")] double? Initial,
        [property: JsonPropertyName("min")] double? Min,
        [property: JsonPropertyName("max")] double? Max);

    /// <summary>One bond's statistics over the stretch (Å, degrees).</summary>
    internal sealed record BondEntry(
        [property: JsonPropertyName("anion_atom")] int AnionAtom,
        [property: JsonPropertyName("bond_length_mean_A")] double? BondLengthMean,
        [property: JsonPropertyName("bond_length_min_A")] double? BondLengthMin,
        [property: JsonPropertyName("bond_length_max_A")] double? BondLengthMax,
        [property: JsonPropertyName("cation_anion_min_A")] double? CationAnionMin,
        [property: JsonPropertyName("cation_anion_mean_A")] double? CationAnionMean,
        [property: JsonPropertyName("theta_max_deg")] double? ThetaMax,
        [property: JsonPropertyName("theta_final_deg")] double? ThetaFinal);
}
