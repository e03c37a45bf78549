using System.Text;

namespace GpuBv.Screening;

/// <summary>One data block of a CIF: its name and where its lines are in the file.</summary>
/// <param name="Name">The name after <c>data_</c>.</param>
/// <param name="Offset">Byte offset of its <c>data_</c> line.</param>
/// <param name="Length">Bytes up to the next block (or the end of the file).</param>
public readonly record struct CifBlockSpan(string Name, long Offset, long Length);

/// <summary>
/// Finds the data blocks with atom sites of a CIF in one streaming pass (bounded memory, no parse), so a screen makes
/// one structure per block, and reads one block's lines alone (so 10^4 blocks are not 10^4 parses of the whole file).
/// A compressed CIF or an archive entry is scanned the same way after decompression (<see cref="Scan"/>).
/// </summary>
public static class CifBlocks
{
    private static readonly string[] AtomTags = ["_atom_site_fract_x", "_atom_site_cartn_x", "_atom_site.fract_x", "_atom_site.cartn_x"];

    /// <summary>
    /// The blocks of <paramref name="path"/> that have atom sites, in file order; null when the file is not a regular
    /// file, cannot be read, or looks binary (its reading then reports that).
    /// </summary>
    /// <param name="path">The CIF.</param>
    public static List<CifBlockSpan>? WithAtoms(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (FileKind.NotRegular(path) is not null)
        {
            return null;
        }
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            return Scan(fs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The blocks with atom sites of the CIF text in <paramref name="stream"/> (already decompressed), in order, with
    /// offsets into that text; null when it looks binary (a NUL byte).
    /// </summary>
    /// <param name="stream">The CIF's bytes.</param>
    public static List<CifBlockSpan>? Scan(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var all = new List<(string Name, long Offset, bool Atoms)>();
        var buf = new byte[1 << 16];
        var token = new byte[256];
        int tokenLength = 0;
        int phase = 0; // 0: leading blanks, 1: first token, 2: rest of the line
        long lineOffset = 0;
        long position = 0;
        int n;
        while ((n = stream.Read(buf, 0, buf.Length)) > 0)
        {
            for (int i = 0; i < n; i++, position++)
            {
                byte c = buf[i];
                if (c == 0)
                {
                    return null;
                }
                if (c == '\n' || c == '\r')
                {
                    if (phase == 1)
                    {
                        Token(all, token.AsSpan(0, tokenLength), lineOffset);
                    }
                    phase = 0;
                    tokenLength = 0;
                    lineOffset = position + 1;
                }
                else if (phase == 0 && (c == ' ' || c == '\t'))
                {
                    continue;
                }
                else if (phase <= 1)
                {
                    if (c == ' ' || c == '\t')
                    {
                        Token(all, token.AsSpan(0, tokenLength), lineOffset);
                        phase = 2;
                    }
                    else
                    {
                        phase = 1;
                        if (tokenLength < token.Length)
                        {
                            token[tokenLength++] = c;
                        }
                    }
                }
            }
        }
        if (phase == 1)
        {
            Token(all, token.AsSpan(0, tokenLength), lineOffset);
        }
        var spans = new List<CifBlockSpan>();
        for (int b = 0; b < all.Count; b++)
        {
            long end = b + 1 < all.Count ? all[b + 1].Offset : position;
            if (all[b].Atoms)
            {
                spans.Add(new CifBlockSpan(all[b].Name, all[b].Offset, end - all[b].Offset));
            }
        }
        return spans;
    }

    private static void Token(List<(string Name, long Offset, bool Atoms)> blocks, ReadOnlySpan<byte> token, long lineOffset)
    {
        if (token.Length >= 5 && Ascii.EqualsIgnoreCase(token[..5], "data_"u8))
        {
            blocks.Add((Encoding.UTF8.GetString(token[5..]), lineOffset, false));
            return;
        }
        if (blocks.Count == 0 || token.Length == 0 || token[0] != '_')
        {
            return;
        }
        foreach (var tag in AtomTags)
        {
            if (token.Length == tag.Length && Ascii.EqualsIgnoreCase(token, tag))
            {
                blocks[^1] = blocks[^1] with { Atoms = true };
                return;
            }
        }
    }

    /// <summary>The text of one block of <paramref name="path"/> (its lines only), for reading as a CIF of its own.</summary>
    /// <param name="path">The CIF.</param>
    /// <param name="display">The structure's name in errors.</param>
    /// <param name="block">The block.</param>
    public static string ReadBlock(string path, string display, CifBlockSpan block)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            fs.Seek(block.Offset, SeekOrigin.Begin);
            var bytes = new byte[block.Length];
            fs.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(display, "", $"cannot read: {e.Message}");
        }
    }
}
