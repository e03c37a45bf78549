using System.CommandLine;
using GpuBv.Cli.Commands;
using GpuBv.Cli.Commands.Traj;
using GpuBv.Cli.Options;

namespace GpuBv.Cli;

/// <summary>Entry point of the <c>gpubv</c> command.</summary>
public static class Program
{
    /// <summary>Exit code for bad usage or bad input.</summary>
    public const int InputError = 2;

    /// <summary>Runs the command line; returns the exit code (0 ok, 1 internal error, 2 usage or input error).</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (used by tests).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "GpuBv: bond-valence site energies, migration and rotation barriers for solid electrolytes, on GPU and CPU.");
        root.Subcommands.Add(InfoCommand.Create(stdout, stderr));
        root.Subcommands.Add(BvseCommand.Create(stdout, stderr));
        root.Subcommands.Add(CouplingCommand.Create(stdout, stderr));
        root.Subcommands.Add(CompareCommand.Create(stdout, stderr));
        root.Subcommands.Add(ScreenCommand.Create(stdout, stderr));
        root.Subcommands.Add(ScreenCommand.CreateMerge(stdout, stderr));
        root.Subcommands.Add(DevicesCommand.Create(stdout, stderr));
        root.Subcommands.Add(TrajCommand.Create(stdout, stderr));
        root.Subcommands.Add(ShmCommand.Create(stdout, stderr));
        root.Subcommands.Add(PlotCommand.Create(stdout, stderr));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var msgs = parse.Errors.Select(e => string.Join(
                " ", e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            stderr.WriteLine($"gpubv: error: {string.Join("; ", msgs)} (try 'gpubv --help')");
            return InputError;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(config);
        }
        catch (InputException e)
        {
            stderr.WriteLine($"gpubv: error: {ParameterNames.Render(e)}");
            return InputError;
        }
        catch (Exception e)
        {
            stderr.WriteLine(
                $"gpubv: internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}"
                + " (please report this with the input file)");
            return 1;
        }
    }
}
