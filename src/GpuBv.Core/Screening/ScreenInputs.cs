using GpuBv.Compute;
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
    /// <param name="inputs">Files, folders, lists and archives.</param>
    /// <param name="memory">The budget of one structure's work: a file read whole must fit it
    /// (<see cref="IO.Structures.StructureReader.MaxReadBytes"/>); null: the default budget.</param>
    public static IEnumerable<ScreenItem> Enumerate(IEnumerable<string> inputs, MemoryBudget? memory = null)
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
                    foreach (var item in FileItems(name, full, memory))
                        yield return item;
                }
            }
            else if (File.Exists(input) && IsArchive(input))
            {
                foreach (var item in ArchiveItems(input, memory))
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
                    foreach (var item in FileItems(Normalize(line), path, memory))
                        yield return item;
                }
            }
            else if (File.Exists(input))
            {
                foreach (var item in FileItems(Normalize(input), input, memory))
                    yield return item;
            }
            else
                throw new InputException(input, "", "no such file or folder");
        }
    }

    private static string Normalize(string p) => p.Replace('\\', '/');

    private static ScreenItem FileItem(string name, string path, MemoryBudget? memory) => new(name, () =>
    {
        // Checked before opening: a FIFO would block the open itself, a device would never end.
        if (FileKind.NotRegular(path) is string kind)
        {
            throw new InputException(name, "", $"not a regular file: it is {kind}");
        }
        return IO.Structures.StructureReader.ReadText(path, memory);
    });

    /// <summary>
    /// The items of one file: a CIF (also a <c>.cif.gz</c>) with several data blocks with atoms is one structure per block,
    /// named <c>file!block</c>, each reading only its block's lines; any other file is one item.
    /// </summary>
    private static IEnumerable<ScreenItem> FileItems(string name, string path, MemoryBudget? memory)
    {
        List<CifBlockSpan>? blocks = null;
        DecodedText? decoded = null;
        if (path.EndsWith(".cif", StringComparison.OrdinalIgnoreCase))
        {
            blocks = CifBlocks.WithAtoms(path);
        }
        else if (path.EndsWith(".cif.gz", StringComparison.OrdinalIgnoreCase) && FileKind.NotRegular(path) is null)
        {
            blocks = ScanOrNull(() => IO.SafeText.OpenRead(path));
            decoded = new DecodedText(() => IO.Structures.StructureReader.ReadBytes(path, memory));
        }
        if (blocks is null || blocks.Count < 2)
        {
            yield return FileItem(name, path, memory);
            yield break;
        }
        foreach (var (itemName, block) in BlockNames(name, blocks))
        {
            yield return decoded is null
                ? new ScreenItem(itemName, () => CifBlocks.ReadBlock(path, itemName, block))
                : new ScreenItem(itemName, () => decoded.Block(block));
        }
    }

    /// <summary>Each block's item name, <c>name!block</c>, made unique (<c>#2</c>, <c>#3</c>...) when names repeat.</summary>
    private static IEnumerable<(string Name, CifBlockSpan Block)> BlockNames(string name, List<CifBlockSpan> blocks)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in blocks)
        {
            string block = b.Name;
            for (int k = 2; !used.Add(block); k++)
            {
                block = $"{b.Name}#{k}";
            }
            yield return ($"{name}!{block}", b);
        }
    }

    /// <summary>
    /// The blocks with atoms of a decompressed CIF stream, or null when it cannot be scanned (unreadable, truncated,
    /// binary): its reading as one item then reports the problem.
    /// </summary>
    private static List<CifBlockSpan>? ScanOrNull(Func<Stream> open)
    {
        try
        {
            using var stream = open();
            return CifBlocks.Scan(stream);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The items of one archive entry: as <see cref="FileItems"/>, a CIF entry with several blocks with atoms is one item per
    /// block (<c>archive!entry!block</c>), decoded once and sliced.
    /// </summary>
    private static IEnumerable<ScreenItem> EntryItems(string name, string entry, Func<Stream> open, MemoryBudget? memory)
    {
        string plain = entry.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? entry[..^3] : entry;
        Func<byte[]> bytes = () =>
        {
            using var s = open();
            return DecodeBytes(s, entry, name, IO.Structures.StructureReader.MaxReadBytes(memory));
        };
        List<CifBlockSpan>? blocks = null;
        if (plain.EndsWith(".cif", StringComparison.OrdinalIgnoreCase))
        {
            blocks = ScanOrNull(() => new MemoryStream(TryBytes(bytes) ?? []));
        }
        if (blocks is null || blocks.Count < 2)
        {
            yield return new ScreenItem(name, () => Encoding.UTF8.GetString(bytes()));
            yield break;
        }
        var decoded = new DecodedText(bytes);
        foreach (var (itemName, block) in BlockNames(name, blocks))
        {
            yield return new ScreenItem(itemName, () => decoded.Block(block));
        }
    }

    private static byte[]? TryBytes(Func<byte[]> bytes)
    {
        try
        {
            return bytes();
        }
        catch (InputException)
        {
            return null;
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

    private static IEnumerable<ScreenItem> ArchiveItems(string archive, MemoryBudget? memory)
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
            {
                foreach (var item in EntryItems($"{name}!{entry}", entry, () => new ZipEntryStream(archive, entry), memory))
                {
                    yield return item;
                }
            }
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
                // An entry too large to read is kept as its first bytes past the limit, so its item reports the size.
                long limit = IO.Structures.StructureReader.MaxReadBytes(memory);
                texts.Add((e.Name.TrimStart('.', '/'), CopyAtMost(e.DataStream, limit + 1)));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InputException(archive, "", $"not a readable tar archive ({ex.Message})");
        }
        foreach (var (entry, data) in texts.OrderBy(t => t.entry, StringComparer.Ordinal))
        {
            foreach (var item in EntryItems($"{name}!{entry}", entry, () => new MemoryStream(data, writable: false), memory))
            {
                yield return item;
            }
        }
    }

    private static byte[] DecodeBytes(Stream s, string entry, string display, long limit)
    {
        byte[] bytes;
        if (entry.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var gz = new GZipStream(s, CompressionMode.Decompress);
                bytes = CopyAtMost(gz, limit + 1);
            }
            catch (InvalidDataException)
            {
                throw new InputException(display, "", "not a valid gzip file");
            }
        }
        else
        {
            bytes = CopyAtMost(s, limit + 1);
        }
        if (bytes.Length > limit)
        {
            throw new InputException(display, "", $"the entry is larger than the {MemoryBudget.Format(limit)} read at once "
                + $"(the memory budget, {InputException.Ref(InputParameter.Memory)}, over the memory reading needs)");
        }
        int n = Math.Min(bytes.Length, 1 << 16);
        for (int i = 0; i < n; i++)
        {
            if (bytes[i] == 0)
            {
                throw new InputException(display, $"byte {i}", "binary content: this is not a text structure file");
            }
        }
        return bytes;
    }

    /// <summary>The bytes of <paramref name="s"/>, stopping after <paramref name="most"/>.</summary>
    private static byte[] CopyAtMost(Stream s, long most)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while (ms.Length < most && (n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, most - ms.Length))) > 0)
        {
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    /// <summary>A zip entry's data stream that owns (and closes) its archive.</summary>
    private sealed class ZipEntryStream(string archive, string entry) : Stream
    {
        private readonly ZipArchive _zip = ZipFile.OpenRead(archive);
        private Stream? _inner;

        private Stream Inner => _inner ??= _zip.GetEntry(entry)!.Open();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner?.Dispose();
                _zip.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
