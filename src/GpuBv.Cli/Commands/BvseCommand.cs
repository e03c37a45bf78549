using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GpuBv.Bvse;
using GpuBv.IO;
using GpuBv.Kernels.Compute;
using GpuBv.Percolation;

namespace GpuBv.Cli.Commands;

/// <summary><c>gpubv bvse FILE --ion Li1+</c>: the BVSE map and the exact migration barriers E_1D/E_2D/E_3D.</summary>
internal static class BvseCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "Structure file (CIF, POSCAR/.vasp, extended XYZ)." };
        var ion = new Option<string>("--ion") { Description = "Mobile ion with its charge, e.g. Li1+, Na+, Mg2+, O2-, F-.", Required = true };
        var resolution = new Option<double>("--resolution") { Description = "Grid spacing in Å: n_i = ceil(|a_i|/resolution).", DefaultValueFactory = _ => 0.2 };
        var cutoff = new Option<double>("--cutoff") { Description = "Interaction cutoff in Å.", DefaultValueFactory = _ => 10.0 };
        var encut = new Option<double>("--encut") { Description = "Barriers above this (eV) are reported as none (null).", DefaultValueFactory = _ => 5.0 };
        var neighbours = new Option<int>("--neighbours") { Description = "Grid connectivity for percolation: 26 (faces, edges, corners; bvlain's) or 6 (faces).", DefaultValueFactory = _ => 26 };
        neighbours.AcceptOnlyFromAmong("26", "6");
        var device = new Option<string>("--device") { Description = "auto | cuda[:N] | opencl[:N] | cpu | ilgpu-cpu (see gpubv devices).", DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var grd = new Option<string?>("--grd") { Description = "Write the map (E − E_min, eV) as a VESTA .grd file (bvlain's layout)." };
        var cube = new Option<string?>("--cube") { Description = "Write the map (E − E_min, eV) as a Gaussian .cube file (Bohr, atoms included)." };
        var png = new Option<string?>("--png") { Description = "Draw heat-map slices of E − E_min through the 3D saddle (else the 1D one, else the minimum) as a PNG." };
        var parameters = new Option<string?>("--params") { Description = "Extra softBV pair parameters (bvse.dat's tab/space layout with its header) that add to or override the shipped table." };
        var oxi = StructureOptions.Oxi();
        var block = StructureOptions.Block();
        var cmd = new Command("bvse", "Bond-valence site energy of a mobile ion on a periodic grid and its exact percolation barriers E_1D, E_2D, E_3D.")
        {
            file, ion, resolution, cutoff, encut, neighbours, device, json, grd, cube, png, parameters, oxi, block,
        };
        cmd.SetAction(p =>
        {
            var mobile = MobileIon.Parse(p.GetValue(ion)!);
            double enc = p.GetValue(encut);
            if (!(enc > 0)) throw new InputException("--encut", enc.ToString(CultureInfo.InvariantCulture), "must be a positive energy in eV");
            var loaded = StructureOptions.Load(p.GetValue(file)!, p.GetValue(oxi), p.GetValue(block));
            var s = loaded.Oxidation.Structure;
            var options = new BvseOptions(mobile, p.GetValue(resolution), p.GetValue(cutoff),
                p.GetValue(neighbours) == 6 ? Connectivity.Faces6 : Connectivity.Full26, enc);
            using var devices = IlgpuDevices.Open(p.GetValue(device)!, msg => stderr.WriteLine($"gpubv: warning: {msg}"));
            var table = StructureOptions.SoftBv(p.GetValue(parameters));
            var r = BvseCalculator.Run(s, options, devices, table);
            var warnings = loaded.Warnings.Concat(r.Warnings).ToList();
            string comment = $"BVSE of {mobile} in {Path.GetFileName(s.Source)} by GpuBv: E - E_min (eV), resolution {options.Resolution} A, cutoff {options.Cutoff} A";
            if (p.GetValue(grd) is string g) Write(g, () => GridWriters.WriteGrd(g, s.Lattice, r.Grid, r.Energies, r.EMinRaw, comment));
            if (p.GetValue(png) is string pngPath)
            {
                var perc = r.Percolation;
                var at = perc.Saddle3D ?? perc.Saddle2D ?? perc.Saddle1D ?? (r.Grid.Fractional(Array.IndexOf(r.Energies, r.Energies.Min())));
                double top = Math.Min(options.Encut, Math.Max(1.0, 1.5 * (perc.E3D ?? perc.E1D ?? 1.0)));
                string label = perc.E3D is double e3 ? $"3D saddle, E_3D = {e3:0.000} eV" : perc.E1D is double e1 ? $"1D saddle, E_1D = {e1:0.000} eV" : "grid minimum";
                Write(pngPath, () => Plots.BvseSlicePlot.Save(pngPath, r, at, $"BVSE of {mobile} in {Path.GetFileName(s.Source)}: slices through the {label}", top));
            }
            if (p.GetValue(cube) is string c) Write(c, () => GridWriters.WriteCube(c, s, r.Grid, r.Energies, r.EMinRaw, comment));

            if (p.GetValue(json))
            {
                var obj = new JsonObject
                {
                    ["file"] = s.Source,
                    ["ion"] = mobile.ToString(),
                    ["grid"] = new JsonArray(r.Grid.N1, r.Grid.N2, r.Grid.N3),
                    ["resolution"] = options.Resolution,
                    ["cutoff"] = options.Cutoff,
                    ["neighbours"] = (int)options.Connectivity,
                    ["encut"] = options.Encut,
                    ["E_1D"] = Num(r.Percolation.E1D), ["E_2D"] = Num(r.Percolation.E2D), ["E_3D"] = Num(r.Percolation.E3D),
                    ["saddle_1D"] = Frac(r.Percolation.Saddle1D), ["saddle_2D"] = Frac(r.Percolation.Saddle2D), ["saddle_3D"] = Frac(r.Percolation.Saddle3D),
                    ["E_min_raw"] = Math.Round(r.EMinRaw, 6),
                    ["oxidation_states"] = new JsonObject(loaded.Oxidation.States.Select(kv =>
                        KeyValuePair.Create(kv.Key, (JsonNode?)new JsonArray(kv.Value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())))),
                    ["residual_charge"] = Math.Round(loaded.Oxidation.ResidualCharge, 6),
                    ["device"] = r.Device,
                    ["seconds"] = Math.Round(r.Seconds, 4),
                    ["grid_seconds"] = Math.Round(r.GridSeconds, 4),
                    ["pair_evaluations"] = r.PairEvaluations,
                    ["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
                };
                stdout.WriteLine(obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                var inv = CultureInfo.InvariantCulture;
                stdout.WriteLine($"file:      {s.Source}");
                stdout.WriteLine($"ion:       {mobile}   grid: {r.Grid.N1}×{r.Grid.N2}×{r.Grid.N3}   device: {r.Device}");
                foreach (int d in new[] { 1, 2, 3 })
                {
                    var e = r.Percolation.Threshold(d);
                    var sp = r.Percolation.Saddle(d);
                    stdout.WriteLine(e is double v
                        ? string.Create(inv, $"E_{d}D:      {v:0.0000} eV   saddle at ({sp!.Value.X:0.###}, {sp.Value.Y:0.###}, {sp.Value.Z:0.###})")
                        : string.Create(inv, $"E_{d}D:      none below {options.Encut} eV"));
                }
                stdout.WriteLine(string.Create(inv, $"time:      {r.Seconds:0.###} s"));
                foreach (var w in warnings) stderr.WriteLine($"gpubv: warning: {s.Source}: {w}");
            }
            return 0;
        });
        return cmd;
    }

    private static JsonNode? Num(double? v) => v is double d ? JsonValue.Create(Math.Round(d, 6)) : null;

    private static JsonNode? Frac(GpuBv.Crystal.Vec3? f)
        => f is { } t ? new JsonArray(Math.Round(t.X, 6), Math.Round(t.Y, 6), Math.Round(t.Z, 6)) : null;

    private static void Write(string path, Action write)
    {
        try { write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            throw new InputException(path, "", $"cannot write: {e.Message}");
        }
    }
}
