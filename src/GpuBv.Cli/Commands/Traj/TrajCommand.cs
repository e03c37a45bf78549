using System.CommandLine;

namespace GpuBv.Cli.Commands.Traj;

/// <summary><c>gpubv traj</c>: analyses of MD trajectories (DESIGN §5; docs/TRAJECTORIES.md).</summary>
internal static class TrajCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var cmd = new Command("traj",
            "Analyse an MD trajectory (XDATCAR, extended XYZ, LAMMPS dump/data, plain XYZ): displacements, bonds and rotations, "
                + "ACFs, probability density, diffusion, hops and their coupling to anion-group rotation. Each subcommand reads the "
                    + "file once, streaming; see docs/TRAJECTORIES.md.");
        cmd.Subcommands.Add(DisplacementCommand.Create(stdout, stderr));
        cmd.Subcommands.Add(BondsCommand.Create(stdout, stderr));
        cmd.Subcommands.Add(AcfCommand.Create(stdout, stderr));
        cmd.Subcommands.Add(DensityCommand.Create(stdout, stderr));
        cmd.Subcommands.Add(DiffusionCommand.Create(stdout, stderr));
        cmd.Subcommands.Add(HopsCommand.Create(stdout, stderr));
        return cmd;
    }
}
