namespace GpuBv.Screening;

/// <summary>One structure to screen: its name as written in every output, and how to read its text.</summary>
/// <param name="Name">The path as composed from the INPUT given (folder + relative path, a listed path, or
/// <c>archive.tar.gz!path/inside.cif</c>); shards and resume key on it.</param>
/// <param name="Read">Returns the file's text (decompressing <c>.gz</c>); throws <see cref="InputException"/> when unreadable.</param>
public sealed record ScreenItem(string Name, Func<string> Read);
