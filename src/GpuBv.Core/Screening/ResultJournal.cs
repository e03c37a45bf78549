using System.Text;
using System.Text.Json;

namespace GpuBv.Screening;

/// <summary>
/// The durable record of a screen: one JSON line per finished structure, appended and flushed to disk (fsync) before
/// the structure counts as done. After a crash (even <c>kill -9</c>) every line but possibly a torn last one is intact;
/// <see cref="Load"/> drops a torn line, so that structure is simply redone on resume.
/// </summary>
public sealed class ResultJournal : IDisposable
{
    private readonly FileStream _stream;
    private readonly object _lock = new();

    private readonly string _path;

    private ResultJournal(FileStream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    /// <summary>Path of the journal for an output file.</summary>
    public static string PathFor(string output) => output + ".journal";

    /// <summary>Opens for appending (creating it when absent).</summary>
    public static ResultJournal OpenAppend(string path)
    {
        FileStream? fs = null;
        ScreenSession.OutputFile(path, () =>
        {
            // Unbuffered: a write that fails (a full disk) is not retried at close, and what was committed stays.
            fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1);
            // A torn last line from a crash (or a full disk): cut the file back to the last complete line before appending.
            long keep = LastCompleteLineEnd(fs);
            fs.SetLength(keep);
            fs.Seek(0, SeekOrigin.End);
        });
        return new ResultJournal(fs!, path);
    }

    private static long LastCompleteLineEnd(FileStream fs)
    {
        long len = fs.Length;
        if (len == 0)
            return 0;
        var buf = new byte[Math.Min(len, 1 << 20)];
        long pos = len;
        while (pos > 0)
        {
            int n = (int)Math.Min(buf.Length, pos);
            fs.Seek(pos - n, SeekOrigin.Begin);
            fs.ReadExactly(buf, 0, n);
            for (int i = n - 1; i >= 0; i--)
                if (buf[i] == (byte)'\n')
                    return pos - n + i + 1;
            pos -= n;
        }
        return 0;
    }

    /// <summary>Appends a row and forces it to disk; safe to call from several threads.</summary>
    public void Append(ScreenRow row)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(row) + "\n");
        lock (_lock)
        {
            // A failed write (a full disk) may leave a torn last line: resume cuts it off and redoes that structure.
            ScreenSession.OutputFile(_path, () =>
            {
                _stream.Write(bytes);
                _stream.Flush(flushToDisk: true);
            });
        }
    }

    /// <summary>The rows of a journal (none when it does not exist); a torn or unreadable line is skipped.</summary>
    public static List<ScreenRow> Load(string path)
    {
        var rows = new List<ScreenRow>();
        if (!File.Exists(path))
            return rows;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
                continue;
            try
            {
                var row = JsonSerializer.Deserialize<ScreenRow>(line);
                if (row is not null)
                    rows.Add(row);
            }
            catch (JsonException) { /* torn line from a crash: that structure is redone */ }
        }
        return rows;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();
}
