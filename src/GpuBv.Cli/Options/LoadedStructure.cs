using GpuBv.Chemistry;
using GpuBv.Crystal;

namespace GpuBv.Cli.Options;

/// <summary>A structure read from a file with its oxidation states assigned.</summary>
/// <param name="Oxidation">The assignment, with the structure.</param>
/// <param name="Warnings">The reader's and the assignment's notes.</param>
internal sealed record LoadedStructure(OxidationResult Oxidation, IReadOnlyList<string> Warnings)
{
    /// <summary>The structure with its oxidation states.</summary>
    public Structure Structure => Oxidation.Structure;
}
