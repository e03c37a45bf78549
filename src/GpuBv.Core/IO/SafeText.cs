using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace GpuBv.IO;

/// <summary>
/// Bounded, checked reading of input files, so that no file behaves like a stream without end: a gzip stream must
/// end with its trailer (CRC-32 and length), a text line may not exceed <see cref="MaxLineChars"/>, control
/// characters mark binary content, and whole-file reads stop at <see cref="MaxFileBytes"/>.
/// </summary>
public static class SafeText
{
    /// <summary>The longest text line accepted (4 Mi characters): a longer one is binary or garbage.</summary>
    public const int MaxLineChars = 4 << 20;

    /// <summary>The largest file read whole (1 GiB, after decompression): structure files are read whole.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>The message for a gzip stream cut before its end.</summary>
    public const string TruncatedGzip = "gzip stream ends before its end (truncated file)";

    /// <summary>Control characters that never occur in a text input file (all below 32 but tab, LF, VT-free CR, FF, ^Z).</summary>
    internal static readonly SearchValues<char> BinaryChars = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017"
        + "\u0018\u0019\u001B\u001C\u001D\u001E\u001F");

    /// <summary>
    /// Opens <paramref name="path"/> for reading, decompressing it when its name ends in <c>.gz</c> through a stream
    /// that checks the gzip trailer at the end (an <see cref="InvalidDataException"/> saying <see cref="TruncatedGzip"/>
    /// when the data stops before it or disagrees with it).
    /// </summary>
    public static Stream OpenRead(string path)
    {
        Stream s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            return s;
        try
        {
            return new GzipCheckedStream(s);
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A text reader over <paramref name="stream"/> whose lines are bounded by <see cref="MaxLineChars"/> and free of
    /// binary control characters (else an <see cref="InvalidDataException"/> naming the line's problem).
    /// </summary>
    public static TextReader Reader(Stream stream)
        => new CheckedReader(new StreamReader(stream, Encoding.UTF8, true, 1 << 16));

    /// <summary>
    /// Reads a whole file (decompressing <c>.gz</c>), checking the first 64 KiB for binary content before reading on
    /// and refusing more than <paramref name="maxBytes"/> (at most <see cref="MaxFileBytes"/>) before reading when the
    /// size is known and as soon as it is passed when not; problems are <see cref="IOException"/>s: an
    /// <see cref="InvalidDataException"/> for bad gzip data, a <see cref="BinaryContentException"/> for binary content, a
    /// <see cref="TooLargeException"/> for too much.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The most bytes read (after decompression).</param>
    public static byte[] ReadAllBytes(string path, long maxBytes = MaxFileBytes)
    {
        using var s = OpenRead(path);
        if (s is FileStream plain && plain.Length > Math.Min(maxBytes, MaxFileBytes))
        {
            throw new TooLargeException(plain.Length, Math.Min(maxBytes, MaxFileBytes));
        }
        return ReadAllBytes(s, maxBytes);
    }

    /// <summary>
    /// As <see cref="ReadAllBytes(string, long)"/>, for a stream already open (standard input): the binary check on the first
    /// 64 KiB, then at most <paramref name="maxBytes"/> (and never more than <see cref="MaxFileBytes"/>).
    /// </summary>
    /// <param name="s">The stream, read to its end.</param>
    /// <param name="maxBytes">The most bytes read.</param>
    public static byte[] ReadAllBytes(Stream s, long maxBytes = MaxFileBytes)
    {
        ArgumentNullException.ThrowIfNull(s);
        maxBytes = Math.Min(maxBytes, MaxFileBytes);
        var ms = new MemoryStream();
        var buffer = new byte[1 << 16];
        bool checkedHead = false;
        while (true)
        {
            int n = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (!checkedHead)
            {
                checkedHead = true;
                int offset = BinaryOffset(buffer.AsSpan(0, n));
                if (offset >= 0)
                    throw new BinaryContentException(offset);
            }
            if (n == 0)
                break;
            if (ms.Length + n > maxBytes)
                throw new TooLargeException(null, maxBytes);
            ms.Write(buffer, 0, n);
            if (n < buffer.Length)
                break;
        }
        return ms.ToArray();
    }

    /// <summary>Offset of the first byte that marks binary content (NUL or another control character), or −1.</summary>
    public static int BinaryOffset(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (b < 32 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1A)
                return i;
        }
        return -1;
    }

    /// <summary>A file larger than the most that may be read at once.</summary>
    /// <param name="size">Its size when known (a plain file), else null (decompressed past the limit).</param>
    /// <param name="limit">The most bytes that may be read.</param>
    public sealed class TooLargeException(long? size, long limit) : IOException(
        size is long n ? $"the file is {Compute.MemoryBudget.Format(n)}, more than the {Compute.MemoryBudget.Format(limit)} read at once"
            : $"the file is larger than the {Compute.MemoryBudget.Format(limit)} read at once (after decompression)")
    {
        /// <summary>The most bytes that may be read.</summary>
        public long Limit { get; } = limit;
    }

    /// <summary>Binary content found at a byte offset of the (decompressed) file.</summary>
    public sealed class BinaryContentException(int offset) : IOException($"binary content at byte {offset}")
    {
        /// <summary>The offset of the first binary byte.</summary>
        public int Offset { get; } = offset;
    }

    private sealed class CheckedReader(StreamReader inner) : TextReader
    {
        private readonly StreamReader _inner = inner;
        private readonly char[] _buffer = new char[1 << 16];
        private readonly StringBuilder _long = new();
        private int _pos;
        private int _len;
        private bool _end;

        public override int Peek() => Fill() ? _buffer[_pos] : -1;

        public override int Read() => Fill() ? _buffer[_pos++] : -1;

        public override string? ReadLine()
        {
            _long.Clear();
            bool any = false;
            while (Fill())
            {
                any = true;
                var span = _buffer.AsSpan(_pos, _len - _pos);
                int eol = span.IndexOfAny('\n', '\r');
                var part = eol < 0 ? span : span[..eol];
                if (part.ContainsAny(BinaryChars))
                    throw new InvalidDataException("binary content (control characters): this is not a text file");
                if (_long.Length + part.Length > MaxLineChars)
                    throw new InvalidDataException(
                        $"a line longer than {MaxLineChars >> 20} Mi characters: binary or garbage, not a text file");
                if (eol < 0)
                {
                    _long.Append(part);
                    _pos = _len;
                    continue;
                }
                string line = _long.Length == 0 ? new string(part) : _long.Append(part).ToString();
                char c = span[eol];
                _pos += eol + 1;
                if (c == '\r' && Fill() && _buffer[_pos] == '\n')
                    _pos++;
                return line;
            }
            return any ? _long.ToString() : null;
        }

        public override string ReadToEnd()
        {
            var sb = new StringBuilder();
            string? line;
            while ((line = ReadLine()) is not null)
                sb.Append(line).Append('\n');
            return sb.ToString();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _inner.Dispose();
            base.Dispose(disposing);
        }

        private bool Fill()
        {
            if (_pos < _len)
                return true;
            if (_end)
                return false;
            _pos = 0;
            _len = _inner.Read(_buffer, 0, _buffer.Length);
            if (_len == 0)
                _end = true;
            return _len > 0;
        }
    }

    /// <summary>
    /// Decompresses gzip and, at the end of the data, checks the file's last 8 bytes (CRC-32, length). A file of several
    /// members (<c>cat a.gz b.gz</c>, bgzip) ends with the trailer of its last member only: the last
    /// <see cref="MaxLastMember"/> bytes of output are kept, and a trailer that matches them (not the whole output)
    /// is accepted. A last member longer than that cannot be checked and is accepted as read.
    /// </summary>
    private sealed class GzipCheckedStream : Stream
    {
        private static readonly uint[] Table = MakeTable();
        private readonly Stream _file;
        private readonly GZipStream _gzip;
        private readonly bool _check;
        private readonly uint _crcWanted;
        private readonly uint _sizeWanted;
        private uint _crc = 0xFFFFFFFFu;
        private long _size;
        private bool _verified;

        // The last output bytes, for a trailer that belongs to the last of several members (ring buffer).
        private const int MaxLastMember = 32 << 20;
        private readonly byte[] _tail = [];
        private long _tailWritten;

        public GzipCheckedStream(Stream file)
        {
            _file = file;
            if (file.CanSeek)
            {
                if (file.Length < 18)
                    throw new InvalidDataException(TruncatedGzip);
                Span<byte> trailer = stackalloc byte[8];
                file.Seek(-8, SeekOrigin.End);
                file.ReadExactly(trailer);
                file.Seek(0, SeekOrigin.Begin);
                _crcWanted = BitConverter.ToUInt32(trailer[..4]);
                _sizeWanted = BitConverter.ToUInt32(trailer[4..]);
                _check = true;
                if (_sizeWanted <= MaxLastMember)
                    _tail = new byte[Math.Max(1, (int)_sizeWanted)];
            }
            _gzip = new GZipStream(file, CompressionMode.Decompress);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _size; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = _gzip.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"corrupt or truncated gzip data ({e.Message})", e);
            }
            if (n > 0)
            {
                uint crc = _crc;
                foreach (byte b in buffer[..n])
                    crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
                _crc = crc;
                _size += n;
                KeepTail(buffer[..n]);
            }
            else if (buffer.Length > 0 && _check && !_verified)
            {
                _verified = true;
                bool whole = (_crc ^ 0xFFFFFFFFu) == _crcWanted && (uint)_size == _sizeWanted;
                if (!whole && !LastMemberMatches())
                    throw new InvalidDataException(TruncatedGzip);
            }
            return n;
        }

        public override void Flush()
        {
        }

        private void KeepTail(ReadOnlySpan<byte> data)
        {
            if (_tail.Length == 0)
                return;
            if (data.Length >= _tail.Length)
                data = data[^_tail.Length..];
            int at = (int)(_tailWritten % _tail.Length);
            int first = Math.Min(data.Length, _tail.Length - at);
            data[..first].CopyTo(_tail.AsSpan(at));
            data[first..].CopyTo(_tail);
            _tailWritten += data.Length;
        }

        /// <summary>
        /// True when the trailer is that of a last member: its length is shorter than the output and the CRC of the
        /// last that many bytes matches; also true when such a member is too long to have been kept (unverifiable).
        /// </summary>
        private bool LastMemberMatches()
        {
            if (_sizeWanted >= _size)
                return false;
            if (_tail.Length == 0)
                return true;
            if (_sizeWanted == 0)
                return _crcWanted == 0;
            int len = (int)_sizeWanted;
            int start = (int)((_tailWritten - len) % _tail.Length);
            uint crc = 0xFFFFFFFFu;
            for (int i = 0; i < len; i++)
                crc = Table[(crc ^ _tail[(start + i) % _tail.Length]) & 0xFF] ^ (crc >> 8);
            return (crc ^ 0xFFFFFFFFu) == _crcWanted;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gzip.Dispose();
                _file.Dispose();
            }
            base.Dispose(disposing);
        }

        private static uint[] MakeTable()
        {
            var t = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++)
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[i] = c;
            }
            return t;
        }
    }
}
