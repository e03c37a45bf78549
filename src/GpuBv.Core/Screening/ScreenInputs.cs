using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace GpuBv.Screening;

/// <summary>
/// Expands screening inputs: structure files, folders (recursive: <c>*.cif</c>, <c>*.cif.gz</c>, <c>*.vasp</c>,
/// <c>*.poscar</c>, <c>POSCAR*</c>, <c>CONTCAR*</c>), text files listing paths (<c>.txt</c>/<c>.list</c>, one per line, <c>#</c>
/// comments; relative paths resolved against the list's folder), and <c>.tar</c>, <c>.tar.gz</c>/<c>.tgz</c>, <c>.zip</c>
/// archives, read entry by entry without unpacking to disk. Order is stable: inputs in the order given, folder and
/// archive entries sorted by name.
/// </summary>
public static class ScreenInputs
{
    /// <summary>True for names GpuBv screens when it finds them in folders and archives.</summary>
    public static bool IsStructureName(string name)
    {
        var n = Path.GetFileName(name).ToLowerInvariant();
        if (n.EndsWith(".gz"))
            n = n[..^3];
        return n.EndsWith(".cif") || n.EndsWith(".vasp") || n.EndsWith(".poscar") || n.StartsWith("poscar") || n.StartsWith("contcar");
    }

    private static bool IsArchive(string p)
    {
        var l = p.ToLowerInvariant();
        return l.EndsWith(".zip") || l.EndsWith(".tar") || l.EndsWith(".tar.gz") || l.EndsWith(".tgz");
    }

    private static bool IsList(string p)
    {
        var l = p.ToLowerInvariant();
        return l.EndsWith(".txt") || l.EndsWith(".list") || l.EndsWith(".lst");
    }

