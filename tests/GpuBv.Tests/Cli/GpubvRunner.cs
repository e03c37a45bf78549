using GpuBv.Cli;

namespace GpuBv.Tests.Cli;

/// <summary>Runs the <c>gpubv</c> command line in-process and captures its exit code and output.</summary>
internal static class GpubvRunner
{
    public static (int code, string stdout, string stderr) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
