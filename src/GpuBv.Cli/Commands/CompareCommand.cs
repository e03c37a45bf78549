using System.CommandLine;
using System.Globalization;
using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Cli.Commands.Traj;
using GpuBv.Cli.Options;
using GpuBv.Cli.Plots;
using GpuBv.Cli.Reports;
using GpuBv.Compare;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Groups;
using GpuBv.IO.Structures;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory;
using ReadOptions = GpuBv.IO.Trajectories.TrajectoryOptions;

namespace GpuBv.Cli.Commands;

/// <summary>
/// <c>gpubv compare STRUCTURE TRAJECTORY --cation Li1+</c> (or <c>gpubv compare --from-run TRAJECTORY --cation Li1+</c>):
/// the static bond-valence picture of a structure against an MD run of it (issue 16).
/// </summary>
internal static class CompareCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "STRUCTURE TRAJECTORY: the structure file (CIF, POSCAR/.vasp, extended XYZ) and the MD trajectory (XDATCAR, "
                + "extended XYZ, LAMMPS dump/data; .gz read on the fly); with --from-run only TRAJECTORY.",
            Arity = new ArgumentArity(1, 2),
        };
        var fromRun = new Option<bool>("--from-run")
        {
            Description = "No structure file: build the structure from the run (time average of the unwrapped positions of the "
                + "non-diffusing species, frame 0 as the minimum-image reference, with the cations of frame 0), in the run's own cell.",
        };
        var cation = new Option<string>("--cation") { Description = "Mobile cation, e.g. Li1+, Na+.", Required = true };
        var anion = new Option<string?>("--anion")
        {
            Description = "Anion of the groups, e.g. S2- (default: the anion element forming the most groups).",
        };
        var temperature = new Option<double?>("--temperature")
        {
            Description = "T in K: also the Bhattacharyya overlap of the MD density with exp(−(E − E_min)/k_B T) of the map "
                + "(qualitative: BVSE energies are not free energies).",
        };
        var dt = new Option<double?>("--dt-fs")
        {
            Description = "Time between stored frames (fs); optional: nothing reported needs it (hop windows are in frames).",
        };
        var sigma = new Option<double?>("--sigma")
        {
            Description = "Gaussian smoothing σ (Å) of the MD density before it is compared (default: none, the raw counts).",
        };
        var step = new Option<double>("--level-step")
        {
            Description = "Step (eV) of the ladder of levels 0 … E_3D + 0.5 eV.",
            DefaultValueFactory = _ => 0.05,
        };
        var lengthTol = new Option<double>("--length-tolerance")
        {
            Description = "Registration: largest relative difference of the cell lengths of M·L and the trajectory's cell.",
            DefaultValueFactory = _ => 0.02,
        };
        var angleTol = new Option<double>("--angle-tolerance")
        {
            Description = "Registration: largest difference of the cell angles (degrees).",
            DefaultValueFactory = _ => 1.0,
        };
        var erotGrid = new Option<string>("--erot-grid")
        {
            Description = "E_rot on local fine grids around each group (default) or the screening grid (global; faster).",
            DefaultValueFactory = _ => "local",
        };
        erotGrid.AcceptOnlyFromAmong("local", "global");
        var erotSpacing = new Option<double>("--erot-spacing")
        {
            Description = "Local grid spacing for E_rot (Å).",
            DefaultValueFactory = _ => 0.03,
        };
        var minResidence = new Option<int>("--min-residence")
        {
            Description = "Hops: frames an ion must stay on a new site (as traj hops).",
            DefaultValueFactory = _ => GpuBv.Trajectory.Analysis.HopOptions.DefaultMinResidence,
        };
        var lagOption = new Option<int?>("--lag")
        {
            Description = "Lag τ (frames) of the bond-rotation angle distribution (default: the median hop window, from a second "
                + "pass over the trajectory).",
        };
        var siteRadius = new Option<double>("--site-radius")
        {
            Description = "Ring fraction: an anion farther than this from every static site lies on the ring (Å).",
            DefaultValueFactory = _ => GpuBv.Compare.RotationRingOptions.DefaultSiteRadius,
        };
        var frameIni = new Option<int?>("--frame-ini") { Description = "First analysed frame (0-based)." };
        var frameCount = new Option<int?>("--frames") { Description = "Number of analysed frames (default: to the end)." };
        var types = new Option<string?>("--types") { Description = "LAMMPS atom type → element, e.g. 1=Li,2=In,3=Cl." };
        var grid = new GridOptions("BVSE grid spacing (Å); the MD density is counted on the same points.", "Interaction cutoff (Å).",
            "Barriers above this (eV) are none.");
        var device = new DeviceOptions();
        var memory = new MemoryOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var png = new Option<string?>("--png")
        {
            Description = "Draw the BVSE map and the MD density on the same three slices (through the densest MD point), with the "
                + "contour at E_mig on both.",
        };
        var oxi = new Option<string?>("--oxi")
        {
            Description = "Oxidation states, e.g. Li=1,P=5,S=-2 (override the file and the guess).",
        };
        var block = new Option<string?>("--block") { Description = "CIF data block to read (default: the first with atom sites)." };
        var cmd = new Command("compare", "Static meets dynamic: the cation's BVSE map of a structure against its MD density in a run "
            + "of it (registered: the run's cell = M × the structure's, origin by the framework), the fraction of MD probability "
            + "inside each level of the map, the dimensionality the ions realise, the static coupling mode (E_mig/E_rot) and the "
            + "hops' coupling to rotation against its chance level, the anion density on the rotation rings and the distribution "
            + "of bond rotation angles.")
        {
            files, fromRun, cation, anion, temperature, dt, sigma, step, lengthTol, angleTol, erotGrid, erotSpacing, minResidence, frameIni,
            frameCount, types, grid.Resolution, grid.Cutoff, grid.Encut, device.Device, memory.Memory, json, png, oxi, block, lagOption,
            siteRadius,
        };
        cmd.SetAction(p =>
        {
            var paths = p.GetValue(files) ?? [];
            bool built = p.GetValue(fromRun);
            if (built && paths.Length != 1)
            {
                throw new InputException("--from-run", string.Join(" ", paths),
                    "give only the trajectory (the structure is built from it)");
            }
            if (!built && paths.Length != 2)
            {
                throw new InputException("compare", string.Join(" ", paths),
                    "give STRUCTURE TRAJECTORY, or --from-run TRAJECTORY to build the structure from the run");
            }
            var mobile = MobileIon.Parse(p.GetValue(cation)!, InputParameter.Cation);
            if (!mobile.IsCation)
            {
                throw new InputException(InputParameter.Cation, mobile.ToString(), "must be a cation, e.g. Li1+");
            }
            var anionIon = p.GetValue(anion) is string an ? MobileIon.Parse(an, InputParameter.Anion) : null;
            double? t = p.GetValue(temperature);
            if (t is double tk && (!(tk > 0) || !double.IsFinite(tk)))
            {
                throw new InputException("--temperature", tk.ToString(Inv), "must be a positive number of K");
            }
            double? s = p.GetValue(sigma);
            if (s is double sg && (!(sg >= 0) || !double.IsFinite(sg)))
            {
                throw new InputException("--sigma", sg.ToString(Inv), "must be a number of Å ≥ 0");
            }
            double? dtFs = p.GetValue(dt);
            if (dtFs is double d && (!(d > 0) || !double.IsFinite(d)))
            {
                throw new InputException(InputParameter.TimeStep, d.ToString(Inv), "must be a positive number of fs");
            }
            double ls = p.GetValue(step);
            if (!(ls > 0) || !double.IsFinite(ls))
            {
                throw new InputException("--level-step", ls.ToString(Inv), "must be a positive number of eV");
            }
            double lt = p.GetValue(lengthTol), at = p.GetValue(angleTol);
            if (!(lt > 0 && lt < 0.5))
            {
                throw new InputException("--length-tolerance", lt.ToString(Inv), "must lie in (0, 0.5), e.g. 0.02 for 2 %");
            }
            if (!(at > 0 && at < 30))
            {
                throw new InputException("--angle-tolerance", at.ToString(Inv), "must lie in (0, 30) degrees");
            }
            int mr = p.GetValue(minResidence);
            if (mr < 1)
            {
                throw new InputException("--min-residence", mr.ToString(Inv), "must be ≥ 1 frame");
            }
            int? lag = p.GetValue(lagOption);
            if (lag is < 1)
            {
                throw new InputException("--lag", lag.Value.ToString(Inv), "must be at least 1 frame");
            }
            double sr = p.GetValue(siteRadius);
            if (!(sr > 0 && sr < 2))
            {
                throw new InputException("--site-radius", sr.ToString(Inv), "must lie in (0, 2) Å");
            }
            int start = p.GetValue(frameIni) ?? 0;
            if (start < 0)
            {
                throw new InputException(InputParameter.FrameStart, start.ToString(Inv), "must be a frame number ≥ 0");
            }
            int? count = p.GetValue(frameCount);
            if (count is < 1)
            {
                throw new InputException(InputParameter.FrameCount, count.Value.ToString(Inv), "must be at least 1");
            }
            var budget = memory.Budget(p);
            string trajPath = paths[^1];
            var readOptions = new ReadOptions(GpuBv.Cli.Options.TrajectoryOptions.ParseTypes(p.GetValue(types)));
            TrajectorySlice Open() => new(TrajectoryFile.Open(trajPath, readOptions), start, count, ConsoleProgress.For(stderr));

            var explicitStates = p.GetValue(oxi) is string ox ? OxidationStates.ParseExplicit(ox) : null;
            Structure raw;
            IReadOnlyList<string> readWarnings = [];
            if (built)
            {
                using var first = Open();
                string el = first.Header.ResolveSpecies(mobile.Element, InputParameter.Cation);
                raw = StructureFromRun.Build(first, el, out _);
                if (first.Error is not null)
                {
                    throw first.Error;
                }
            }
            else
            {
                raw = StructureReader.ReadFile(paths[0], StructureFormat.Auto, new CifReadOptions(p.GetValue(block)), budget);
                StructureChecks.RequireComplete(raw, false);
                readWarnings = raw.Warnings.Select(ParameterNames.Render).ToList();
            }
            var oxidation = OxidationStates.Assign(raw, explicitStates, memory: budget);
            var structure = oxidation.Structure;
            var options = new ComparisonOptions(mobile)
            {
                Anion = anionIon, Temperature = t, TimeStepFs = dtFs, Sigma = s, Resolution = p.GetValue(grid.Resolution),
                Cutoff = p.GetValue(grid.Cutoff), Encut = p.GetValue(grid.Encut), LevelStep = ls,
                GlobalErotGrid = p.GetValue(erotGrid) == "global", Rotation = new RotationOptions(p.GetValue(erotSpacing)),
                Registration = new RegistrationOptions(lt, at), StructureFromRun = built, MinResidence = mr, Memory = budget,
                Lag = lag, SiteRadius = sr,
            };
            using var devices = device.Open(p, stderr);
            using var slice = Open();
            var result = StaticDynamicComparison.Run(structure, slice, options, devices, reopen: Open);
            string? error = slice.Error is null ? null : ParameterNames.Render(slice.Error);
            string? pngPath = p.GetValue(png);
            if (pngPath is not null)
            {
                OutputFile.Write(pngPath, () => CompareFigure.Save(pngPath, result, structure, trajPath, dtFs));
            }
            var warnings = readWarnings.Concat(oxidation.Warnings.Select(ParameterNames.Render)).Concat(result.Warnings)
                .Select(ParameterNames.Render).Distinct().ToList();
            var report = CompareReport.From(built ? null : paths[0], trajPath, options, result, start, slice.Header.AtomCount, dtFs,
                oxidation.States, warnings, pngPath, error);
            if (p.GetValue(json))
            {
                ReportJson.Write(stdout, report);
            }
            else
            {
                report.WriteText(stdout);
                ReportValues.WriteWarnings(stderr, Path.GetFileName(built ? trajPath : paths[0]), warnings);
            }
            if (error is not null)
            {
                stderr.WriteLine($"gpubv: error: {error} (the outputs cover the {result.Frames} frames before it)");
                return Program.InputError;
            }
            return 0;
        });
        return cmd;
    }
}