    /// <summary>Expands <paramref name="inputs"/>; a missing input is an <see cref="InputException"/>.</summary>
    public static IEnumerable<ScreenItem> Enumerate(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var root = input.TrimEnd('/', '\\');
                var files = FolderFiles(input)
                    .Where(IsStructureName)
                    .Select(f => (full: f, name: Normalize(Path.Combine(root, Path.GetRelativePath(input, f)))))
                    .OrderBy(x => x.name, StringComparer.Ordinal);
                foreach (var (full, name) in files)
                {
                    foreach (var item in FileItems(name, full))
                        yield return item;
                }
            }
            else if (File.Exists(input) && IsArchive(input))
            {
                foreach (var item in ArchiveItems(input))
                    yield return item;
            }
            else if (File.Exists(input) && IsList(input))
            {
                var dir = Path.GetDirectoryName(input) ?? "";
                int lineNo = 0;
                foreach (var raw in File.ReadLines(input))
                {
                    lineNo++;
                    var line = raw.Trim();
                    if (line.Length == 0 || line.StartsWith('#'))
                        continue;
                    var path = File.Exists(line) || Path.IsPathRooted(line) ? line : Path.Combine(dir, line);
                    foreach (var item in FileItems(Normalize(line), path))
                        yield return item;
                }
            }
            else if (File.Exists(input))
            {
                foreach (var item in FileItems(Normalize(input), input))
                    yield return item;
            }
            else
                throw new InputException(input, "", "no such file or folder");
        }
    }

    private static string Normalize(string p) => p.Replace('\\', '/');

    private static ScreenItem FileItem(string name, string path) => new(name, () =>
    {
        // Checked before opening: a FIFO would block the open itself, a device would never end.
        if (FileKind.NotRegular(path) is string kind)
        {
            throw new InputException(name, "", $"not a regular file: it is {kind}");
        }
        return IO.Structures.StructureReader.ReadText(path);
    });

    /// <summary>
    /// The items of one file: a CIF with several data blocks with atoms is one structure per block, named
    /// <c>file!block</c>, each reading only its block's lines; any other file is one item.
    /// </summary>
    private static IEnumerable<ScreenItem> FileItems(string name, string path)
    {
        var blocks = path.EndsWith(".cif", StringComparison.OrdinalIgnoreCase) ? CifBlocks.WithAtoms(path) : null;
        if (blocks is null || blocks.Count < 2)
        {
            yield return FileItem(name, path);
            yield break;
        }
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in blocks)
        {
            string block = b.Name;
            for (int k = 2; !used.Add(block); k++)
                block = $"{b.Name}#{k}";
            string itemName = $"{name}!{block}";
            yield return new ScreenItem(itemName, () => CifBlocks.ReadBlock(path, itemName, b));
        }
    }

    /// <summary>
    /// The files under <paramref name="folder"/>, recursively, following each real folder once: a symbolic link to a
    /// folder already walked (its parent, a loop) is not followed again.
    /// </summary>
    private static List<string> FolderFiles(string folder)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(string Path, string Real)>();
        stack.Push((folder, RealPath(folder)));
        while (stack.Count > 0)
        {
            var (path, real) = stack.Pop();
            if (!seen.Add(real))
            {
                continue;
            }
            IEnumerable<string> subfolders;
            try
            {
                files.AddRange(Directory.EnumerateFiles(path));
                subfolders = Directory.EnumerateDirectories(path).OrderByDescending(d => d, StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                continue;
            }
            foreach (var sub in subfolders)
            {
                var info = new DirectoryInfo(sub);
                string subReal = info.LinkTarget is null ? Path.Combine(real, info.Name) : RealPath(sub);
                stack.Push((sub, subReal));
            }
        }
        return files;
    }

    private static string RealPath(string folder)
    {
        try
        {
            var target = Directory.ResolveLinkTarget(folder, returnFinalTarget: true);
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(target?.FullName ?? folder));
        }
        catch (IOException)
        {
            return Path.GetFullPath(folder);
        }
    }

    private static IEnumerable<ScreenItem> ArchiveItems(string archive)
    {
        var name = Normalize(archive);
        var lower = archive.ToLowerInvariant();
        if (lower.EndsWith(".zip"))
        {
            List<string> entries;
            try
            {
                using var zip = ZipFile.OpenRead(archive);
                entries = zip.Entries
                    .Where(e => e.Length > 0 && IsStructureName(e.FullName))
                    .Select(e => e.FullName)
                    .OrderBy(e => e, StringComparer.Ordinal)
                    .ToList();
            }
            catch (InvalidDataException)
            {
                throw new InputException(archive, "", "not a readable zip archive");
            }
            foreach (var entry in entries)
                yield return new ScreenItem($"{name}!{entry}", () =>
                {
                    using var zip = ZipFile.OpenRead(archive);
                    using var s = zip.GetEntry(entry)!.Open();
                    return Decode(s, entry, $"{name}!{entry}");
                });
            yield break;
        }
        // tar / tar.gz: stream once, keeping only the structure files' text (archives of CIFs are text-sized).
        var texts = new List<(string entry, byte[] data)>();
        try
        {
            using Stream fs = File.OpenRead(archive);
            using Stream s = lower.EndsWith(".tar") ? fs : new GZipStream(fs, CompressionMode.Decompress);
            using var tar = new TarReader(s);
            TarEntry? e;
            while ((e = tar.GetNextEntry()) is not null)
            {
                if (e.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || e.DataStream is null)
                    continue;
                if (!IsStructureName(e.Name))
                    continue;
                using var ms = new MemoryStream();
                e.DataStream.CopyTo(ms);
                texts.Add((e.Name.TrimStart('.', '/'), ms.ToArray()));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InputException(archive, "", $"not a readable tar archive ({ex.Message})");
        }
        foreach (var (entry, data) in texts.OrderBy(t => t.entry, StringComparer.Ordinal))
            yield return new ScreenItem($"{name}!{entry}", () => Decode(new MemoryStream(data), entry, $"{name}!{entry}"));
    }

    private static string Decode(Stream s, string entry, string display)
    {
        using var ms = new MemoryStream();
        if (entry.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var gz = new GZipStream(s, CompressionMode.Decompress);
                gz.CopyTo(ms);
            }
            catch (InvalidDataException)
            {
                throw new InputException(display, "", "not a valid gzip file");
            }
        }
        else
            s.CopyTo(ms);
        var bytes = ms.ToArray();
        int n = Math.Min(bytes.Length, 1 << 16);
        for (int i = 0; i < n; i++)
            if (bytes[i] == 0)
                throw new InputException(display, $"byte {i}", "binary content: this is not a text structure file");
        return Encoding.UTF8.GetString(bytes);
    }
}
