using System.Text.RegularExpressions;
using Xunit;

namespace GpuBv.Tests.Style;

/// <summary>
/// No C# source line is longer than the root .editorconfig's <c>max_line_length</c> (140). Roslyn has no line-length
/// rule, and Roslynator's RCS0056, which the style gate turns on, skips lines that end in a comment and long string
/// literals; this test counts every line of every .cs file under src/, kernels/, tests/ and bench/, comments and
/// strings included, in UTF-16 characters (as RCS0056 and editors' rulers do), without the line break.
/// </summary>
public class SourceLineLengthTests
{
    private static readonly string[] SourceFolders = ["src", "kernels", "tests", "bench"];

    [Fact]
    public void NoSourceLineIsLongerThanTheEditorConfigLimit()
    {
        var root = TestData.RepoRoot();
        if (root is null)
            Assert.Skip("no source tree above the test binary (GPU bundle)");
        int limit = MaxLineLength(Path.Combine(root, ".editorconfig"));

        var offenders = new List<string>();
        int files = 0;
        foreach (var file in SourceFiles(root).Order(StringComparer.Ordinal))
        {
            files++;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length > limit)
                    offenders.Add($"{Path.GetRelativePath(root, file).Replace('\\', '/')}:{i + 1}: {lines[i].Length} characters");
            }
        }

        Assert.True(files > 50, $"found only {files} .cs files under {root}");
        Assert.True(
            offenders.Count == 0,
            $"{offenders.Count} lines are longer than {limit} characters:\n{string.Join('\n', offenders)}");
    }

    [Fact]
    public void TheLimitIsReadFromTheCSharpSectionOfTheEditorConfig()
    {
        var path = TestData.TempFile(".editorconfig", """
            root = true
            [*]
            max_line_length = 80
            [*.{csproj,props}]
            max_line_length = 200
            [*.cs]
            indent_size = 4
            max_line_length = 140 # informational
            """);
        Assert.Equal(140, MaxLineLength(path));
    }

    /// <summary>The <c>max_line_length</c> of the <c>[*.cs]</c> section.</summary>
    private static int MaxLineLength(string editorConfig)
    {
        bool inCs = false;
        foreach (var raw in File.ReadLines(editorConfig))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inCs = line == "[*.cs]";
                continue;
            }
            var m = Regex.Match(line, @"^max_line_length\s*=\s*(\d+)");
            if (inCs && m.Success)
                return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"{editorConfig} sets no max_line_length in its [*.cs] section");
    }

    /// <summary>Every .cs file under the source folders, leaving out build outputs (bin/, obj/) and hidden folders.</summary>
    private static IEnumerable<string> SourceFiles(string root)
    {
        foreach (var folder in SourceFolders)
        {
            var dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir))
                continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                if (parts.Any(p => p is "bin" or "obj" || p.StartsWith('.')))
                    continue;
                yield return file;
            }
        }
    }
}
