using System.CommandLine;
using GpuBv.Cli.Options;
using GpuBv.Cli.Reports;

namespace GpuBv.Cli.Commands;

/// <summary><c>gpubv info FILE</c>: what GpuBv reads from a structure file.</summary>
internal static class InfoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var structure = new StructureOptions("Structure file: CIF, POSCAR/CONTCAR (.vasp), or extended XYZ (first frame); .gz accepted.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a summary." };
        var cmd = new Command("info", "Read a structure and print formula, cell, space group, sites, atoms and oxidation states (with "
            + "where each came from).")
        {
            structure.File, json, structure.Oxi, structure.Block, structure.Format,
        };
        cmd.SetAction(p =>
        {
            var loaded = structure.LoadDescribed(p);
            if (p.GetValue(json))
            {
                ReportJson.Write(stdout, InfoReport.From(loaded));
            }
            else
            {
                InfoReport.WriteText(stdout, stderr, loaded);
            }
            return 0;
        });
        return cmd;
    }
}
