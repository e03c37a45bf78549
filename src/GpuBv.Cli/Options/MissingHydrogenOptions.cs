using System.CommandLine;

namespace GpuBv.Cli.Options;

/// <summary><c>--allow-missing-h</c>: compute a structure whose file implies hydrogens that no site gives.</summary>
internal sealed class MissingHydrogenOptions
{
    /// <summary>The flag; without it such a structure is refused (bvse, coupling) or gets an error row (screen).</summary>
    public Option<bool> Allow { get; } = new(ParameterNames.Flag(InputParameter.AllowMissingHydrogens))
    {
        Description = "Compute even when the file implies H atoms (formula, attached hydrogens) that no site gives; "
            + "the energies then lack those ions.",
    };
}
