using System.CommandLine;
using System.Globalization;
using GpuBv.Bvse;
using GpuBv.Cli.Options;
using GpuBv.Cli.Reports;
using GpuBv.Crystal;
using GpuBv.IO;
using GpuBv.Percolation;

namespace GpuBv.Cli.Commands;

/// <summary><c>gpubv bvse FILE --ion Li1+</c>: the BVSE map and the exact migration barriers E_1D/E_2D/E_3D.</summary>
internal static class BvseCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var ion = new Option<string>("--ion")
        {
            Description = "Mobile ion with its charge, e.g. Li1+, Na+, Mg2+, O2-, F-.",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var grd = new Option<string?>("--grd") { Description = "Write the map (E − E_min, eV) as a VESTA .grd file (bvlain's layout)." };
        var cube = new Option<string?>("--cube")
        {
            Description = "Write the map (E − E_min, eV) as a Gaussian .cube file (Bohr, atoms included).",
        };
        var png = new Option<string?>("--png")
        {
            Description = "Draw heat-map slices of E − E_min through the 3D saddle (else the 1D one, else the minimum) as a PNG.",
        };
        var structure = new StructureOptions();
        var missingH = new MissingHydrogenOptions();
        var grid = new GridOptions("Grid spacing in Å: n_i = ceil(|a_i|/resolution).", "Interaction cutoff in Å.",
            "Barriers above this (eV) are reported as none (null).");
        var neighbours = new Option<int>("--neighbours")
        {
            Description = "Grid connectivity for percolation: 26 (faces, edges, corners; bvlain's) or 6 (faces).",
            DefaultValueFactory = _ => 26,
        };
        neighbours.AcceptOnlyFromAmong("26", "6");
        var device = new DeviceOptions("auto | cuda[:N] | opencl[:N] | cpu | ilgpu-cpu (see gpubv devices).");
        var memory = new MemoryOptions();
        var parameters = new ParametersOptions(
            "Extra softBV pair parameters (bvse.dat's tab/space layout with its header) that add to or override the shipped table.");
        var cmd = new Command("bvse", "Bond-valence site energy of a mobile ion on a periodic grid and its exact percolation barriers "
            + "E_1D, E_2D, E_3D.")
        {
            structure.File, ion, grid.Resolution, grid.Cutoff, grid.Encut, neighbours, device.Device, json, grd, cube, png,
            parameters.Params, structure.Oxi, structure.Block, structure.Format, missingH.Allow,
            memory.Memory,
        };
        cmd.SetAction(p =>
        {
            var mobile = MobileIon.Parse(p.GetValue(ion)!);
            double encut = p.GetValue(grid.Encut);
            if (!(encut > 0))
            {
                string value = encut.ToString(CultureInfo.InvariantCulture);
                throw new InputException(InputParameter.Encut, value, "must be a positive energy in eV");
            }
            var loaded = structure.Load(p, p.GetValue(missingH.Allow), memory.Budget(p));
            var connectivity = p.GetValue(neighbours) == 6 ? Connectivity.Faces6 : Connectivity.Full26;
            var options = new BvseOptions(mobile, p.GetValue(grid.Resolution), p.GetValue(grid.Cutoff), connectivity, encut)
            {
                Memory = memory.Budget(p),
            };
            using var devices = device.Open(p, stderr);
            var r = BvseCalculator.Run(loaded.Structure, options, devices, parameters.Table(p));
            WriteFiles(p.GetValue(grd), p.GetValue(png), p.GetValue(cube), loaded, options, r);
            var report = BvseReport.From(loaded, options, r);
            if (p.GetValue(json))
            {
                ReportJson.Write(stdout, report);
            }
            else
            {
                BvseReport.WriteText(stdout, stderr, options, r, report.Warnings, report.File);
            }
            return 0;
        });
        return cmd;
    }

    private static void WriteFiles(string? grd, string? png, string? cube, LoadedStructure loaded, BvseOptions o, BvseResult r)
    {
        var s = loaded.Structure;
        string name = Path.GetFileName(s.Source);
        string comment = $"BVSE of {o.Ion} in {name} by GpuBv: E - E_min (eV), resolution {o.Resolution} A, cutoff {o.Cutoff} A";
        if (grd is not null)
        {
            OutputFile.Write(grd, () => GridWriters.WriteGrd(grd, s.Lattice, r.Grid, r.Energies, r.EMinRaw, comment));
        }
        if (png is not null)
        {
            var perc = r.Percolation;
            var at = perc.Saddle3D ?? perc.Saddle2D ?? perc.Saddle1D ?? r.Grid.Fractional(Array.IndexOf(r.Energies, r.Energies.Min()));
            double top = Math.Min(o.Encut, Math.Max(1.0, 1.5 * (perc.E3D ?? perc.E1D ?? 1.0)));
            string label = perc.E3D is double e3 ? $"3D saddle, E_3D = {e3:0.000} eV"
                : perc.E1D is double e1 ? $"1D saddle, E_1D = {e1:0.000} eV" : "grid minimum";
            string title = $"BVSE of {o.Ion} in {name}: slices through the {label}";
            OutputFile.Write(png, () => Plots.BvseSlicePlot.Save(png, r, at, title, top));
        }
        if (cube is not null)
        {
            OutputFile.Write(cube, () => GridWriters.WriteCube(cube, s, r.Grid, r.Energies, r.EMinRaw, comment));
        }
    }
}
