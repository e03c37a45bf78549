using System.CommandLine;
using System.Globalization;
using GpuBv.Cli.Options;
using GpuBv.Cli.Plots;
using GpuBv.Cli.Reports;
using GpuBv.Cli.Reports.Traj;
using GpuBv.Crystal;
using GpuBv.Trajectory.Analysis;
using static GpuBv.Cli.Commands.Traj.TrajOutput;

namespace GpuBv.Cli.Commands.Traj;

/// <summary><c>gpubv traj density</c>: time-averaged probability density of a species on a grid
/// (pymatgen-analysis-diffusion's convention).</summary>
internal static class DensityCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new TrajectoryOptions();
        var memory = new MemoryOptions();
        var species = new Option<string>("--species") { Description = "The species counted, e.g. Na.", Required = true };
        var spacing = new Option<double>("--spacing")
        {
            Description = "Grid spacing in Å (points at fractional 0, s/|a|, 2s/|a|, …).",
            DefaultValueFactory = _ => 0.5,
        };
        var framework = new Option<string?>("--framework")
        {
            Description =
            "Elements whose mean displacement is subtracted (drift correction), e.g. P,S."
        };
        var fraction = new Option<double>("--fraction")
        {
            Description = "Report the isovalue whose superlevel set holds this fraction of the probability (0–1].",
            DefaultValueFactory = _ => 0.8,
        };
        var cube = new Option<string?>("--cube") { Description = "Write the density (Å⁻³) as a Gaussian cube file." };
        var chgcar = new Option<string?>("--chgcar") { Description = "Write the density as a VASP CHGCAR (P·V) for VESTA." };
        var png = new Option<string?>("--png") { Description = "Draw the density projected (summed) along a, b and c to FILE." };
        var cmd = o.Command("density",
            "Probability density of a species on a grid, as pymatgen-analysis-diffusion's ProbabilityDensityAnalysis: each position "
                + "counted at its nearest grid point "
            + "(minimum image, so right in oblique cells), P normalised so that Σ P·V/N_grid = 1 (Å⁻³). CSV: the grid points "
                + "with P > 0. Memory: the grid only.",
            species, spacing, framework, fraction, cube, chgcar, png, memory.Memory);
        cmd.SetAction(p => o.Execute(p, stderr, run =>
        {
            string el = run.Species(p.GetValue(species)!);
            double s = p.GetValue(spacing);
            double frac = p.GetValue(fraction);
            if (!(s > 0) || !double.IsFinite(s))
            {
                throw new InputException(InputParameter.Spacing, s.ToString(Inv), "must be a positive number of Å");
            }
            if (!(frac > 0 && frac <= 1))
            {
                throw new InputException("--fraction", frac.ToString(Inv), "must lie in (0, 1]");
            }
            var fw = p.GetValue(framework)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(x => run.Species(x, InputParameter.Framework)).ToArray();
            var d = ProbabilityDensity.Compute(run.Stream, el, s, fw, memory: memory.Budget(p));
            double iso = d.IsovalueForFraction(frac);
            WriteFiles(run, d, p.GetValue(cube), p.GetValue(chgcar), p.GetValue(png), el, s);
            Render(run, stdout, d, el, s, fw, frac, iso);
        }, needsTime: false));
        return cmd;
    }

    private static void WriteFiles(TrajectoryRun run, ProbabilityDensity d, string? cube, string? chgcar, string? png, string el, double s)
    {
        var lat = d.Lattice;
        run.WriteCsv(["i", "j", "k", "frac_a", "frac_b", "frac_c", "x_A", "y_A", "z_A", "density_A3"], Points(d).Select(q =>
        {
            var f = new Vec3(d.GridCoordinate(0, q.i), d.GridCoordinate(1, q.j), d.GridCoordinate(2, q.k));
            var r = lat.ToCartesian(f);
            return (IEnumerable<string>)[I(q.i), I(q.j), I(q.k), F(f.X), F(f.Y), F(f.Z), F(r.X), F(r.Y), F(r.Z), F(q.v)];
        }));
        if (cube is string cu)
        {
            Write(cu, () => d.WriteCube(cu));
        }
        if (chgcar is string ch)
        {
            Write(ch, () => d.WriteChgcar(ch));
        }
        if (png is string path)
        {
            string title = $"{el} probability density, {Path.GetFileName(run.Path)}, {d.Frames} frames, spacing {G(s)} Å";
            Write(path, () => TrajPlots.Heatmaps(path, title, Projections(d), "P (Å⁻³)"));
        }
    }

    private static void Render(TrajectoryRun run, TextWriter stdout, ProbabilityDensity d, string el, double s, string[]? fw, double frac,
        double iso)
    {
        if (run.Json)
        {
            ReportJson.Write(stdout, run.Head(new DensityReport
            {
                Species = el,
                Ions = d.AtomCount,
                Spacing = s,
                Grid = [d.N1, d.N2, d.N3],
                GridPoints = d.GridCount,
                DriftCorrected = d.DriftCorrected,
                Framework = fw,
                MaxDensity = Exact(d.MaxDensity),
                Fraction = frac,
                Isovalue = Exact(iso),
                OccupiedPoints = d.Density.Count(x => x > 0),
                Volume = Num(Math.Abs(d.Lattice.Volume), 6),
            }, "density"));
            return;
        }
        string drift = d.DriftCorrected ? $", drift-corrected by {string.Join(",", fw!)}" : "";
        stdout.WriteLine($"file:      {run.Path} ({d.Frames} frames, {d.AtomCount} {el})");
        stdout.WriteLine($"grid:      {d.N1} × {d.N2} × {d.N3} at {G(s)} Å{drift}");
        stdout.WriteLine($"max P:     {d.MaxDensity.ToString("0.######E+0", Inv)} Å⁻³");
        stdout.WriteLine($"isovalue:  {iso.ToString("0.######E+0", Inv)} Å⁻³ encloses {G(100 * frac, "0.#")} % of the probability");
    }

    /// <summary>The density averaged along a, b and c, as heat maps.</summary>
    private static List<(double[,], string, string, string)> Projections(ProbabilityDensity d)
    {
        var maps = new List<(double[,], string, string, string)>();
        string[] ax = ["a", "b", "c"];
        int[] n = [d.N1, d.N2, d.N3];
        foreach (var (sum, x, y) in new[] { (2, 0, 1), (1, 0, 2), (0, 1, 2) })
        {
            var m = new double[n[y], n[x]];
            for (int i = 0; i < d.N1; i++)
            {
                for (int j = 0; j < d.N2; j++)
                {
                    for (int k = 0; k < d.N3; k++)
                    {
                        int[] idx = [i, j, k];
                        m[n[y] - 1 - idx[y], idx[x]] += d[i, j, k] / n[sum];
                    }
                }
            }
            maps.Add((m, $"mean along {ax[sum]}", $"{ax[x]} (fractional)", $"{ax[y]} (fractional)"));
        }
        return maps;
    }

    private static IEnumerable<(int i, int j, int k, double v)> Points(ProbabilityDensity d)
    {
        for (int i = 0; i < d.N1; i++)
        {
            for (int j = 0; j < d.N2; j++)
            {
                for (int k = 0; k < d.N3; k++)
                {
                    if (d[i, j, k] > 0)
                    {
                        yield return (i, j, k, d[i, j, k]);
                    }
                }
            }
        }
    }
}
