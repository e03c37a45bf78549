using System.Diagnostics;
using System.Globalization;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Bench;

/// <summary>
/// Trajectory throughput on the CPU: frames/s and atoms·frames/s for reading (from the .gz file, and parsing text already
/// in memory) and for each measure of <c>gpubv traj</c> (on frames already in memory, so the analysis alone is timed).
/// Usage: <c>traj [--seconds 2] [FILE --dt-fs 100 --species Li --center P --anion S]</c> (default: the shipped Li6PS5I
/// trajectory, 140 frames × 416 atoms, 100 fs per frame). Each row is the best of repeated runs for at least the given time.
/// </summary>
internal static class TrajBench
{
    public static int Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        double seconds = double.Parse(Program.Arg(args, "--seconds", "2"), inv);
        string file = args.FirstOrDefault(
            a => !a.StartsWith("--") && Array.IndexOf(args, a) is int i && (i == 0 || !args[i - 1].StartsWith("--")))
            ?? Path.Combine(Program.DataRoot(), "trajectories", "Li6PS5I_0p_run1_500K_XDATCAR.gz");
        double dt = double.Parse(Program.Arg(args, "--dt-fs", "100"), inv);
        string species = Program.Arg(args, "--species", "Li"),
            centre = Program.Arg(args, "--center", "P"),
            anion = Program.Arg(args, "--anion", "S");

        string text;
        using (var r = TrajectoryFile.OpenText(file))
            text = r.ReadToEnd();
        var format = TrajectoryFile.DetectFormat(file);
        var frames = new List<Frame>();
        TrajectoryHeader header;
        using (var r = TrajectoryFile.Open(new StringReader(text), file, format))
        {
            header = r.Header;
            while (r.TryRead(out var f))
                frames.Add(f);
        }
        int n = header.AtomCount, nf = frames.Count;
        int threads = Environment.ProcessorCount;
        Console.WriteLine(
            $"benchmark: traj, {Path.GetFileName(file)}: {nf} frames × {n} atoms ({header.IndicesOf(species).Length} {species}), "
            + $"dt {dt} fs, {centre}–{anion} groups; CPU, .NET Parallel.For on {threads} threads where the library uses it; "
            + $"best of runs for ≥ {seconds} s each");
        Console.WriteLine($"{"stage",-36} {"ms/run",10} {"frames/s",12} {"atoms·frames/s",16}");

        void Row(string name, Action run)
        {
            run(); // warm-up
            double best = double.MaxValue, total = 0;
            int runs = 0;
            while (total < seconds || runs < 3)
            {
                var sw = Stopwatch.StartNew();
                run();
                double t = sw.Elapsed.TotalSeconds;
                best = Math.Min(best, t);
                total += t;
                runs++;
            }
            Console.WriteLine(string.Create(inv, $"{name,-36} {best * 1000,10:0.00} {nf / best,12:0} {(double)n * nf / best,16:0.###E+0}"));
        }

        ITrajectoryReader Mem() => new FrameListReader(header, frames);
        Row("read .gz file (gunzip + parse)", () =>
        {
            using var r = TrajectoryFile.Open(file);
            while (r.TryRead(out _))
            {
            }
        });
        Row("read text in memory (parse)", () =>
        {
            using var r = TrajectoryFile.Open(new StringReader(text), file, format);
            while (r.TryRead(out _))
            {
            }
        });
        Row($"displacement ({species})", () => Displacement.Compute(Mem(), species, dt));
        var groups = TrajectoryGroups.Find(header, frames[0], centre, anion);
        int cation = header.IndicesOf(species)[0];
        Row($"bonds ({species}{cation}, nearest {groups[0].Formula})", () =>
        {
            BondTracker.TrackNearest(Mem(), cation, groups, dt);
            Displacement.Compute(Mem(), [cation], dt);
        });
        Row($"acf velocity ({species})", () => Autocorrelation.Velocity(Mem(), species, dt));
        Row($"acf bond orientation ({centre}–{anion})", () => Autocorrelation.BondOrientation(Mem(), centre, anion));
        var framework = header.Elements.Distinct().Where(e => e != species).ToArray();
        Row($"density ({species}, 0.5 Å, drift {string.Join(",", framework)})",
            () => ProbabilityDensity.Compute(Mem(), species, 0.5, framework));
        Row($"diffusion ({species}, smoothed max)", () => Diffusion.Compute(Mem(), species, dt, 500));
        Row($"hops ({species}, {centre}–{anion})",
            () => Hops.Analyze(Mem(), new HopOptions(species, dt) { Center = centre, Anion = anion }));
        return 0;
    }

}
