using GpuBv.Crystal;

namespace GpuBv.Screening;

/// <summary>One structure to screen: its name as written in every output, and how to read its text.</summary>
/// <param name="Name">The path as composed from the INPUT given (folder + relative path, a listed path, or
/// <c>archive.tar.gz!path/inside.cif</c>); shards and resume key on it.</param>
/// <param name="Read">Returns the file's text (decompressing <c>.gz</c>); throws <see cref="InputException"/> when unreadable.</param>
public sealed record ScreenItem(string Name, Func<string> Read)
{
    /// <summary>Returns the structure already read (a front end holding structures in memory); null: parse <see cref="Read"/>.</summary>
    public Func<Structure>? Structure { get; init; }

    /// <summary>An item for a structure in memory, screened as it is (its reader's findings included).</summary>
    /// <param name="name">The name its row carries.</param>
    /// <param name="structure">The structure.</param>
    public static ScreenItem Of(string name, Structure structure)
    {
        ArgumentNullException.ThrowIfNull(structure);
        return new ScreenItem(name, () => throw new InvalidOperationException("a structure item has no text"))
        {
            Structure = () => structure,
        };
    }
}
