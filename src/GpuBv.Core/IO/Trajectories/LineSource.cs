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
        if (line is not null) Line++;
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

    /// <summary>An input error at line <paramref name="line"/>.</summary>
    public InputException ErrorAt(int line, string problem) => new(File, Place(Math.Max(line, 1)), problem);

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}

/// <summary>Small text helpers shared by the trajectory readers (allocation-free token splitting, number parsing).</summary>
internal static class ReaderText
{
    private static Dictionary<int, string>? _byZ;

    /// <summary>
    /// Splits <paramref name="s"/> on blanks and tabs into <paramref name="dest"/>; returns the total number of
    /// tokens, which may exceed <c>dest.Length</c> (only the first <c>dest.Length</c> are stored).
    /// </summary>
    public static int Split(ReadOnlySpan<char> s, Span<Range> dest)
    {
        int n = 0, i = 0;
        while (true)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) i++;
            if (i >= s.Length) return n;
            int start = i;
            while (i < s.Length && s[i] != ' ' && s[i] != '\t' && s[i] != '\r') i++;
            if (n < dest.Length) dest[n] = start..i;
            n++;
        }
    }

    /// <summary>Tokens of a line as strings (for header lines, not for per-atom lines).</summary>
    public static string[] Tokens(string line) => line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when the line holds nothing but white space.</summary>
    public static bool IsBlank(string line) => line.AsSpan().IsWhiteSpace();

    /// <summary>Parses a finite number in invariant culture.</summary>
    public static bool TryNumber(ReadOnlySpan<char> s, out double value)
        => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Parses a whole number in invariant culture.</summary>
    public static bool TryInt(ReadOnlySpan<char> s, out int value)
        => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a 64-bit whole number in invariant culture.</summary>
    public static bool TryLong(ReadOnlySpan<char> s, out long value)
        => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>A token for an error message: at most 40 characters.</summary>
    public static string Shorten(ReadOnlySpan<char> s) => s.Length <= 40 ? s.ToString() : string.Concat(s[..37], "...");

    /// <summary>Invariant-culture integer text.</summary>
    public static string Str(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The element a species token names: an element symbol (any case), a charged symbol (<c>Li+</c>, <c>O2-</c>), or
    /// a POTCAR-style name (<c>Li_sv</c>, <c>Fe/pv</c>).
    /// </summary>
    public static bool TryElement(string token, out string symbol)
    {
        symbol = "";
        if (token.Length == 0) return false;
        if (Element.TryGet(token, out var e)) { symbol = e.Symbol; return true; }
        if (SpeciesSymbol.TryParseTypeSymbol(token, out var el, out _)) { symbol = el; return true; }
        int cut = token.IndexOfAny(['_', '/', '.']);
        if (cut > 0 && Element.TryGet(token[..cut], out e)) { symbol = e.Symbol; return true; }
        return false;
    }

    /// <summary>The element with atomic number <paramref name="z"/>.</summary>
    public static bool TryElementByZ(int z, out string symbol)
    {
        _byZ ??= Element.All.Values.ToDictionary(x => x.Z, x => x.Symbol);
        return _byZ.TryGetValue(z, out symbol!);
    }

    /// <summary>The type map written as in the messages: "1=Li,2=Cl".</summary>
    public const string TypeMapHint = "give the LAMMPS type map with --types, e.g. --types 1=Li,2=In,3=Cl";
}
