using System.Globalization;
using System.Text;
using GpuBv.IO.Structures;

namespace GpuBv.IO;

/// <summary>
/// The comment line of extended XYZ (<c>key=value</c> pairs with quoted or bracketed values, bare flags) and its
/// <c>Properties=name:type:columns:...</c> layout; shared by the structure reader and the trajectory reader.
/// </summary>
internal static class ExtXyzComment
{
    /// <summary>One column group of <c>Properties</c>: name, type letter (S, R, I, L), width, first column.</summary>
    internal sealed record Column(string Name, char Type, int Count, int Start);

    internal static bool TryGetValue(Dictionary<string, string> info, string key, out string value)
    {
        if (info.TryGetValue(key, out value!))
            return true;
        foreach (var (k, v) in info)
            if (k.Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        value = "";
        return false;
    }

    /// <summary>Splits a list value on blanks, commas and brackets (so nested <c>[[1, 0, 0], ...]</c> works too).</summary>
    internal static string[] SplitList(string value)
        => value.Split([' ', '\t', ',', '[', ']', '{', '}', '(', ')'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Parses <c>key=value key2="quoted value" flag key3=[1, 2, 3]</c>; a bare key is a flag with value "T".
    /// Throws <see cref="FormatException"/> with a plain-words message on unterminated quotes or brackets.
    /// </summary>
    internal static Dictionary<string, string> ParseKeyValues(string line)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (true)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
                i++;
            if (i >= line.Length)
                break;
            string key = ReadToken(line, ref i, stopAtEquals: true);
            while (i < line.Length && char.IsWhiteSpace(line[i]) && NextNonBlankIsEquals(line, i))
                i++;
            if (i < line.Length && line[i] == '=')
            {
                i++;
                while (i < line.Length && char.IsWhiteSpace(line[i]))
                    i++;
                string value = i < line.Length ? ReadToken(line, ref i, stopAtEquals: false) : "";
                result[key] = value;
            }
            else if (key.Length > 0)
                result[key] = "T";
            else
                i++; // a stray '=' without key: skip it
        }
        return result;
    }

    private static bool NextNonBlankIsEquals(string line, int i)
    {
        while (i < line.Length && char.IsWhiteSpace(line[i]))
            i++;
        return i < line.Length && line[i] == '=';
    }

    private static string ReadToken(string line, ref int i, bool stopAtEquals)
    {
        char open = line[i];
        if (open is '"' or '\'')
        {
            var sb = new StringBuilder();
            int start = i++;
            while (i < line.Length && line[i] != open)
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                    i++;
                sb.Append(line[i++]);
            }
            if (i >= line.Length)
                throw new FormatException($"unterminated quote {open} starting at column {start + 1} of the comment line");
            i++; // closing quote
            return sb.ToString();
        }
        if (!stopAtEquals && open is '[' or '{')
        {
            char close = open == '[' ? ']' : '}';
            int start = i, depth = 0;
            for (; i < line.Length; i++)
            {
                if (line[i] == open)
                    depth++;
                else if (line[i] == close && --depth == 0)
                    break;
            }
            if (i >= line.Length)
                throw new FormatException($"unterminated {open} starting at column {start + 1} of the comment line");
            i++; // closing bracket
            return line[(start + 1)..(i - 1)];
        }
        int s = i;
        while (i < line.Length && !char.IsWhiteSpace(line[i]) && !(stopAtEquals && line[i] == '='))
            i++;
        return line[s..i];
    }

    /// <summary>Parses <c>name:type:count:name:type:count...</c>; throws <see cref="FormatException"/> on bad layout.</summary>
    internal static List<Column> ParseProperties(string props)
    {
        var parts = props.Trim().Split(':');
        if (parts.Length % 3 != 0 || parts.Length == 0)
            throw new FormatException($"Properties '{PoscarReader.Shorten(props)}' is not a list of name:type:columns triples");
        var columns = new List<Column>(parts.Length / 3);
        int start = 0;
        for (int k = 0; k < parts.Length; k += 3)
        {
            string name = parts[k], type = parts[k + 1], count = parts[k + 2];
            if (name.Length == 0)
                throw new FormatException("Properties has an empty column name");
            if (type is not ("S" or "R" or "I" or "L"))
                throw new FormatException($"Properties column {name} has type '{PoscarReader.Shorten(type)}'; expected S, R, I or L");
            if (!int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c) || c <= 0 || c > 1000)
                throw new FormatException($"Properties column {name} has column count '{PoscarReader.Shorten(count)}'; expected a "
                    + $"positive whole number");
            columns.Add(new Column(name, type[0], c, start));
            start += c;
        }
        return columns;
    }
}
