using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using GpuBv.Bvse;
using GpuBv.Cli.Options;

namespace GpuBv.Cli.Reports;

/// <summary>The output contract of <c>gpubv bvse</c>: its JSON object (key order as written here) and its text summary.</summary>
internal sealed record BvseReport
{
    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("ion")] public required string Ion { get; init; }
    [JsonPropertyName("grid")] public required int[] Grid { get; init; }
    [JsonPropertyName("resolution")] public double Resolution { get; init; }
    [JsonPropertyName("cutoff")] public double Cutoff { get; init; }
    [JsonPropertyName("neighbours")] public int Neighbours { get; init; }
    [JsonPropertyName("encut")] public double Encut { get; init; }
    [JsonPropertyName("E_1D")] public double? E1D { get; init; }
    [JsonPropertyName("E_2D")] public double? E2D { get; init; }
    [JsonPropertyName("E_3D")] public double? E3D { get; init; }
    [JsonPropertyName("saddle_1D")] public double[]? Saddle1D { get; init; }
    [JsonPropertyName("saddle_2D")] public double[]? Saddle2D { get; init; }
    [JsonPropertyName("saddle_3D")] public double[]? Saddle3D { get; init; }
    [JsonPropertyName("E_min_raw")] public double EMinRaw { get; init; }
    [JsonPropertyName("oxidation_states")]
    public required IReadOnlyDictionary<string, ImmutableArray<double>> OxidationStates { get; init; }
    [JsonPropertyName("residual_charge")] public double ResidualCharge { get; init; }
    [JsonPropertyName("device")] public required string Device { get; init; }
    [JsonPropertyName("percolation_device")] public required string PercolationDevice { get; init; }
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("grid_seconds")] public double GridSeconds { get; init; }
    [JsonPropertyName("pair_evaluations")] public long PairEvaluations { get; init; }
    [JsonPropertyName("warnings")] public required IReadOnlyList<string> Warnings { get; init; }

    public static BvseReport From(LoadedStructure s, BvseOptions o, BvseResult r)
    {
        var p = r.Percolation;
        return new BvseReport
        {
            File = s.Structure.Source,
            Ion = o.Ion.ToString(),
            Grid = [r.Grid.N1, r.Grid.N2, r.Grid.N3],
            Resolution = o.Resolution,
            Cutoff = o.Cutoff,
            Neighbours = (int)o.Connectivity,
            Encut = o.Encut,
            E1D = ReportValues.Round6(p.E1D),
            E2D = ReportValues.Round6(p.E2D),
            E3D = ReportValues.Round6(p.E3D),
            Saddle1D = ReportValues.Frac(p.Saddle1D),
            Saddle2D = ReportValues.Frac(p.Saddle2D),
            Saddle3D = ReportValues.Frac(p.Saddle3D),
            EMinRaw = Math.Round(r.EMinRaw, 6),
            OxidationStates = ReportValues.OxidationStates(s),
            ResidualCharge = Math.Round(s.Oxidation.ResidualCharge, 6),
            Device = r.Device,
            PercolationDevice = r.PercolationDevice,
            Seconds = Math.Round(r.Seconds, 4),
            GridSeconds = Math.Round(r.GridSeconds, 4),
            PairEvaluations = r.PairEvaluations,
            Warnings = s.Warnings.Concat(r.Warnings).Select(ParameterNames.Render).ToList(),
        };
    }

    /// <summary>The text summary on stdout, warnings on stderr.</summary>
    public static void WriteText(TextWriter stdout, TextWriter stderr, BvseOptions o, BvseResult r, IReadOnlyList<string> warnings,
        string source)
    {
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine($"file:      {source}");
        string percolation = r.PercolationDevice == r.Device || r.Device.StartsWith(r.PercolationDevice, StringComparison.Ordinal)
            ? "" : $" (percolation: {r.PercolationDevice})";
        stdout.WriteLine($"ion:       {o.Ion}   grid: {r.Grid.N1}×{r.Grid.N2}×{r.Grid.N3}   device: {r.Device}{percolation}");
        foreach (int d in new[] { 1, 2, 3 })
        {
            var e = r.Percolation.Threshold(d);
            var sp = r.Percolation.Saddle(d);
            stdout.WriteLine(e is double v
                ? string.Create(inv, $"E_{d}D:      {v:0.0000} eV   saddle at ({sp!.Value.X:0.###}, {sp.Value.Y:0.###}, "
                    + $"{sp.Value.Z:0.###})")
                : string.Create(inv, $"E_{d}D:      none below {o.Encut} eV"));
        }
        stdout.WriteLine(string.Create(inv, $"time:      {r.Seconds:0.###} s"));
        ReportValues.WriteWarnings(stderr, source, warnings);
    }
}
