using GpuBv.Compute;
using GpuBv.IO;
using System.Text;
using GpuBv.Crystal;

namespace GpuBv.IO.Structures;

/// <summary>
/// Reads any supported structure file into a <see cref="Structure"/>: picks the format from the name
/// (<c>.cif</c>; <c>POSCAR*</c>, <c>CONTCAR*</c>, <c>.vasp</c>, <c>.poscar</c>; <c>.xyz</c>, <c>.extxyz</c>; a trailing
/// <c>.gz</c> is decompressed) or else the content, and turns every problem with the input into an
/// <see cref="InputException"/> (empty file, binary content, unreadable file, syntax).
/// </summary>
public static class StructureReader
{
    /// <summary>
    /// Peak memory of reading a structure file whole, per byte of its text: the bytes, the string, the tokens and the sites
    /// built from them (measured: a 39 MB P 1 CIF of 10^6 atoms peaks at 1.3 GB, about 33 bytes per byte).
    /// </summary>
    public const int PeakBytesPerFileByte = 40;

    /// <summary>
    /// The largest file read whole under <paramref name="memory"/> (null: <see cref="MemoryBudget.Default"/>): the budget
    /// over <see cref="PeakBytesPerFileByte"/>, and never more than <see cref="SafeText.MaxFileBytes"/>.
    /// </summary>
    /// <param name="memory">The budget.</param>
    public static long MaxReadBytes(MemoryBudget? memory = null)
        => Math.Min(SafeText.MaxFileBytes, MemoryBudget.Or(memory).Bytes / PeakBytesPerFileByte);

    /// <summary>Reads a structure file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">Its format (Auto: from the name, else the content).</param>
    /// <param name="cifOptions">CIF block and merging.</param>
    /// <param name="memory">The memory budget reading must fit (null: <see cref="MemoryBudget.Default"/>).</param>
    public static Structure ReadFile(string path, StructureFormat format = StructureFormat.Auto, CifReadOptions? cifOptions = null,
        MemoryBudget? memory = null)
    {
        string text = ReadText(path, memory);
        return Read(text, path, format, cifOptions);
    }

    /// <summary>The name standard input goes by in messages.</summary>
    public const string StdinName = "<stdin>";

    /// <summary>
    /// Reads a structure from a stream (standard input), which has no name to tell the format by:
    /// <paramref name="format"/> must be given. Empty, binary or too large input is an <see cref="InputException"/>
    /// naming <see cref="StdinName"/>.
    /// </summary>
    /// <param name="stream">The stream, read to its end.</param>
    /// <param name="format">The format (not <see cref="StructureFormat.Auto"/>).</param>
    /// <param name="cifOptions">CIF block and merging.</param>
    /// <param name="memory">The memory budget reading must fit (null: <see cref="MemoryBudget.Default"/>).</param>
    public static Structure ReadStream(Stream stream, StructureFormat format, CifReadOptions? cifOptions = null,
        MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (format == StructureFormat.Auto)
        {
            throw new InputException(StdinName, "", $"standard input has no file name to tell its format by; give "
                + $"{InputException.Ref(InputParameter.Format)} (cif, poscar or extxyz)");
        }
        byte[] bytes;
        try
        {
            bytes = SafeText.ReadAllBytes(stream, MaxReadBytes(memory));
        }
        catch (SafeText.BinaryContentException e)
        {
            throw new InputException(StdinName, $"byte {e.Offset}", "binary content: this is not a text structure file");
        }
        catch (IOException e)
        {
            throw new InputException(StdinName, "", $"cannot read: {e.Message}");
        }
        return Read(Encoding.UTF8.GetString(bytes), StdinName, format, cifOptions);
    }

