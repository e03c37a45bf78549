using System.CommandLine;
using GpuBv.Compute;
using GpuBv.Kernels.Compute;

namespace GpuBv.Cli.Options;

/// <summary>The --device option and the one way a command opens it (fallback notices as warnings on stderr).</summary>
internal sealed class DeviceOptions(string description = "auto | cuda[:N] | opencl[:N] | cpu | ilgpu-cpu.")
{
    public Option<string> Device { get; } = new("--device") { Description = description, DefaultValueFactory = _ => "auto" };

    /// <summary>The device spec as given.</summary>
    public string Spec(ParseResult p) => p.GetValue(Device)!;

    /// <summary>Opens the named device; <paramref name="cpuThreads"/> limits the CPU path (0 = all cores).</summary>
    public FallbackComputeProvider Open(ParseResult p, TextWriter stderr, int cpuThreads = 0)
        => IlgpuDevices.Open(Spec(p), msg => stderr.WriteLine($"gpubv: warning: {msg}"), cpuThreads);
}
