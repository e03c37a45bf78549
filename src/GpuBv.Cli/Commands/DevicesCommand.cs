using System.CommandLine;
using GpuBv.Kernels.Compute;

namespace GpuBv.Cli.Commands;

/// <summary><c>gpubv devices</c>: what <c>--device</c> can name on this machine.</summary>
internal static class DevicesCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var cmd = new Command("devices", "List the compute devices --device can name: cuda and opencl devices found by ILGPU, "
            + "cpu (fast managed path) and ilgpu-cpu (ILGPU's kernel simulator).");
        cmd.SetAction(_ =>
        {
            var devices = IlgpuDevices.Enumerate(out var notes);
            foreach (var d in devices)
            {
                string mem = d.MemoryBytes > 0 ? $"  {d.MemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB" : "";
                stdout.WriteLine($"{d.Id,-12} {d.Name}{mem}");
            }
            foreach (var n in notes)
            {
                stderr.WriteLine($"gpubv: note: {n}");
            }
            return 0;
        });
        return cmd;
    }
}
