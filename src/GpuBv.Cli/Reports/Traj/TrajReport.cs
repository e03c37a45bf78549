using System.Text.Json.Serialization;

namespace GpuBv.Cli.Reports.Traj;

/// <summary>
/// The fields every <c>gpubv traj</c> JSON report starts with (set by <c>TrajectoryRun.Head</c>); each subcommand's
/// report adds its own after them.
/// </summary>
internal abstract record TrajReport
{
    /// <summary>The trajectory file.</summary>
    [JsonPropertyName("file"), JsonPropertyOrder(-9)]
    public string File { get; set; } = "";

    /// <summary>The subcommand.</summary>
    [JsonPropertyName("analysis"), JsonPropertyOrder(-8)]
    public string Analysis { get; set; } = "";

    /// <summary>Atoms in the trajectory.</summary>
    [JsonPropertyName("atoms"), JsonPropertyOrder(-7)]
    public int Atoms { get; set; }

    /// <summary>Frames analysed.</summary>
    [JsonPropertyName("frames"), JsonPropertyOrder(-6)]
    public int Frames { get; set; }

    /// <summary>Time between stored frames (fs).</summary>
    [JsonPropertyName("dt_fs"), JsonPropertyOrder(-5)]
    public double? DtFs { get; set; }

    /// <summary>Start of the analysed stretch (ps).</summary>
    [JsonPropertyName("t_ini_ps"), JsonPropertyOrder(-4)]
    public double? TIniPs { get; set; }

    /// <summary>Start of the analysed stretch as a frame index of the file.</summary>
    [JsonPropertyName("t_ini_frame"), JsonPropertyOrder(-3)]
    public int TIniFrame { get; set; }

    /// <summary>Length of the analysed stretch (ps), if limited.</summary>
    [JsonPropertyName("t_window_ps"), JsonPropertyOrder(-2)]
    public double? TWindowPs { get; set; }

    /// <summary>The reader's error that ended the stretch early, if any.</summary>
    [JsonPropertyName("input_error"), JsonPropertyOrder(-1)]
    public string? InputError { get; set; }
}
