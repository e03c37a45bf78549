namespace GpuBv;

/// <summary>
/// Bad user input (a file, an option): carries the file, the place in it (a line, a tag) and the problem,
/// and formats as one line <c>file: place: problem</c>. The CLI prints it and exits with code 2.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates an input error.</summary>
    /// <param name="file">The file (or option) at fault; may be empty.</param>
    /// <param name="place">Where in it: "line 12", "tag _cell_length_a", "atom Li1"; may be empty.</param>
    /// <param name="problem">What is wrong, in plain words.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public InputException(string file, string place, string problem, Exception? inner = null)
        : base(Format(file, place, problem), inner)
    {
        File = file; Place = place; Problem = problem;
    }

    /// <summary>The file or option at fault.</summary>
    public string File { get; }
    /// <summary>Where in the file.</summary>
    public string Place { get; }
    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    private static string Format(string file, string place, string problem)
    {
        var parts = new List<string>(3);
        if (!string.IsNullOrEmpty(file)) parts.Add(file);
        if (!string.IsNullOrEmpty(place)) parts.Add(place);
        parts.Add(problem.ReplaceLineEndings(" "));
        return string.Join(": ", parts);
    }
}