    /// <summary>Reads a structure from text; <paramref name="fileName"/> names it in errors and decides the format under Auto.</summary>
    public static Structure Read(string text, string fileName, StructureFormat format = StructureFormat.Auto,
        CifReadOptions? cifOptions = null)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InputException(fileName, "", "the file is empty");
        if (format == StructureFormat.Auto)
            format = Detect(fileName, text);
        try
        {
            return format switch
            {
                StructureFormat.Cif => CifReader.Read(text, fileName, cifOptions),
                StructureFormat.Poscar => PoscarReader.Read(new StringReader(text), fileName),
                StructureFormat.ExtXyz => ExtXyzReader.Read(new StringReader(text), fileName),
                _ => throw new InputException(fileName, "", "unknown structure format"),
            };
        }
        catch (InputException)
        {
            throw;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException or
            KeyNotFoundException)
        {
            // A reader must name the place itself; this is the net under it so no input ever ends in a stack trace.
            throw new InputException(fileName, "", $"cannot read as {format}: {e.Message}");
        }
    }

    /// <summary>Reads the text of a file (gzip-decompressed for <c>.gz</c>), refusing missing, unreadable and binary files.</summary>
    /// <param name="path">The file.</param>
    /// <param name="memory">The memory budget reading must fit (null: <see cref="MemoryBudget.Default"/>).</param>
    public static string ReadText(string path, MemoryBudget? memory = null) => Encoding.UTF8.GetString(ReadBytes(path, memory));

    /// <summary>
    /// Reads the bytes of a text file (gzip-decompressed for <c>.gz</c>), refusing missing, unreadable and binary files
    /// and files larger than <see cref="MaxReadBytes"/> with an <see cref="InputException"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="memory">The memory budget reading must fit (null: <see cref="MemoryBudget.Default"/>).</param>
    public static byte[] ReadBytes(string path, MemoryBudget? memory = null)
    {
        byte[] bytes;
        long limit = MaxReadBytes(memory);
        try
        {
            bytes = SafeText.ReadAllBytes(path, limit);
        }
        catch (SafeText.TooLargeException e)
        {
            string why = e.Limit < SafeText.MaxFileBytes
                ? $"; reading needs about {PeakBytesPerFileByte} bytes of memory per byte of text and the memory budget is "
                    + $"{MemoryBudget.Or(memory)} ({InputException.Ref(InputParameter.Memory)})"
                : "";
            throw new InputException(path, "", e.Message + why);
        }
        catch (SafeText.BinaryContentException e)
        {
            throw new InputException(path, $"byte {e.Offset}", "binary content: this is not a text structure file");
        }
        catch (FileNotFoundException)
        {
            throw new InputException(path, "", "no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new InputException(path, "", "no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(path, "", "permission denied (or it is a directory)");
        }
        catch (InvalidDataException e)
        {
            bool gz = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            bool own = e.Message.StartsWith(SafeText.TruncatedGzip, StringComparison.Ordinal);
            throw new InputException(path, "", gz && !own ? $"not a valid gzip file: {e.Message}" : e.Message);
        }
        catch (IOException e)
        {
            throw new InputException(path, "", $"cannot read: {e.Message}");
        }

        int offset = SafeText.BinaryOffset(bytes.AsSpan(0, Math.Min(bytes.Length, 1 << 16)));
        if (offset >= 0)
            throw new InputException(path, $"byte {offset}", "binary content: this is not a text structure file");
        return bytes;
    }

    private static StructureFormat Detect(string fileName, string text)
    {
        var name = Path.GetFileName(fileName);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            name = name[..^3];
        var lower = name.ToLowerInvariant();
        if (lower.EndsWith(".cif") || lower.EndsWith(".mcif"))
            return StructureFormat.Cif;
        if (lower.EndsWith(".vasp") || lower.EndsWith(".poscar") || lower.StartsWith("poscar") || lower.StartsWith("contcar"))
            return StructureFormat.Poscar;
        if (lower.EndsWith(".xyz") || lower.EndsWith(".extxyz"))
            return StructureFormat.ExtXyz;
        // Content sniffing.
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
                continue;
            if (line.StartsWith("data_", StringComparison.OrdinalIgnoreCase))
                return StructureFormat.Cif;
            break;
        }
        var lines = text.Split('\n', 3);
        if (lines.Length >= 2 && int.TryParse(lines[0].Trim(), out _) && lines[1].Contains("Lattice=", StringComparison.OrdinalIgnoreCase))
            return StructureFormat.ExtXyz;
        return text.Contains("data_", StringComparison.OrdinalIgnoreCase) && text.Contains("_cell_length",
            StringComparison.OrdinalIgnoreCase)
            ? StructureFormat.Cif : StructureFormat.Poscar;
    }
}
