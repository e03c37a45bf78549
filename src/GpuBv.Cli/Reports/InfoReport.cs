using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using GpuBv.Chemistry;
using GpuBv.Cli.Options;

namespace GpuBv.Cli.Reports;

/// <summary>The output contract of <c>gpubv info</c>: its JSON object (key order as written here) and its text summary.</summary>
internal sealed record InfoReport
{
    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("formula")] public required string Formula { get; init; }
    [JsonPropertyName("full_formula")] public required string FullFormula { get; init; }
    [JsonPropertyName("sites")] public int Sites { get; init; }
    [JsonPropertyName("atoms")] public double Atoms { get; init; }
    [JsonPropertyName("space_group")] public string? SpaceGroup { get; init; }
    [JsonPropertyName("lattice")] public required LatticeBlock Lattice { get; init; }
    [JsonPropertyName("oxidation_states")]
    public required IReadOnlyDictionary<string, ImmutableArray<double>>? OxidationStates { get; init; }
    [JsonPropertyName("oxidation_sources")] public required IReadOnlyDictionary<string, string>? OxidationSources { get; init; }
    [JsonPropertyName("residual_charge")] public double? ResidualCharge { get; init; }
    /// <summary>Why the states, sources and residual charge are null ("no meaningful oxidation states: ..."); else null.</summary>
    [JsonPropertyName("oxidation_reason")] public string? OxidationReason { get; init; }
    [JsonPropertyName("warnings")] public required IReadOnlyList<string> Warnings { get; init; }

    public static InfoReport From(LoadedStructure loaded)
    {
        var s = loaded.Structure;
        var comp = s.Composition();
        var l = s.Lattice;
        var ox = loaded.Assigned;
        Dictionary<string, string>? sources = null;
        if (ox is not null)
        {
            sources = [];
            foreach (var (element, source) in ox.Sources)
            {
                sources[element] = StructureOptions.SourceName(source);
            }
        }
        return new InfoReport
        {
            File = s.Source,
            Formula = GpuBv.Chemistry.Formula.Reduced(comp),
            FullFormula = GpuBv.Chemistry.Formula.Full(comp),
            Sites = s.Sites.Length,
            Atoms = Math.Round(s.AtomCount, 6),
            SpaceGroup = s.SpaceGroup,
            Lattice = new LatticeBlock(l.LengthA, l.LengthB, l.LengthC, l.Alpha, l.Beta, l.Gamma, Math.Abs(l.Volume)),
            OxidationStates = ox is null ? null : ReportValues.OxidationStates(loaded),
            OxidationSources = sources,
            ResidualCharge = ox is null ? null : Math.Round(ox.ResidualCharge, 6),
            OxidationReason = loaded.OxidationReason,
            Warnings = loaded.Warnings,
        };
    }

    /// <summary>The text summary on stdout, warnings on stderr.</summary>
    public static void WriteText(TextWriter stdout, TextWriter stderr, LoadedStructure loaded)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = loaded.Structure;
        var comp = s.Composition();
        var l = s.Lattice;
        var ox = loaded.Assigned;
        stdout.WriteLine($"file:             {s.Source}");
        stdout.WriteLine($"formula:          {GpuBv.Chemistry.Formula.Reduced(comp)}  (cell: {GpuBv.Chemistry.Formula.Full(comp)})");
        stdout.WriteLine(string.Create(inv, $"cell:             a={l.LengthA:0.####} b={l.LengthB:0.####} c={l.LengthC:0.####} Å  "
            + $"alpha={l.Alpha:0.###} beta={l.Beta:0.###} gamma={l.Gamma:0.###}°  V={Math.Abs(l.Volume):0.##} Å³"));
        stdout.WriteLine($"space group:      {s.SpaceGroup}");
        stdout.WriteLine(string.Create(inv, $"sites:            {s.Sites.Length}   atoms: {s.AtomCount:0.####}"));
        if (ox is null)
        {
            stdout.WriteLine("oxidation states: none (no meaningful oxidation states)");
            ReportValues.WriteWarnings(stderr, s.Source, loaded.Warnings.Append(loaded.OxidationReason!));
            return;
        }
        var states = ox.States.Select(kv =>
        {
            string values = string.Join("/", kv.Value.Select(v => v.ToString("+0.###;-0.###;0", inv)));
            return $"{kv.Key} {values} ({StructureOptions.SourceName(ox.Sources[kv.Key])})";
        });
        stdout.WriteLine("oxidation states: " + string.Join(", ", states));
        stdout.WriteLine(string.Create(inv, $"residual charge:  {ox.ResidualCharge:+0.####;-0.####;0} e per cell"));
        ReportValues.WriteWarnings(stderr, s.Source, loaded.Warnings);
    }

    /// <summary>The cell: lengths (Å), angles (°), volume (Å³).</summary>
    internal sealed record LatticeBlock(
        [property: JsonPropertyName("a")] double A,
        [property: JsonPropertyName("b")] double B,
        [property: JsonPropertyName("c")] double C,
        [property: JsonPropertyName("alpha")] double Alpha,
        [property: JsonPropertyName("beta")] double Beta,
        [property: JsonPropertyName("gamma")] double Gamma,
        [property: JsonPropertyName("volume")] double Volume);
}
