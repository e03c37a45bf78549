namespace GpuBv.IO.Structures.Cif;

/// <summary>
/// Reads CIF 1.1 and CIF 2.0 syntax into a <see cref="CifDocument"/>: data blocks, items, loops, comments,
/// single/double-quoted and (CIF 2.0) triple-quoted strings, semicolon text fields, and CIF 2.0 lists/tables
/// (kept as one text value). Save frames are skipped. Errors are <see cref="InputException"/>s that name the line.
/// </summary>
public static class CifParser
{
    private enum Kind { Value, Tag, Loop, Data, Save, Global, Stop }

    private readonly record struct Token(Kind Kind, string Text, int Line, bool Quoted, string? Warning = null);

    /// <summary>Parses CIF text. <paramref name="fileName"/> is used in error messages.</summary>
    public static CifDocument Parse(string text, string fileName)
    {
        var doc = new CifDocument(fileName);
        var tokens = Tokenize(text, fileName);
        CifBlock? block = null;
        bool inSave = false;
        int i = 0;
        while (i < tokens.Count)
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case Kind.Data:
                    block = new CifBlock(t.Text, t.Line);
                    doc.Blocks.Add(block);
                    inSave = false;
                    i++;
                    break;
                case Kind.Global:
                    block = new CifBlock("global_", t.Line);
                    inSave = false;
                    i++;
                    break;
                case Kind.Save:
                    inSave = t.Text.Length > 0; // save_NAME opens, save_ closes
                    i++;
                    break;
                case Kind.Stop:
                    i++;
                    break;
                case Kind.Tag:
                {
                    if (block is null)
                        throw new InputException(fileName, $"line {t.Line}",
                        $"tag {t.Text} appears before any data_ block header");
                    if (i + 1 >= tokens.Count || tokens[i + 1].Kind != Kind.Value)
                        throw new InputException(fileName, $"line {t.Line}", $"tag {t.Text} has no value (file truncated?)");
                    var v = tokens[i + 1];
                    if (!inSave)
                        block.Items[t.Text] = new CifValue(v.Text, v.Line, v.Quoted);
                    if (v.Warning is not null)
                        block.Warnings.Add(v.Warning);
                    i += 2;
                    break;
                }
                case Kind.Loop:
                {
                    if (block is null)
                        throw new InputException(fileName, $"line {t.Line}", "loop_ appears before any data_ block header");
                    int loopLine = t.Line;
                    i++;
                    var tags = new List<string>();
                    while (i < tokens.Count && tokens[i].Kind == Kind.Tag)
                    {
                        tags.Add(tokens[i].Text);
                        i++;
                    }
                    if (tags.Count == 0)
                        throw new InputException(fileName, $"line {loopLine}", "loop_ has no tags");
                    var loop = new CifLoop(tags, loopLine);
                    var row = new List<CifValue>(tags.Count);
                    int count = 0;
                    while (i < tokens.Count && tokens[i].Kind == Kind.Value)
                    {
                        var v = tokens[i];
                        row.Add(new CifValue(v.Text, v.Line, v.Quoted));
                        if (v.Warning is not null)
                            block.Warnings.Add(v.Warning);
                        count++;
                        if (row.Count == tags.Count)
                        {
                            loop.Rows.Add(row.ToArray());
                            row.Clear();
                        }
                        i++;
                    }
                    if (row.Count != 0)
                    {
                        int lastLine = tokens[i - 1].Line;
                        throw new InputException(fileName, $"line {loopLine}",
                            $"loop of {tags.Count} tags ({tags[0]}, ...) has {count} values, not a multiple of {tags.Count}; the "
                                + $"last row (line {lastLine}) is incomplete (file truncated?)");
                    }
                    if (!inSave)
                        block.Loops.Add(loop);
                    break;
                }
                case Kind.Value:
                    throw new InputException(fileName, $"line {t.Line}", $"value '{Shorten(t.Text)}' without a tag");
            }
        }
        return doc;
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;

    private static List<Token> Tokenize(string text, string fileName)
    {
        var tokens = new List<Token>(text.Length / 8);
        int i = 0, line = 1, n = text.Length;
        bool lineStart = true;
        while (i < n)
        {
            char c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
                lineStart = true;
                continue;
            }
            if (c == '\r')
            {
                i++;
                if (i < n && text[i] == '\n')
                    i++;
                line++;
                lineStart = true;
                continue;
            }
            if (c == ' ' || c == '\t')
            {
                i++;
                lineStart = false;
                continue;
            }
            if (c == '#')
            {
                while (i < n && text[i] != '\n' && text[i] != '\r')
                    i++;
                continue;
            }
            if (c == ';' && lineStart)
            {
                // Text field: runs to the next line that starts with ';'.
                int startLine = line;
                int j = i + 1;
                var sb = new System.Text.StringBuilder();
                int lineBegin = j;
                bool closed = false;
                while (j < n)
                {
                    if (text[j] == '\n' || text[j] == '\r')
                    {
                        sb.Append(text, lineBegin, j - lineBegin).Append('\n');
                        if (text[j] == '\r' && j + 1 < n && text[j + 1] == '\n')
                            j++;
                        j++;
                        line++;
                        lineBegin = j;
                        if (j < n && text[j] == ';')
                        {
                            closed = true;
                            i = j + 1;
                            break;
                        }
                        continue;
                    }
                    j++;
                }
                if (!closed)
                    throw new InputException(fileName, $"line {startLine}",
                    "text field opened with ';' is never closed (file truncated?)");
                tokens.Add(new Token(Kind.Value, sb.ToString().TrimEnd('\n'), startLine, true));
                lineStart = false;
                continue;
            }
            lineStart = false;
            if (c == '\'' || c == '"')
            {
                int startLine = line;
                if (i + 2 < n && text[i + 1] == c && text[i + 2] == c)
                {
                    // CIF 2.0 triple-quoted string.
                    string delim = new(c, 3);
                    int end = text.IndexOf(delim, i + 3, StringComparison.Ordinal);
                    if (end < 0)
                        throw new InputException(fileName, $"line {startLine}",
                        $"string opened with {delim} is never closed (file truncated?)");
                    var s = text.Substring(i + 3, end - i - 3);
                    line += CountLines(s);
                    tokens.Add(new Token(Kind.Value, s, startLine, true));
                    i = end + 3;
                    continue;
                }
                // CIF 1.1: the quote closes when followed by whitespace or end of input.
                int k = ClosingQuote(text, i + 1, c);
                if (k >= 0)
                {
                    tokens.Add(new Token(Kind.Value, text.Substring(i + 1, k - i - 1), startLine, true));
                    i = k + 1;
                    continue;
                }
                int eol = EndOfLine(text, i + 1);
                var (close, closeLine) = QuoteOnLaterLine(text, eol, c, line);
                if (close >= 0)
                {
                    var value = text.Substring(i + 1, close - i - 1).ReplaceLineEndings("\n");
                    tokens.Add(new Token(Kind.Value, value, startLine, true,
                        $"line {startLine}: quoted string opened with {c} is closed on line {closeLine}, not on its line; "
                            + "read as one value running to that quote"));
                    line = closeLine;
                    i = close + 1;
                    continue;
                }
                tokens.Add(new Token(Kind.Value, text.Substring(i + 1, eol - i - 1).TrimEnd(), startLine, true,
                    $"line {startLine}: quoted string opened with {c} is not closed; read as running to the end of "
                        + "its line"));
                i = eol;
                continue;
            }
            if (c == '[' || c == '{')
            {
                // CIF 2.0 list or table: kept as one value (brackets balanced, quotes respected loosely).
                int startLine = line, depth = 0, k = i;
                for (; k < n; k++)
                {
                    char d = text[k];
                    if (d == '\n')
                        line++;
                    if (d == '[' || d == '{')
                        depth++;
                    else if (d == ']' || d == '}')
                    {
                        depth--;
                        if (depth == 0)
                            break;
                    }
                }
                if (depth != 0)
                    throw new InputException(fileName, $"line {startLine}", $"list opened with '{c}' is never closed");
                tokens.Add(new Token(Kind.Value, text.Substring(i, k - i + 1), startLine, true));
                i = k + 1;
                continue;
            }
            // Bare word.
            int st = i;
            while (i < n && !char.IsWhiteSpace(text[i]))
                i++;
            var word = text.Substring(st, i - st);
            if (word[0] == '_')
                tokens.Add(new Token(Kind.Tag, word, line, false));
            else if (word.StartsWith("data_", StringComparison.OrdinalIgnoreCase))
                tokens.Add(new Token(Kind.Data, word[5..], line, false));
            else if (word.Equals("loop_", StringComparison.OrdinalIgnoreCase))
                tokens.Add(new Token(Kind.Loop, word, line, false));
            else if (word.StartsWith("save_", StringComparison.OrdinalIgnoreCase))
                tokens.Add(new Token(Kind.Save, word[5..], line, false));
            else if (word.Equals("global_", StringComparison.OrdinalIgnoreCase))
                tokens.Add(new Token(Kind.Global, word, line, false));
            else if (word.Equals("stop_", StringComparison.OrdinalIgnoreCase))
                tokens.Add(new Token(Kind.Stop, word, line, false));
            else
                tokens.Add(new Token(Kind.Value, word, line, false));
        }
        return tokens;
    }

    /// <summary>Index of the quote <paramref name="q"/> that closes a CIF 1.1 string on the line starting at
    /// <paramref name="from"/> (followed by whitespace or end of input), or -1 when the line has none.</summary>
    private static int ClosingQuote(string text, int from, char q)
    {
        for (int k = from; k < text.Length && text[k] != '\n' && text[k] != '\r'; k++)
            if (text[k] == q && (k + 1 >= text.Length || char.IsWhiteSpace(text[k + 1])))
                return k;
        return -1;
    }

    private static int EndOfLine(string text, int from)
    {
        int k = from;
        while (k < text.Length && text[k] != '\n' && text[k] != '\r')
            k++;
        return k;
    }

    /// <summary>
    /// For a quoted string not closed on its line (which ends at <paramref name="eol"/>): the closing quote on a later
    /// line, if one comes before the next line that starts with <c>_</c>, <c>loop_</c>, <c>data_</c> or <c>;</c>
    /// (issue 11); else (-1, 0).
    /// </summary>
    private static (int Index, int Line) QuoteOnLaterLine(string text, int eol, char q, int line)
    {
        int k = eol;
        while (k < text.Length)
        {
            if (text[k] == '\r' && k + 1 < text.Length && text[k + 1] == '\n')
                k++;
            k++;
            line++;
            int start = k;
            while (start < text.Length && (text[start] == ' ' || text[start] == '\t'))
                start++;
            var rest = text.AsSpan(start);
            if (rest.StartsWith("_") || rest.StartsWith(";") || rest.StartsWith("loop_", StringComparison.OrdinalIgnoreCase)
                || rest.StartsWith("data_", StringComparison.OrdinalIgnoreCase))
                return (-1, 0);
            int close = ClosingQuote(text, k, q);
            if (close >= 0)
                return (close, line);
            k = EndOfLine(text, k);
        }
        return (-1, 0);
    }

    private static int CountLines(string s)
    {
        int c = 0;
        foreach (var ch in s)
            if (ch == '\n')
                c++;
        return c;
    }
}
