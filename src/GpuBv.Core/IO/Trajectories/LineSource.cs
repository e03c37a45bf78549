using System.Globalization;
using System.Text;
using GpuBv.Chemistry;

namespace GpuBv.IO.Trajectories;

/// <summary>
/// Line-numbered reading of a text for the trajectory readers: one line of push-back, and every read failure
/// (corrupt <c>.gz</c> data, I/O errors) turned into an <see cref="InputException"/> naming the file, frame and line.
/// </summary>
internal sealed class LineSource : IDisposable
{
    private readonly TextReader _reader;
    private string? _pushed;

    /// <summary>Wraps <paramref name="reader"/> (which this object disposes).</summary>
    public LineSource(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        File = file ?? "";
    }

    /// <summary>The file name used in messages.</summary>
    public string File { get; }

    /// <summary>Number (1-based) of the line last returned by <see cref="Next"/>; 0 before the first.</summary>
    public int Line { get; private set; }

    /// <summary>The 1-based frame being read, for messages.</summary>
    public int Frame { get; set; } = 1;

    /// <summary>The next line, or null at the end of the text.</summary>
    public string? Next()
    {
        if (_pushed is not null)
        {
            var p = _pushed;
            _pushed = null;
            Line++;
            return p;
        }
        string? line;
        try
        {
            line = _reader.ReadLine();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or DecoderFallbackException or ObjectDisposedException)
        {
            throw new InputException(File, Place(Line + 1), $"the file cannot be read ({e.Message})", e);
        }
        if (line is not null)
            Line++;
        return line;
    }

    /// <summary>Gives <paramref name="line"/> (the line last read) back, so that the next <see cref="Next"/> returns it again.</summary>
    public void PushBack(string line)
    {
        _pushed = line;
        Line--;
    }

    /// <summary>"frame F, line L" for the current frame and the given line.</summary>
    public string Place(int line) => string.Create(CultureInfo.InvariantCulture, $"frame {Frame}, line {line}");

    /// <summary>An input error at the line last read.</summary>
    public InputException Error(string problem) => new(File, Place(Math.Max(Line, 1)), problem);

    /// <summary>
    /// Atom line <paramref name="atom"/> (0-based) of the <paramref name="atoms"/> lines of a frame; a missing one means
    /// the frame was cut short, an <see cref="InputException"/> saying so.
    /// </summary>
    public string NextAtomLine(int atom, int atoms)
        => Next() ?? throw Error($"the file ends after {atom} of {atoms} atom lines (truncated frame)");

    /// <summary>An input error at line <paramref name="line"/>.</summary>
    public InputException ErrorAt(int line, string problem) => new(File, Place(Math.Max(line, 1)), problem);

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}
