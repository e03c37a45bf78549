using System.CommandLine;
using GpuBv.Bvse;
using GpuBv.Cli.Options;
using GpuBv.Cli.Reports;
using GpuBv.Crystal;
using GpuBv.Groups;
using GpuBv.IO;

namespace GpuBv.Cli.Commands;

/// <summary><c>gpubv coupling FILE --cation Li1+</c>: E_mig against the anion groups' E_rot, and the coupling mode.</summary>
internal static class CouplingCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var structure = new StructureOptions();
        var missingH = new MissingHydrogenOptions();
        var cation = new Option<string>("--cation") { Description = "Mobile cation, e.g. Li1+, Na+.", Required = true };
        var anion = new Option<string?>("--anion")
        {
            Description = "Anion of the groups, e.g. O2-, S2-, F-, H- (default: the anion element forming the most groups).",
        };
        var center = new Option<string?>("--center") { Description = "Only groups with this centre element, e.g. P." };
        var group = new Option<string?>("--group")
        {
            Description = "Centre and anion together, e.g. P-S (same as --center P --anion S with the file's charge).",
        };
        var threshold = new Option<double>("--threshold")
        {
            Description = "Mode is \"rotate\" when E_mig/E_rot exceeds this.",
            DefaultValueFactory = _ => 2.0,
        };
        var dimension = new Option<int>("--dimension")
        {
            Description = "E_mig is E_1D, E_2D or E_3D of the cation map.",
            DefaultValueFactory = _ => 3,
        };
        dimension.AcceptOnlyFromAmong("1", "2", "3");
        var erotGrid = new Option<string>("--erot-grid")
        {
            Description = "local: fine grid around each group (converged, default); global: the screening grid.",
            DefaultValueFactory = _ => "local",
        };
        erotGrid.AcceptOnlyFromAmong("local", "global");
        var spacing = new Option<double>("--erot-spacing")
        {
            Description = "Local grid spacing for E_rot (Å).",
            DefaultValueFactory = _ => 0.03,
        };
        var erotCutoff = new Option<double?>("--erot-cutoff")
        {
            Description = "Interaction cutoff of the local E_rot grids (Å). Default: the shortest from 6 Å up (0.5 Å steps, at most"
                + " --cutoff) whose dropped tail varies over every shell by ≤ 0.003 eV (a convergence test on 0.15 Å grids).",
        };
        var shellTol = new Option<double>("--shell-tolerance")
        {
            Description = "Shell = [shortest bond − t, longest bond + t] (Å).",
            DefaultValueFactory = _ => 0.3,
        };
        var grid = new GridOptions("Screening grid spacing (Å) for the cation map (and --erot-grid global).", "Interaction cutoff (Å).",
            "E_mig above this (eV) is none.");
        var device = new DeviceOptions();
        var memory = new MemoryOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var cube = new Option<string?>("--cube")
        {
            Description = "Write the anion's BVSE map (E − E_min, eV) as a Gaussian cube, for isosurfaces at chosen levels.",
        };
        var png = new Option<string?>("--png")
        {
            Description = "Draw the shell map (lowest energy per direction) of the group with the smallest E_rot.",
        };
        var parameters = new ParametersOptions("Extra softBV pair parameters (bvse.dat's layout), e.g. B3+–H1- for LiBH4.");
        var cmd = new Command("coupling", "Rotation barriers of the polyanion groups (E_rot), the cation's migration barrier (E_mig), "
            + "their ratio and the coupling mode (rotate / vibrate / none).")
        {
            structure.File, cation, anion, center, group, threshold, dimension, erotGrid, spacing, erotCutoff, shellTol, grid.Resolution,
            grid.Cutoff,
            grid.Encut, device.Device, json, cube, png, parameters.Params, structure.Oxi, structure.Block, structure.Format, missingH.Allow,
            memory.Memory,
        };
        cmd.SetAction(p =>
        {
            var mobile = MobileIon.Parse(p.GetValue(cation)!, InputParameter.Cation);
            if (!mobile.IsCation)
            {
                throw new InputException(InputParameter.Cation, mobile.ToString(), "must be a cation, e.g. Li1+");
            }
            var loaded = structure.Load(p, p.GetValue(missingH.Allow), memory.Budget(p));
            var s = loaded.Structure;
            var (centreEl, anionIon) = Groups(s, p.GetValue(center), p.GetValue(anion), p.GetValue(group));
            var options = new CouplingOptions(mobile, anionIon, centreEl, p.GetValue(threshold), p.GetValue(dimension),
                p.GetValue(erotGrid) == "global",
                new RotationOptions(p.GetValue(spacing), p.GetValue(shellTol), Cutoff: p.GetValue(erotCutoff)),
                p.GetValue(grid.Resolution), p.GetValue(grid.Cutoff), p.GetValue(grid.Encut))
            {
                Memory = memory.Budget(p),
            };
            using var devices = device.Open(p, stderr);
            var table = parameters.Table(p);
            string? pngPath = p.GetValue(png);
            Action<ShellMap, GroupRotation>? draw = pngPath is null ? null : (map, rot) => DrawShell(pngPath, s.Source, map, rot);
            var r = CouplingCalculator.Run(s, options, devices, table, draw);
            if (pngPath is not null && r.Groups.Count > 0 && r.ErotGrid == RotationGrid.Global)
            {
                stderr.WriteLine("gpubv: warning: --png draws the local shell map; with --erot-grid global no local map was computed");
            }
            WriteCube(p.GetValue(cube), s, r);
            var report = CouplingReport.From(loaded, options, r);
            if (p.GetValue(json))
            {
                ReportJson.Write(stdout, report);
            }
            else
            {
                report.WriteText(stdout, stderr, options, r);
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>The centre and anion from --center/--anion, or both from --group resolved against the structure.</summary>
    private static (string? Centre, MobileIon? Anion) Groups(GpuBv.Crystal.Structure s, string? center, string? anion, string? group)
    {
        string? centreEl = center;
        MobileIon? anionIon = anion is null ? null : MobileIon.Parse(anion, InputParameter.Anion);
        if (group is not null)
        {
            var spec = GroupSpec.Resolve(s, group);
            centreEl = spec.Center;
            anionIon = spec.Anion;
        }
        if (centreEl is not null && !GpuBv.Chemistry.Element.IsSymbol(centreEl))
        {
            throw new InputException(InputParameter.Center, centreEl, "unknown element symbol");
        }
        return (centreEl, anionIon);
    }

    private static void DrawShell(string path, string source, ShellMap map, GroupRotation rot)
    {
        var c = rot.Group.CenterFractional;
        string title = $"{rot.Group.Formula} at ({c.X:0.###}, {c.Y:0.###}, {c.Z:0.###}) in {Path.GetFileName(source)}: "
            + $"E_rot = {rot.ERot:0.000} eV";
        OutputFile.Write(path, () => Plots.ShellPlot.Save(path, map, rot, title));
    }

    private static void WriteCube(string? path, GpuBv.Crystal.Structure s, CouplingResult r)
    {
        if (path is null)
        {
            return;
        }
        if (r.AnionMap is null)
        {
            throw new InputException(path, "", "no anion groups, so no anion map to write");
        }
        string comment = $"BVSE of {r.Anion} in {Path.GetFileName(s.Source)} by GpuBv: E - E_min (eV)";
        OutputFile.Write(path, () => GridWriters.WriteCube(path, s, r.AnionMap.Grid, r.AnionMap.Energies, r.AnionMap.EMinRaw, comment));
    }
}
