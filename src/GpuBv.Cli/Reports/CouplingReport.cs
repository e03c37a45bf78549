using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using GpuBv.Cli.Options;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Groups;

namespace GpuBv.Cli.Reports;

/// <summary>The output contract of <c>gpubv coupling</c>: its JSON object (key order as written here) and its text summary.</summary>
internal sealed record CouplingReport
{
    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("cation")] public required string Cation { get; init; }
    [JsonPropertyName("anion")] public string? Anion { get; init; }
    [JsonPropertyName("E_mig")] public double? EMig { get; init; }
    [JsonPropertyName("E_mig_dimension")] public int EMigDimension { get; init; }
    [JsonPropertyName("E_rot")] public double? ERot { get; init; }
    [JsonPropertyName("E_rot_global")] public double? ERotGlobal { get; init; }
    [JsonPropertyName("ratio")] public double? Ratio { get; init; }
    [JsonPropertyName("mode")] public CouplingMode Mode { get; init; }
    [JsonPropertyName("threshold")] public double Threshold { get; init; }
    [JsonPropertyName("erot_grid")] public RotationGrid ErotGrid { get; init; }
    [JsonPropertyName("erot_spacing")] public double ErotSpacing { get; init; }
    [JsonPropertyName("erot_cutoff")] public double? ErotCutoff { get; init; }
    [JsonPropertyName("erot_cutoff_auto")] public bool ErotCutoffAuto { get; init; }
    [JsonPropertyName("erot_cutoff_tail_range")] public double? ErotCutoffTailRange { get; init; }
    [JsonPropertyName("shell_tolerance")] public double ShellTolerance { get; init; }
    [JsonPropertyName("resolution")] public double Resolution { get; init; }
    [JsonPropertyName("groups")] public required IReadOnlyList<Group> Groups { get; init; }
    [JsonPropertyName("oxidation_states")]
    public required IReadOnlyDictionary<string, ImmutableArray<double>> OxidationStates { get; init; }
    [JsonPropertyName("device")] public required string Device { get; init; }
    [JsonPropertyName("percolation_device")] public required string PercolationDevice { get; init; }
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("warnings")] public required IReadOnlyList<string> Warnings { get; init; }

    public static CouplingReport From(LoadedStructure loaded, CouplingOptions o, CouplingResult r)
    {
        var s = loaded.Structure;
        return new CouplingReport
        {
            File = s.Source,
            Cation = o.Cation.ToString(),
            Anion = r.Anion?.ToString(),
            EMig = ReportValues.Round6(r.EMig),
            EMigDimension = o.Dimension,
            ERot = ReportValues.Round6(r.ERot),
            ERotGlobal = ReportValues.Round6(r.ERotGlobal),
            Ratio = ReportValues.Round6(r.Ratio),
            Mode = r.Mode,
            Threshold = o.Threshold,
            ErotGrid = r.ErotGrid,
            ErotSpacing = Math.Round(r.Spacing, 6),
            ErotCutoff = r.LocalCutoff,
            ErotCutoffAuto = r.LocalCutoffTest is not null,
            ErotCutoffTailRange = r.LocalCutoffTest is { } test ? ReportValues.Round6(test.TailRange) : null,
            ShellTolerance = (o.Rotation ?? new RotationOptions()).ShellTolerance,
            Resolution = o.Resolution,
            Groups = r.Groups.Select((x, i) => Group.From(s, x, r.GlobalGroups[i])).ToList(),
            OxidationStates = ReportValues.OxidationStates(loaded),
            Device = r.CationMap.Device,
            PercolationDevice = r.CationMap.PercolationDevice,
            Seconds = Math.Round(r.Seconds, 4),
            Warnings = loaded.Warnings.Concat(r.Warnings).Select(ParameterNames.Render).ToList(),
        };
    }

    /// <summary>The text summary on stdout, warnings on stderr.</summary>
    public void WriteText(TextWriter stdout, TextWriter stderr, CouplingOptions o, CouplingResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine($"file:    {File}");
        stdout.WriteLine($"cation:  {Cation}   anion: {Anion ?? "-"}   device: {Device}");
        string eMig = r.EMig is double m
            ? string.Create(inv, $"{m:0.0000} eV (E_{o.Dimension}D)")
            : string.Create(inv, $"none below {o.Encut} eV");
        stdout.WriteLine($"E_mig:   {eMig}");
        if (r.Groups.Count == 0)
        {
            stdout.WriteLine("groups:  none (no polyanion groups)");
        }
        for (int i = 0; i < r.Groups.Count; i++)
        {
            var x = r.Groups[i];
            var c = x.Group.CenterFractional;
            stdout.WriteLine(string.Create(inv, $"group:   {x.Group.Formula,-5} at ({c.X:0.###}, {c.Y:0.###}, {c.Z:0.###})  "
                + $"E_rot = {x.ERot:0.0000} eV "
                + $"({OutputName.Of(x.Grid)}, {x.Spacing:0.###} Å; global {r.GlobalGroups[i].ERot:0.0000})"));
        }
        if (r.ERot is double e)
        {
            string auto = r.LocalCutoffTest is { } t ? string.Create(inv, $" (auto: tail range {t.TailRange:0.0000} eV)") : "";
            string cutoff = r.LocalCutoff is double rc ? string.Create(inv, $", cutoff {rc:0.###} Å{auto}") : "";
            stdout.WriteLine(string.Create(inv, $"E_rot:   {e:0.0000} eV ({OutputName.Of(r.ErotGrid)} grid, {r.Spacing:0.###} Å{cutoff})"));
        }
        string ratio = r.Ratio is double q ? q.ToString("0.00", inv) : "-";
        stdout.WriteLine(string.Create(inv, $"ratio:   {ratio}   mode: {OutputName.Of(r.Mode)}   (threshold {o.Threshold})"));
        stdout.WriteLine(string.Create(inv, $"time:    {r.Seconds:0.###} s"));
        ReportValues.WriteWarnings(stderr, File, Warnings);
    }

    /// <summary>One group: its centre, anions, E_rot on the selected and the screening grid, and where the sites joined.</summary>
    internal sealed record Group
    {
        [JsonPropertyName("center")] public required GroupSite Center { get; init; }
        [JsonPropertyName("formula")] public required string Formula { get; init; }
        [JsonPropertyName("anions")] public required IReadOnlyList<GroupAnion> Anions { get; init; }
        [JsonPropertyName("E_rot")] public double ERot { get; init; }
        [JsonPropertyName("E_rot_global")] public double ERotGlobal { get; init; }
        [JsonPropertyName("join_point")] public required double[] JoinPoint { get; init; }
        [JsonPropertyName("shell_points")] public int ShellPoints { get; init; }

        public static Group From(Structure s, GroupRotation x, GroupRotation global) => new()
        {
            Center = new GroupSite(x.Group.CenterElement, s.Sites[x.Group.CenterSite].Label, ReportValues.Frac(x.Group.CenterFractional)),
            Formula = x.Group.Formula,
            Anions = x.Group.Anions.Select(a => new GroupAnion(a.Element, s.Sites[a.Site].Label,
                ReportValues.Frac(s.Lattice.ToFractional(a.Cartesian)), Math.Round(a.BondLength, 4))).ToList(),
            ERot = Math.Round(x.ERot, 6),
            ERotGlobal = Math.Round(global.ERot, 6),
            JoinPoint = ReportValues.Frac(x.JoinFractional),
            ShellPoints = x.ShellPoints,
        };
    }

    /// <summary>A group's centre: element, site label, fractional position.</summary>
    internal sealed record GroupSite(
        [property: JsonPropertyName("element")] string Element,
        [property: JsonPropertyName("site")] string Label,
        [property: JsonPropertyName("frac")] double[] Frac);

    /// <summary>One anion of a group: element, site label, fractional position, bond length (Å).</summary>
    internal sealed record GroupAnion(
        [property: JsonPropertyName("element")] string Element,
        [property: JsonPropertyName("site")] string Label,
        [property: JsonPropertyName("frac")] double[] Frac,
        [property: JsonPropertyName("bond_length")] double BondLength);
}
