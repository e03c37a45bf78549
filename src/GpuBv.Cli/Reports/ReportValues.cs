using System.Collections.Immutable;
using GpuBv.Cli.Options;
using GpuBv.Crystal;

namespace GpuBv.Cli.Reports;

/// <summary>How every report writes its numbers and shared blocks: energies and coordinates rounded to 6 decimals.</summary>
internal static class ReportValues
{
    /// <summary>An energy (or any value) rounded to 6 decimals; null stays null.</summary>
    public static double? Round6(double? v) => v is double d ? Math.Round(d, 6) : null;

    /// <summary>A fractional position rounded to 6 decimals.</summary>
    public static double[] Frac(Vec3 f) => [Math.Round(f.X, 6), Math.Round(f.Y, 6), Math.Round(f.Z, 6)];

    /// <summary>A fractional position rounded to 6 decimals; null stays null.</summary>
    public static double[]? Frac(Vec3? f) => f is { } v ? Frac(v) : null;

    /// <summary>The <c>oxidation_states</c> block: each element's distinct states, elements in order.</summary>
    public static IReadOnlyDictionary<string, ImmutableArray<double>> OxidationStates(LoadedStructure s) => s.Oxidation.States;

    /// <summary>Writes each warning as <c>gpubv: warning: SOURCE: TEXT</c>.</summary>
    public static void WriteWarnings(TextWriter stderr, string source, IEnumerable<string> warnings)
    {
        foreach (var w in warnings)
        {
            stderr.WriteLine($"gpubv: warning: {source}: {w}");
        }
    }
}
