using GpuBv.Chemistry;
using GpuBv.Crystal;

namespace GpuBv.Cli.Options;

/// <summary>A structure read from a file, with its oxidation states assigned when it has meaningful ones.</summary>
/// <param name="Read">The structure as read (no oxidation states guessed).</param>
/// <param name="Assigned">The assignment, with the structure; null when the structure has no meaningful oxidation states.</param>
/// <param name="OxidationReason">Why there is no assignment ("no meaningful oxidation states: ..."); null when there is one.</param>
/// <param name="Warnings">The reader's and the assignment's notes.</param>
internal sealed record LoadedStructure(Structure Read, OxidationResult? Assigned, string? OxidationReason, IReadOnlyList<string> Warnings)
{
    /// <summary>A structure with its oxidation states.</summary>
    public LoadedStructure(OxidationResult oxidation, IReadOnlyList<string> warnings)
        : this(oxidation.Structure, oxidation, null, warnings)
    {
    }

    /// <summary>The assignment; only commands that loaded with states required (<see cref="StructureOptions.Load"/>) may ask.</summary>
    public OxidationResult Oxidation => Assigned
        ?? throw new InvalidOperationException($"{Read.Source} has no oxidation states ({OxidationReason})");

    /// <summary>The structure, with its oxidation states when it has them.</summary>
    public Structure Structure => Assigned?.Structure ?? Read;
}
