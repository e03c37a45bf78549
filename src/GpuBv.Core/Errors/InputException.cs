using System.Text.RegularExpressions;

namespace GpuBv;

/// <summary>
/// Bad user input (a file, an option): carries the file, the place in it (a line, a tag) and the problem, and formats as
/// one line <c>file: place: problem</c>. Where an option is at fault, or a remedy names one, the text holds a
/// parameter key (<see cref="Ref"/>) that each front end renders with its own name through <see cref="Render"/>;
/// <see cref="Exception.Message"/> renders it with <see cref="DefaultName"/>. The CLI prints it and exits with code 2.
/// Programming errors stay <see cref="ArgumentException"/>s.
/// </summary>
public sealed partial class InputException : Exception
{
    private const char Open = '\u27E6';
    private const char Close = '\u27E7';

    /// <summary>Creates an input error.</summary>
    /// <param name="file">The file at fault (or <see cref="Ref"/> of an option); may be empty.</param>
    /// <param name="place">Where in it: "line 12", "tag _cell_length_a", "atom Li1"; may be empty.</param>
    /// <param name="problem">What is wrong, in plain words; may name parameters with <see cref="Ref"/>.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public InputException(string file, string place, string problem, Exception? inner = null)
        : base(null, inner)
    {
        File = file;
        Place = place;
        Problem = problem;
    }

    /// <summary>Creates an error in the value of a parameter: <c>parameter: value: problem</c>.</summary>
    /// <param name="parameter">The parameter at fault.</param>
    /// <param name="value">Its value as given (quoted by the caller where that helps).</param>
    /// <param name="problem">What is wrong; may name other parameters with <see cref="Ref"/>.</param>
    public InputException(InputParameter parameter, string value, string problem)
        : this(Ref(parameter), value, problem)
    {
        Parameter = parameter;
    }

    /// <summary>The file at fault, or the parameter's key when the error is in an option's value.</summary>
    public string File { get; }

    /// <summary>Where in the file.</summary>
    public string Place { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>The parameter whose value is at fault, if the error is in an option.</summary>
    public InputParameter? Parameter { get; }

    /// <inheritdoc/>
    public override string Message => Render(DefaultName);

    /// <summary>A key for <paramref name="parameter"/> inside an error's text, rendered by each front end.</summary>
    public static string Ref(InputParameter parameter) => $"{Open}{parameter}{Close}";

    /// <summary>The name a library user sees: the parameter's name in lower case words ("erot spacing").</summary>
    public static string DefaultName(InputParameter parameter) =>
        WordBreak().Replace(parameter.ToString(), " $1").ToLowerInvariant();

    /// <summary>The one-line message with parameter keys rendered by <paramref name="name"/>.</summary>
    public string Render(Func<InputParameter, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = new List<string>(3);
        foreach (var part in new[] { File, Place, Problem.ReplaceLineEndings(" ") })
        {
            if (!string.IsNullOrEmpty(part))
            {
                parts.Add(RenderKeys(part, name));
            }
        }
        return string.Join(": ", parts);
    }

    /// <summary>
    /// Any text that may hold parameter keys (a warning, a remedy) with each key rendered by <paramref name="name"/>.
    /// </summary>
    public static string RenderKeys(string text, Func<InputParameter, string> name)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(name);
        return Keys().Replace(text, m => name(Enum.Parse<InputParameter>(m.Groups[1].Value)));
    }

    [GeneratedRegex("\u27E6(\\w+)\u27E7")]
    private static partial Regex Keys();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex WordBreak();
}
