using System.Text.Json.Serialization;

namespace GpuBv.Cli.Reports.Traj;

/// <summary>The JSON of <c>gpubv traj hops</c>. Per-criterion maps are keyed "paper", then the thresholds ("30", "45", …).</summary>
internal sealed record HopsReport : TrajReport
{
    /// <summary>The mobile species.</summary>
    [JsonPropertyName("species")]
    public required string Species { get; init; }

    /// <summary>Its ions.</summary>
    [JsonPropertyName("ions")]
    public required int Ions { get; init; }

    /// <summary>The analysis settings.</summary>
    [JsonPropertyName("settings")]
    public required SettingsEntry Settings { get; init; }

    /// <summary>Anion groups followed.</summary>
    [JsonPropertyName("groups")]
    public required int Groups { get; init; }

    /// <summary>Hops found.</summary>
    [JsonPropertyName("hops_count")]
    public required int HopsCount { get; init; }

    /// <summary>Fraction of hops coupled under each criterion.</summary>
    [JsonPropertyName("coupled_fraction")]
    public required IReadOnlyDictionary<string, double?> CoupledFraction { get; init; }

    /// <summary>Hops coupled under each criterion.</summary>
    [JsonPropertyName("coupled_count")]
    public required IReadOnlyDictionary<string, int> CoupledCount { get; init; }

    /// <summary>The summary line of the text output.</summary>
    [JsonPropertyName("summary")]
    public required string Summary { get; init; }

    /// <summary>The chance level of each criterion (only with <c>--baseline</c>).</summary>
    [JsonPropertyName("chance_fraction"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double?>? ChanceFraction { get; init; }

    /// <summary>The hop drawn with <c>--png</c>, if any.</summary>
    [JsonPropertyName("png")]
    public required string? Png { get; init; }

    /// <summary>The hops.</summary>
    [JsonPropertyName("hops")]
    public required IReadOnlyList<HopEntry> Hops { get; init; }

    /// <summary>The settings the hops were found with.</summary>
    internal sealed record SettingsEntry(
        [property: JsonPropertyName("center")] string? Center,
        [property: JsonPropertyName("anion")] string? Anion,
        [property: JsonPropertyName("min_residence_frames")] int MinResidenceFrames,
        [property: JsonPropertyName("group_radius_A")] double GroupRadius,
        [property: JsonPropertyName("site_radius_A")] double? SiteRadius,
        [property: JsonPropertyName("bond_cutoff_A")] double BondCutoff,
        [property: JsonPropertyName("sites")] string Sites,
        [property: JsonPropertyName("criterion")] string Criterion);

    /// <summary>One hop.</summary>
    internal sealed record HopEntry
    {
        /// <summary>Its number.</summary>
        [JsonPropertyName("hop")]
        public required int Hop { get; init; }

        /// <summary>The ion.</summary>
        [JsonPropertyName("atom")]
        public required int Atom { get; init; }

        /// <summary>Its element.</summary>
        [JsonPropertyName("element")]
        public required string Element { get; init; }

        /// <summary>First frame of the window (file numbering).</summary>
        [JsonPropertyName("start_frame")]
        public required int StartFrame { get; init; }

        /// <summary>Last frame of the window (file numbering).</summary>
        [JsonPropertyName("end_frame")]
        public required int EndFrame { get; init; }

        /// <summary>Start time (ps, file).</summary>
        [JsonPropertyName("start_ps")]
        public required double? StartPs { get; init; }

        /// <summary>End time (ps, file).</summary>
        [JsonPropertyName("end_ps")]
        public required double? EndPs { get; init; }

        /// <summary>Window length (frames).</summary>
        [JsonPropertyName("window_frames")]
        public required int WindowFrames { get; init; }

        /// <summary>The site left.</summary>
        [JsonPropertyName("from_site")]
        public required int FromSite { get; init; }

        /// <summary>The site reached.</summary>
        [JsonPropertyName("to_site")]
        public required int ToSite { get; init; }

        /// <summary>The groups near the hop.</summary>
        [JsonPropertyName("near_groups")]
        public required IReadOnlyList<NearGroupEntry> NearGroups { get; init; }

        /// <summary>The largest θ_max of a near group (degrees).</summary>
        [JsonPropertyName("max_theta_deg")]
        public required double? MaxThetaDeg { get; init; }

        /// <summary>Coupled under the chosen criterion.</summary>
        [JsonPropertyName("coupled")]
        public required bool Coupled { get; init; }

        /// <summary>Coupled under each criterion.</summary>
        [JsonPropertyName("coupled_by")]
        public required IReadOnlyDictionary<string, bool> CoupledBy { get; init; }
    }

    /// <summary>A group near a hop.</summary>
    internal sealed record NearGroupEntry(
        [property: JsonPropertyName("center_atom")] int CenterAtom,
        [property: JsonPropertyName("formula")] string Formula,
        [property: JsonPropertyName("min_distance_A")] double? MinDistance,
        [property: JsonPropertyName("theta_max_deg")] double? ThetaMax,
        [property: JsonPropertyName("theta_max_average_deg")] double? ThetaMaxAverage,
        [property: JsonPropertyName("above_average")] bool AboveAverage);
}
