namespace GpuBv.Cli.Options;

/// <summary>
/// The one table that turns Core's parameter keys (<see cref="InputParameter"/>) into this command line's flags, so that
/// an error from Core names the flag the user typed.
/// </summary>
internal static class ParameterNames
{
    /// <summary>The flag (with its argument placeholder where a remedy needs one) for <paramref name="parameter"/>.</summary>
    public static string Flag(InputParameter parameter) => parameter switch
    {
        InputParameter.Ion => "--ion",
        InputParameter.Cation => "--cation",
        InputParameter.Anion => "--anion",
        InputParameter.Center => "--center",
        InputParameter.Group => "--group",
        InputParameter.Resolution => "--resolution",
        InputParameter.Cutoff => "--cutoff",
        InputParameter.Encut => "--encut",
        InputParameter.Dimension => "--dimension",
        InputParameter.Threshold => "--threshold",
        InputParameter.ErotSpacing => "--erot-spacing",
        InputParameter.ShellTolerance => "--shell-tolerance",
        InputParameter.Device => "--device",
        InputParameter.OxidationStates => "--oxi",
        InputParameter.ParametersFile => "--params FILE",
        InputParameter.Shard => "--shard",
        InputParameter.Timeout => "--timeout-per-structure",
        InputParameter.Jobs => "--jobs",
        InputParameter.Resume => "--resume",
        InputParameter.Cell => "--cell",
        InputParameter.Types => "--types",
        InputParameter.Species => "--species",
        InputParameter.TimeStep => "--dt-fs",
        InputParameter.StartTime => "--t-ini",
        InputParameter.TimeWindow => "--t-window",
        InputParameter.Framework => "--framework",
        InputParameter.Spacing => "--spacing",
        InputParameter.CationAtom => "--cation",
        InputParameter.AllowMissingHydrogens => "--allow-missing-h",
        InputParameter.Memory => "--memory",
        InputParameter.Format => "--format",
        InputParameter.FrameStart => "--frame-ini",
        InputParameter.FrameCount => "--frames",
        InputParameter.Levels => "--levels",
        _ => InputException.DefaultName(parameter),
    };

    /// <summary>The error's one line with every parameter key rendered as a flag.</summary>
    public static string Render(InputException e) => e.Render(Flag);

    /// <summary>A warning or other text from Core with every parameter key rendered as a flag.</summary>
    public static string Render(string text) => InputException.RenderKeys(text, Flag);
}
