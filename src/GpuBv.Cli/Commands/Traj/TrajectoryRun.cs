using GpuBv.Cli.Options;
using System.Globalization;
using System.Text;
using GpuBv.Cli.Reports.Traj;
using GpuBv.Trajectory;

namespace GpuBv.Cli.Commands.Traj;

/// <summary>What a <c>gpubv traj</c> subcommand's body works with: the settings and the trajectory slice.</summary>
/// <param name="Path">The trajectory file.</param>
/// <param name="TimeStepFs">Time between stored frames (fs); null when not given (an analysis that reports no times).</param>
/// <param name="Stream">The analysed slice of the trajectory.</param>
/// <param name="Json">Whether to print JSON.</param>
/// <param name="Csv">Where to write the main table, if anywhere.</param>
/// <param name="TIniPs">Start of the slice (ps); null without a time step.</param>
/// <param name="TWindowPs">Length of the slice (ps), if limited.</param>
internal sealed record TrajectoryRun(string Path, double? TimeStepFs, TrajectorySlice Stream, bool Json, string? Csv, double? TIniPs,
    double? TWindowPs)
{
    /// <summary>Time between stored frames (fs); only analyses that require <c>--dt-fs</c> ask for it.</summary>
    public double DtFs => TimeStepFs ?? throw new InvalidOperationException("this analysis was set up without a time step");

    /// <summary>The trajectory's atoms.</summary>
    public TrajectoryHeader Header => Stream.Header;

    /// <summary>The element symbol for <paramref name="name"/> (any case), checked to be in the trajectory.</summary>
    public string Species(string name, InputParameter parameter = InputParameter.Species) => Header.ResolveSpecies(name, parameter);

    /// <summary>Time (ps since t_ini) of slice frame <paramref name="frame"/>.</summary>
    public double Ps(int frame) => frame * DtFs / 1000;

    /// <summary>Sets the fields every subcommand's JSON starts with on <paramref name="report"/>.</summary>
    public T Head<T>(T report, string analysis)
        where T : TrajReport
    {
        report.File = Path;
        report.Analysis = analysis;
        report.Atoms = Header.AtomCount;
        report.Frames = Stream.FramesRead;
        report.DtFs = TimeStepFs;
        report.TIniPs = TIniPs;
        report.TIniFrame = Stream.StartFrame;
        report.TWindowPs = TWindowPs;
        report.InputError = Stream.Error is null ? null : ParameterNames.Render(Stream.Error);
        return report;
    }

    /// <summary>Writes the main table if <c>--csv</c> was given.</summary>
    public void WriteCsv(IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        if (Csv is not string path)
        {
            return;
        }
        TrajOutput.Write(path, () =>
        {
            using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
            w.WriteLine(string.Join(',', header.Select(TrajOutput.CsvField)));
            foreach (var row in rows)
            {
                w.WriteLine(string.Join(',', row.Select(TrajOutput.CsvField)));
            }
        });
    }

    /// <summary>Runs <paramref name="body"/>; the exit code, with a reader's bad frame reported after the outputs.</summary>
    public int Execute(TextWriter stderr, Action<TrajectoryRun> body)
    {
        try
        {
            body(this);
        }
        catch (Exception e) when (Stream.Error is not null && e is not (OutOfMemoryException or OperationCanceledException))
        {
            // The analysis could not complete on the frames before the bad one (e.g. too few): the reader's error is the cause.
            stderr.WriteLine($"gpubv: error: {ParameterNames.Render(Stream.Error)} (stopped after {Stream.FramesScanned} good frames; "
                + "too few for this analysis, no outputs)");
            return Program.InputError;
        }
        catch (Exception e) when (Stream.FramesRead == 0 && Stream.StartFrame > 0 && e is ArgumentException or InputException)
        {
            throw new InputException(TIniPs is double ps ? InputParameter.StartTime : InputParameter.FrameStart,
                TIniPs is double t ? t.ToString(CultureInfo.InvariantCulture) : Stream.StartFrame.ToString(CultureInfo.InvariantCulture),
                $"is frame {Stream.StartFrame}, but {Path} has only {Stream.FramesScanned} frames");
        }
        if (Stream.Error is not null)
        {
            string error = ParameterNames.Render(Stream.Error);
            stderr.WriteLine($"gpubv: error: {error} (the outputs cover the {Stream.FramesRead} frames before it)");
            return Program.InputError;
        }
        return 0;
    }
}
