using System.Text;

namespace GpuBv.Screening;

/// <summary>
/// The decompressed bytes of one file or archive entry whose data blocks are screened one by one: loaded on first use and
/// kept through a weak reference, so the blocks of a file screened together decompress it once, and a screen of many
/// such files does not hold them all (a collected copy is loaded again).
/// </summary>
internal sealed class DecodedText(Func<byte[]> load)
{
    private readonly Func<byte[]> _load = load;
    private readonly Lock _gate = new();
    private WeakReference<byte[]>? _cache;

    /// <summary>The text of <paramref name="block"/> (its bytes from its offset, for its length).</summary>
    /// <param name="block">The block, with offsets into the decompressed bytes.</param>
    public string Block(CifBlockSpan block)
    {
        var bytes = Bytes();
        long end = Math.Min(bytes.LongLength, block.Offset + block.Length);
        return Encoding.UTF8.GetString(bytes, (int)block.Offset, (int)Math.Max(0, end - block.Offset));
    }

    private byte[] Bytes()
    {
        lock (_gate)
        {
            if (_cache is not null && _cache.TryGetTarget(out var held))
            {
                return held;
            }
            var bytes = _load();
            _cache = new WeakReference<byte[]>(bytes);
            return bytes;
        }
    }
}
