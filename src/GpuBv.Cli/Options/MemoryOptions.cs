using System.CommandLine;
using System.Globalization;
using GpuBv.Compute;

namespace GpuBv.Cli.Options;

/// <summary>The --memory option: the budget every grid of a command must fit (Core's <see cref="MemoryBudget"/>).</summary>
internal sealed class MemoryOptions
{
    private static readonly string DefaultPercent = (MemoryBudget.DefaultFraction * 100).ToString("0", CultureInfo.InvariantCulture);

    public Option<string?> Memory { get; } = new("--memory")
    {
        Description = $"Memory budget for reading, grids and buffers, e.g. 4G or 512M (default: {DefaultPercent} % of available memory).",
    };

    /// <summary>The budget given, or null for Core's default.</summary>
    public MemoryBudget? Budget(ParseResult p) => p.GetValue(Memory) is string text ? MemoryBudget.Parse(text) : null;
}
