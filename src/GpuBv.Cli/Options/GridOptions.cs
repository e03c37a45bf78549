using System.CommandLine;

namespace GpuBv.Cli.Options;

/// <summary>The BVSE grid options (--resolution, --cutoff, --encut); each command words their help for its use.</summary>
internal sealed class GridOptions(string resolution, string cutoff, string encut)
{
    public Option<double> Resolution { get; } = new("--resolution") { Description = resolution, DefaultValueFactory = _ => 0.2 };

    public Option<double> Cutoff { get; } = new("--cutoff") { Description = cutoff, DefaultValueFactory = _ => 10.0 };

    public Option<double> Encut { get; } = new("--encut") { Description = encut, DefaultValueFactory = _ => 5.0 };
}
