using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GpuBv.Bvse;
using GpuBv.Groups;
using GpuBv.IO;
using GpuBv.Kernels.Compute;
using GpuBv.Percolation;

namespace GpuBv.Cli.Commands;

/// <summary><c>gpubv coupling FILE --cation Li1+</c>: E_mig against the anion groups' E_rot, and the coupling mode.</summary>
internal static class CouplingCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "Structure file (CIF, POSCAR/.vasp, extended XYZ)." };
        var cation = new Option<string>("--cation") { Description = "Mobile cation, e.g. Li1+, Na+.", Required = true };
        var anion = new Option<string?>("--anion") { Description = "Anion of the groups, e.g. O2-, S2-, F-, H- (default: the anion element forming the most groups)." };
        var center = new Option<string?>("--center") { Description = "Only groups with this centre element, e.g. P." };
        var group = new Option<string?>("--group") { Description = "Centre and anion together, e.g. P-S (same as --center P --anion S with the file's charge)." };
        var threshold = new Option<double>("--threshold") { Description = "Mode is \"rotate\" when E_mig/E_rot exceeds this.", DefaultValueFactory = _ => 2.0 };
        var dimension = new Option<int>("--dimension") { Description = "E_mig is E_1D, E_2D or E_3D of the cation map.", DefaultValueFactory = _ => 3 };
        dimension.AcceptOnlyFromAmong("1", "2", "3");
        var erotGrid = new Option<string>("--erot-grid") { Description = "local: fine grid around each group (converged, default); global: the screening grid.", DefaultValueFactory = _ => "local" };
        erotGrid.AcceptOnlyFromAmong("local", "global");
        var spacing = new Option<double>("--erot-spacing") { Description = "Local grid spacing for E_rot (Å).", DefaultValueFactory = _ => 0.03 };
        var shellTol = new Option<double>("--shell-tolerance") { Description = "Shell = [shortest bond − t, longest bond + t] (Å).", DefaultValueFactory = _ => 0.3 };
        var resolution = new Option<double>("--resolution") { Description = "Screening grid spacing (Å) for the cation map (and --erot-grid global).", DefaultValueFactory = _ => 0.2 };
        var cutoff = new Option<double>("--cutoff") { Description = "Interaction cutoff (Å).", DefaultValueFactory = _ => 10.0 };
        var encut = new Option<double>("--encut") { Description = "E_mig above this (eV) is none.", DefaultValueFactory = _ => 5.0 };
        var device = new Option<string>("--device") { Description = "auto | cuda[:N] | opencl[:N] | cpu | ilgpu-cpu.", DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var cube = new Option<string?>("--cube") { Description = "Write the anion's BVSE map (E − E_min, eV) as a Gaussian cube, for isosurfaces at chosen levels." };
        var png = new Option<string?>("--png") { Description = "Draw the shell map (lowest energy per direction) of the group with the smallest E_rot." };
        var parameters = new Option<string?>("--params") { Description = "Extra softBV pair parameters (bvse.dat's layout), e.g. B3+–H1- for LiBH4." };
        var oxi = StructureOptions.Oxi();
        var block = StructureOptions.Block();
        var cmd = new Command("coupling", "Rotation barriers of the polyanion groups (E_rot), the cation's migration barrier (E_mig), their ratio and the coupling mode (rotate / vibrate / none).")
        {
            file, cation, anion, center, group, threshold, dimension, erotGrid, spacing, shellTol, resolution, cutoff, encut, device, json, cube, png, parameters, oxi, block,
        };
        cmd.SetAction(p =>
        {
            var mobile = MobileIon.Parse(p.GetValue(cation)!, InputParameter.Cation);
            if (!mobile.IsCation) throw new InputException("--cation", mobile.ToString(), "must be a cation, e.g. Li1+");
            var loaded = StructureOptions.Load(p.GetValue(file)!, p.GetValue(oxi), p.GetValue(block));
            var s = loaded.Oxidation.Structure;
            string? centreEl = p.GetValue(center);
            MobileIon? anionIon = p.GetValue(anion) is string an ? MobileIon.Parse(an, InputParameter.Anion) : null;
            if (p.GetValue(group) is string g)
            {
                var spec = GroupSpec.Resolve(s, g);
                centreEl = spec.Center;
                anionIon = spec.Anion;
            }
            if (centreEl is not null && !GpuBv.Chemistry.Element.IsSymbol(centreEl))
                throw new InputException("--center", centreEl, "unknown element symbol");
            var options = new CouplingOptions(mobile, anionIon, centreEl, p.GetValue(threshold), p.GetValue(dimension),
                p.GetValue(erotGrid) == "global", new RotationOptions(p.GetValue(spacing), p.GetValue(shellTol)),
                p.GetValue(resolution), p.GetValue(cutoff), p.GetValue(encut));
            using var devices = IlgpuDevices.Open(p.GetValue(device)!, msg => stderr.WriteLine($"gpubv: warning: {msg}"));
            var table = StructureOptions.SoftBv(p.GetValue(parameters));
            string? pngPath = p.GetValue(png);
            Action<ShellMap, GroupRotation>? draw = null;
            if (pngPath is not null)
                draw = (map, rot) => Write(pngPath, () => Plots.ShellPlot.Save(pngPath, map, rot, $"{rot.Group.Formula} at ({rot.Group.CenterFractional.X:0.###}, {rot.Group.CenterFractional.Y:0.###}, {rot.Group.CenterFractional.Z:0.###}) in {Path.GetFileName(s.Source)}: E_rot = {rot.ERot:0.000} eV"));
            var r = CouplingCalculator.Run(s, options, devices, table, draw);
            if (pngPath is not null && r.Groups.Count > 0 && r.ErotGrid == RotationGrid.Global)
                stderr.WriteLine("gpubv: warning: --png draws the local shell map; with --erot-grid global no local map was computed");
            if (p.GetValue(cube) is string c)
            {
                if (r.AnionMap is null) throw new InputException(c, "", "no anion groups, so no anion map to write");
                Write(c, () => GridWriters.WriteCube(c, s, r.AnionMap.Grid, r.AnionMap.Energies, r.AnionMap.EMinRaw,
                    $"BVSE of {r.Anion} in {Path.GetFileName(s.Source)} by GpuBv: E - E_min (eV)"));
            }
            var warnings = loaded.Warnings.Concat(r.Warnings).ToList();
            if (p.GetValue(json))
            {
                var inv = CultureInfo.InvariantCulture;
                var obj = new JsonObject
                {
                    ["file"] = s.Source,
                    ["cation"] = mobile.ToString(),
                    ["anion"] = r.Anion?.ToString(),
                    ["E_mig"] = Num(r.EMig),
                    ["E_mig_dimension"] = options.Dimension,
                    ["E_rot"] = Num(r.ERot),
                    ["E_rot_global"] = Num(r.ERotGlobal),
                    ["ratio"] = Num(r.Ratio),
                    ["mode"] = GpuBv.Compute.OutputName.Of(r.Mode),
                    ["threshold"] = options.Threshold,
                    ["erot_grid"] = GpuBv.Compute.OutputName.Of(r.ErotGrid),
                    ["erot_spacing"] = Math.Round(r.Spacing, 6),
                    ["shell_tolerance"] = options.Rotation!.ShellTolerance,
                    ["resolution"] = options.Resolution,
                    ["groups"] = new JsonArray(r.Groups.Select((x, i) => (JsonNode?)new JsonObject
                    {
                        ["center"] = new JsonObject { ["element"] = x.Group.CenterElement, ["site"] = s.Sites[x.Group.CenterSite].Label, ["frac"] = Frac(x.Group.CenterFractional) },
                        ["formula"] = x.Group.Formula,
                        ["anions"] = new JsonArray(x.Group.Anions.Select(a => (JsonNode?)new JsonObject
                        {
                            ["element"] = a.Element, ["site"] = s.Sites[a.Site].Label,
                            ["frac"] = Frac(s.Lattice.ToFractional(a.Cartesian)), ["bond_length"] = Math.Round(a.BondLength, 4),
                        }).ToArray()),
                        ["E_rot"] = Math.Round(x.ERot, 6),
                        ["E_rot_global"] = Math.Round(r.GlobalGroups[i].ERot, 6),
                        ["join_point"] = Frac(x.JoinFractional),
                        ["shell_points"] = x.ShellPoints,
                    }).ToArray()),
                    ["oxidation_states"] = new JsonObject(loaded.Oxidation.States.Select(kv =>
                        KeyValuePair.Create(kv.Key, (JsonNode?)new JsonArray(kv.Value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())))),
                    ["device"] = r.CationMap.Device,
                    ["seconds"] = Math.Round(r.Seconds, 4),
                    ["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
                };
                stdout.WriteLine(obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                var inv = CultureInfo.InvariantCulture;
                stdout.WriteLine($"file:    {s.Source}");
                stdout.WriteLine($"cation:  {mobile}   anion: {r.Anion?.ToString() ?? "-"}   device: {r.CationMap.Device}");
                stdout.WriteLine(string.Create(inv, $"E_mig:   {(r.EMig is double m ? $"{m:0.0000} eV (E_{options.Dimension}D)" : $"none below {options.Encut} eV")}"));
                if (r.Groups.Count == 0) stdout.WriteLine("groups:  none (no polyanion groups)");
                foreach (var (x, i) in r.Groups.Select((x, i) => (x, i)))
                    stdout.WriteLine(string.Create(inv, $"group:   {x.Group.Formula,-5} at ({x.Group.CenterFractional.X:0.###}, {x.Group.CenterFractional.Y:0.###}, {x.Group.CenterFractional.Z:0.###})  E_rot = {x.ERot:0.0000} eV ({GpuBv.Compute.OutputName.Of(x.Grid)}, {x.Spacing:0.###} Å; global {r.GlobalGroups[i].ERot:0.0000})"));
                if (r.ERot is double e) stdout.WriteLine(string.Create(inv, $"E_rot:   {e:0.0000} eV ({GpuBv.Compute.OutputName.Of(r.ErotGrid)} grid, {r.Spacing:0.###} Å)"));
                stdout.WriteLine(string.Create(inv, $"ratio:   {(r.Ratio is double q ? q.ToString("0.00", inv) : "-")}   mode: {GpuBv.Compute.OutputName.Of(r.Mode)}   (threshold {options.Threshold})"));
                stdout.WriteLine(string.Create(inv, $"time:    {r.Seconds:0.###} s"));
                foreach (var w in warnings) stderr.WriteLine($"gpubv: warning: {s.Source}: {w}");
            }
            return 0;
        });
        return cmd;
    }

    private static JsonNode? Num(double? v) => v is double d ? JsonValue.Create(Math.Round(d, 6)) : null;

    private static JsonNode Frac(GpuBv.Crystal.Vec3 f) => new JsonArray(Math.Round(f.X, 6), Math.Round(f.Y, 6), Math.Round(f.Z, 6));

    private static void Write(string path, Action write)
    {
        try { write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, "", $"cannot write: {e.Message}");
        }
    }
}
