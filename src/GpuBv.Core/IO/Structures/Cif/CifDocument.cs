using System.Globalization;

namespace GpuBv.IO.Structures.Cif;

/// <summary>A parsed CIF file: its data blocks in order.</summary>
public sealed class CifDocument
{
    internal CifDocument(string fileName) { FileName = fileName; }

    /// <summary>The file name used in error messages.</summary>
    public string FileName { get; }
    /// <summary>The data blocks (save frames are skipped).</summary>
    public List<CifBlock> Blocks { get; } = new();
}
