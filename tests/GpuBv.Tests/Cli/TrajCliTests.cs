using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using GpuBv.Cli;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using Xunit;
using static GpuBv.Tests.Cli.GpubvRunner;

namespace GpuBv.Tests.Cli;

/// <summary><c>gpubv traj …</c> and <c>gpubv shm</c> in-process on the shipped trajectories: fields, reference
/// numbers, files, bad input.</summary>
public sealed class TrajCliTests
{
    private static string Traj(string name) => Path.Combine(TestData.Root, "trajectories", name);
    private static readonly string Na3PS4 = Traj("Na3PS4_cubic_800K_pmgdiff_pda_XDATCAR.gz");
    private static readonly string Li6PS5I = Traj("Li6PS5I_0p_run1_500K_XDATCAR.gz");
    private static readonly string LiBF4 = Traj("LiBF4comp_Li3B3F12_QE_MD_300K.extxyz.gz");
    private static readonly string PlainXyz = Traj(Path.Combine("format_edge_cases", "GEMDAT_Li3InCl6_lammps_dump_xyz.xyz"));
    private static readonly string LammpsData = Traj(Path.Combine("format_edge_cases", "GEMDAT_Li3InCl6_triclinic_lammps_data.txt"));


    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gpubv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static JsonElement Json(string stdout) => JsonDocument.Parse(stdout).RootElement;

    private static void IsPng(string path) => Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'],
        File.ReadAllBytes(path).Take(4).ToArray());

    private static string[] Csv(string path) => File.ReadAllLines(path);

    private static void Rel(double expected, double actual, double tol)
        => Assert.True(Math.Abs(actual - expected) <= tol * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    private static void HasFields(JsonElement e, params string[] names)
    {
        foreach (var n in names)
            Assert.True(e.TryGetProperty(n, out _), $"JSON lacks '{n}'");
    }

    private static readonly string[] Head = ["file", "analysis", "atoms", "frames", "dt_fs", "t_ini_ps", "t_window_ps", "input_error"];

    // ---------------------------------------------------------------- the subcommands on good input

    [Fact]
    public void DisplacementWritesJsonCsvAndHeatMap()
    {
        var dir = TempDir();
        string csv = Path.Combine(dir, "d.csv"), png = Path.Combine(dir, "d.png");
        var (code, stdout, stderr) = Run("traj", "displacement", Li6PS5I, "--dt-fs", "100", "--species", "Li", "--json", "--csv",
            csv, "--png", png);
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        var j = Json(stdout);
        HasFields(j, [.. Head, "species", "ions", "max_displacement_A", "max_displacement_atom", "mean_final_displacement_A", "per_ion"]);
        Assert.Equal(140, j.GetProperty("frames").GetInt32());
        Assert.Equal(192, j.GetProperty("ions").GetInt32());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("input_error").ValueKind);

        using var r = TrajectoryFile.Open(Li6PS5I);
        var lib = Displacement.Compute(r, "Li", 100);
        double max = 0;
        foreach (var v in lib.Values)
            max = Math.Max(max, v);
        Assert.Equal(max, j.GetProperty("max_displacement_A").GetDouble(), 9);

        var lines = Csv(csv);
        Assert.Equal(141, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal("time_ps", header[0]);
        Assert.Equal(193, header.Length);
        Assert.Equal($"Li_{lib.Atoms[0]}", header[1]);
        var last = lines[^1].Split(',');
        Assert.Equal(13.9, double.Parse(last[0], CultureInfo.InvariantCulture), 12);
        Assert.Equal(lib.Values[5, 139], double.Parse(last[6], CultureInfo.InvariantCulture), 12);
        IsPng(png);
    }

    [Fact]
    public void BondsFollowTheNearestGroupInATimeWindow()
    {
        var dir = TempDir();
        string csv = Path.Combine(dir, "b.csv"), png = Path.Combine(dir, "b.png");
        var (code, stdout, stderr) = Run("traj", "bonds", Li6PS5I, "--dt-fs", "100", "--cation", "30", "--center", "P", "--anion", "S",
            "--t-ini", "2", "--t-window", "5", "--json", "--csv", csv, "--png", png);
        Assert.True(code == 0, stderr);
        var j = Json(stdout);
        HasFields(j, [.. Head, "cation", "group", "bonds", "cation_center_distance_A", "cation_displacement_max_A"]);
        Assert.Equal(51, j.GetProperty("frames").GetInt32()); // frames 20 … 70
        Assert.Equal(20, j.GetProperty("t_ini_frame").GetInt32());
        Assert.Equal(30, j.GetProperty("cation").GetProperty("atom").GetInt32());
        Assert.Equal("PS4", j.GetProperty("group").GetProperty("formula").GetString());
        var bonds = j.GetProperty("bonds").EnumerateArray().ToList();
        Assert.Equal(4, bonds.Count);

        // The library on the same stretch.
        using var r = TrajectoryFile.Open(Li6PS5I);
        Frame? f20 = null;
        for (int i = 0; i <= 20; i++)
            Assert.True(r.TryRead(out f20));
        var groups = TrajectoryGroups.Find(r.Header, f20!, "P", "S");
        var nearest = BondTracker.NearestGroup(f20!, 30, groups);
        Assert.Equal(nearest.CenterAtom, j.GetProperty("group").GetProperty("center_atom").GetInt32());
        using var r2 = TrajectoryFile.Open(Li6PS5I);
        var lib = BondTracker.Track(r2, 30, nearest, 100, 20, 51);
        double thetaMax0 = Enumerable.Range(0, 51).Max(t => lib.BondAnglesDeg[0, t]);
        Assert.Equal(thetaMax0, bonds[0].GetProperty("theta_max_deg").GetDouble(), 3);

        var lines = Csv(csv);
        Assert.Equal(52, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal(["time_ps", "cation_displacement_A", "d_cation_center_A"], header.Take(3));
        Assert.Equal(3 + 3 * 4, header.Length);
        var row = lines[51].Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(5.0, row[0], 12);
        Assert.Equal(lib.BondAnglesDeg[3, 50], row[3 + 8 + 3], 9);
        Assert.Equal(lib.CationAnionDistances[1, 50], row[3 + 4 + 1], 9);
        IsPng(png);
    }

    [Fact]
    public void AcfGivesVelocityAndBondOrientationCurves()
    {
        var dir = TempDir();
        string csv = Path.Combine(dir, "a.csv"), png = Path.Combine(dir, "a.png");
        var (code, stdout, stderr) = Run("traj", "acf", Na3PS4, "--dt-fs", "20", "--species", "Na", "--center", "P", "--anion",
            "S", "--max-lag", "1",
            "--json", "--csv", csv, "--png", png);
        Assert.True(code == 0, stderr);
        var j = Json(stdout);
        HasFields(j, [.. Head, "velocity", "bond_orientation"]);
        var v = j.GetProperty("velocity");
        HasFields(v, "species", "ions", "lag_ps", "acf", "mean_square_velocity_A2_fs2");
        Assert.Equal(1.0, v.GetProperty("acf")[0].GetDouble(), 12);
        var b = j.GetProperty("bond_orientation");
        HasFields(b, "bonds", "lag_ps", "C1", "C2", "theta_mean_deg", "mean_bond_length_A");
        Assert.Equal(64, b.GetProperty("bonds").GetInt32());
        Assert.Equal(51, b.GetProperty("C1").GetArrayLength()); // lags 0 … 1 ps at 20 fs
        // SOURCES.md reference values at τ = 1 and 10 frames.
        Assert.Equal(0.996679, b.GetProperty("C1")[1].GetDouble(), 5);
        Assert.Equal(0.990071, b.GetProperty("C2")[1].GetDouble(), 5);
        Assert.Equal(4.138, b.GetProperty("theta_mean_deg")[1].GetDouble(), 3);
        Assert.Equal(0.974966, b.GetProperty("C1")[10].GetDouble(), 5);
        Assert.Equal(11.436, b.GetProperty("theta_mean_deg")[10].GetDouble(), 3);
        Assert.Equal(2.0806, b.GetProperty("mean_bond_length_A").GetDouble(), 4);

        var lines = Csv(csv);
        Assert.Equal("lag_ps,vacf_Na,C1,C2,theta_mean_deg", lines[0]);
        Assert.Equal(52, lines.Length);
        IsPng(png);
    }

    [Fact]
    public void DensityReproducesTheReferenceMaximum()
    {
        var dir = TempDir();
        string csv = Path.Combine(dir, "p.csv"), png = Path.Combine(dir, "p.png"), cube = Path.Combine(dir, "na.cube"),
            chg = Path.Combine(dir, "CHGCAR");
        var (code, stdout, stderr) = Run("traj", "density", Na3PS4, "--dt-fs", "20", "--species", "Na", "--spacing", "0.5",
            "--framework", "P,S",
            "--fraction", "0.8", "--json", "--csv", csv, "--png", png, "--cube", cube, "--chgcar", chg);
        Assert.True(code == 0, stderr);
        var j = Json(stdout);
        HasFields(j, [.. Head, "grid", "max_density", "isovalue", "fraction", "drift_corrected", "spacing_A"]);
        Assert.Equal(0.0361594977596, j.GetProperty("max_density").GetDouble(), 1e-8);
        Assert.True(j.GetProperty("drift_corrected").GetBoolean());
        Assert.Equal(3, j.GetProperty("grid").GetArrayLength());
        using var r = TrajectoryFile.Open(Na3PS4);
        var lib = ProbabilityDensity.Compute(r, "Na", 0.5, ["P", "S"]);
        Assert.Equal(lib.IsovalueForFraction(0.8), j.GetProperty("isovalue").GetDouble(), 15);
        Assert.Equal([lib.N1, lib.N2, lib.N3], j.GetProperty("grid").EnumerateArray().Select(x => x.GetInt32()));

        var lines = Csv(csv);
        Assert.Equal("i,j,k,frac_a,frac_b,frac_c,x_A,y_A,z_A,density_A3", lines[0]);
        Assert.Equal(lib.Density.Count(x => x > 0) + 1, lines.Length);
        Assert.Equal(lib.MaxDensity, lines.Skip(1).Max(l => double.Parse(l.Split(',')[9], CultureInfo.InvariantCulture)), 15);
        Assert.True(new FileInfo(cube).Length > 10000 && new FileInfo(chg).Length > 10000);
        IsPng(png);
    }

    [Fact]
    public void DiffusionReproducesTheReferenceNumbers()
    {
        var dir = TempDir();
        string csv = Path.Combine(dir, "msd.csv"), png = Path.Combine(dir, "msd.png");
        var (code, stdout, stderr) = Run("traj", "diffusion", Na3PS4, "--dt-fs", "20", "--species", "Na", "--temperature", "800",
            "--json", "--csv", csv, "--png", png);
        Assert.True(code == 0, stderr);
        var j = Json(stdout);
        HasFields(j, [.. Head, "D_cm2_s", "sigma_mS_cm", "charge_D_cm2_s", "haven_ratio", "max_displacement", "D_stderr_cm2_s",
            "charge", "smoothed"]);
        Rel(1.730947598766702e-05, j.GetProperty("D_cm2_s").GetDouble(), 1e-6);
        Rel(3.666219969302523e-06, j.GetProperty("charge_D_cm2_s").GetDouble(), 1e-6);
        Rel(687.0879206396459, j.GetProperty("sigma_mS_cm").GetDouble(), 1e-6);
        Rel(4.721341363202505, j.GetProperty("haven_ratio").GetDouble(), 1e-6);
        Assert.Equal(["Na", "P", "S"], j.GetProperty("max_displacement").EnumerateObject().Select(p => p.Name));
        Assert.Equal("max", j.GetProperty("smoothed").GetString());

        var lines = Csv(csv);
        Assert.Equal("lag_ps,msd_A2,mscd_A2,msd_x_A2,msd_y_A2,msd_z_A2", lines[0]);
        Assert.Equal(51, lines.Length); // 50 lags
        var first = lines[1].Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(1.0, first[0], 12);
        Rel(1.9884194818526562, first[1], 1e-6);
        IsPng(png);

        // Unsmoothed: one origin, every frame a point, MSD(0) = 0.
        var (code2, stdout2, stderr2) = Run("traj", "diffusion", Na3PS4, "--dt-fs", "20", "--species", "Na", "--temperature",
            "800", "--smoothed", "none", "--json", "--csv", csv);
        Assert.True(code2 == 0, stderr2);
        var j2 = Json(stdout2);
        Assert.Equal("none", j2.GetProperty("smoothed").GetString());
        Assert.True(j2.GetProperty("D_cm2_s").GetDouble() > 0);
        Assert.Equal(j2.GetProperty("D_cm2_s").GetDouble() / j2.GetProperty("charge_D_cm2_s").GetDouble(),
            j2.GetProperty("haven_ratio").GetDouble(), 9);
        var l2 = Csv(csv);
        Assert.Equal(101, l2.Length);
        Assert.Equal(0.0, double.Parse(l2[1].Split(',')[1], CultureInfo.InvariantCulture));
        // The same max displacements either way (both drift-correct by the non-Na atoms).
        Assert.Equal(j.GetProperty("max_displacement").GetProperty("Na").GetDouble(),
            j2.GetProperty("max_displacement").GetProperty("Na").GetDouble(), 5);
    }

    [Fact]
    public void HopsTableMatchesTheLibraryAndDrawsAHop()
    {
        var dir = TempDir();
        string csv = Path.Combine(dir, "h.csv"), png = Path.Combine(dir, "h.png");
        var (code, stdout, stderr) = Run("traj", "hops", Li6PS5I, "--dt-fs", "100", "--species", "Li", "--center", "P", "--anion", "S",
            "--criterion", "30", "--json", "--csv", csv, "--png", png, "--png-hop", "3");
        Assert.True(code == 0, stderr);
        var j = Json(stdout);
        HasFields(j, [.. Head, "settings", "hops_count", "coupled_fraction", "coupled_count", "summary", "hops", "groups"]);
        using var r = TrajectoryFile.Open(Li6PS5I);
        var lib = Hops.Analyze(r, new HopOptions("Li", 100) { Center = "P", Anion = "S" });
        Assert.Equal(lib.Hops.Count, j.GetProperty("hops_count").GetInt32());
        Assert.Equal(32, j.GetProperty("groups").GetInt32());
        var frac = j.GetProperty("coupled_fraction");
        Assert.Equal(lib.CoupledFractionPaper!.Value, frac.GetProperty("paper").GetDouble(), 6);
        Assert.Equal(["paper", "30", "45", "60", "120"], frac.EnumerateObject().Select(p => p.Name));
        string[] keys = ["30", "45", "60", "120"];
        for (int i = 0; i < 4; i++)
            Assert.Equal(lib.CoupledFractionAbove[i]!.Value, frac.GetProperty(keys[i]).GetDouble(), 6);
        var h3 = j.GetProperty("hops")[3];
        HasFields(h3, "hop", "atom", "element", "start_frame", "end_frame", "start_ps", "end_ps", "from_site", "to_site",
            "near_groups", "coupled", "coupled_by");
        Assert.Equal(lib.Hops[3].Atom, h3.GetProperty("atom").GetInt32());
        Assert.Equal(lib.Hops[3].StartFrame * 0.1, h3.GetProperty("start_ps").GetDouble(), 9);
        Assert.Equal(lib.Hops[3].CoupledAbove[0], h3.GetProperty("coupled").GetBoolean()); // --criterion 30
        var g = h3.GetProperty("near_groups")[0];
        HasFields(g, "center_atom", "theta_max_deg", "theta_max_average_deg", "above_average", "min_distance_A");
        Assert.Equal("hop 3", j.GetProperty("png").GetString());
        Assert.Contains("fraction rotation-coupled: paper", j.GetProperty("summary").GetString());

        var lines = Csv(csv);
        Assert.Equal(lib.Hops.Count + 1, lines.Length);
        Assert.StartsWith("hop,atom,element,start_frame,end_frame,start_ps,end_ps,window_frames,from_site,to_site,near_groups,"
            + "n_near_groups,max_theta_deg,coupled,coupled_paper,coupled_30,coupled_45,coupled_60,coupled_120", lines[0]);
        IsPng(png);

        // The text summary line, with the chance level of each criterion.
        var (code2, stdout2, _) = Run("traj", "hops", Li6PS5I, "--dt-fs", "100", "--species", "Li", "--center", "P", "--anion",
            "S", "--baseline");
        Assert.Equal(0, code2);
        Assert.Contains($"{lib.Hops.Count} hops", stdout2);
        Assert.Contains(">30°", stdout2);
        Assert.Contains("chance level", stdout2);
        var (code3, stdout3, _) = Run("traj", "hops", Li6PS5I, "--dt-fs", "100", "--species", "Li", "--center", "P", "--anion",
            "S", "--baseline", "--json");
        Assert.Equal(0, code3);
        var chance = Json(stdout3).GetProperty("chance_fraction");
        Assert.Equal(["paper", "30", "45", "60", "120"], chance.EnumerateObject().Select(p => p.Name));
        Assert.All(chance.EnumerateObject(), p => Assert.InRange(p.Value.GetDouble(), 0, 1));
        // No near group turns by 30° during a hop here, so neither the hops nor the shifted windows pass 120°.
        Assert.Equal(0, chance.GetProperty("120").GetDouble());
    }

    [Fact]
    public void OtherFormatsAndTheCellOption()
    {
        // Extended XYZ (hexagonal cell), B–F bonds.
        var (code, stdout, stderr) = Run("traj", "acf", LiBF4, "--dt-fs", "0.4838", "--center", "B", "--anion", "F", "--max-lag",
            "0.05", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(1746, Json(stdout).GetProperty("frames").GetInt32());
        Assert.Equal(12, Json(stdout).GetProperty("bond_orientation").GetProperty("bonds").GetInt32());

        // Plain XYZ needs --cell.
        (code, _, stderr) = Run("traj", "displacement", PlainXyz, "--dt-fs", "10", "--species", "Li");
        Assert.Equal(2, code);
        Assert.Contains("--cell", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        (code, stdout, stderr) = Run("traj", "displacement", PlainXyz, "--dt-fs", "10", "--species", "Li", "--format", "xyz",
            "--cell", "12.6 0 0 0 12.6 0 0 0 12.6", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(4, Json(stdout).GetProperty("frames").GetInt32());
        Assert.Equal(24, Json(stdout).GetProperty("ions").GetInt32());
        (code, _, stderr) = Run("traj", "displacement", PlainXyz, "--dt-fs", "10", "--species", "Li", "--cell", "12.6 12.6");
        Assert.Equal(2, code);
        Assert.Contains("--cell", stderr);

        // Coplanar or zero cell vectors are a usage error naming --cell, not an internal error.
        (code, _, stderr) = Run("traj", "displacement", PlainXyz, "--dt-fs", "10", "--species", "Li", "--cell", "0 0 0");
        Assert.Equal(2, code);
        Assert.Contains("--cell: 0 0 0: the cell vectors are degenerate (zero volume)", stderr);
        (code, _, stderr) = Run("traj", "displacement", PlainXyz, "--dt-fs", "10", "--species", "Li", "--cell", "1 0 0 0 1 0 1 1 0");
        Assert.Equal(2, code);
        Assert.Contains("degenerate", stderr);

        // LAMMPS data file: one frame.
        (code, stdout, stderr) = Run("traj", "displacement", LammpsData, "--dt-fs", "1", "--species", "Li", "--format",
            "lammps-data", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(1, Json(stdout).GetProperty("frames").GetInt32());

        // Bad options.
        (code, _, stderr) = Run("traj", "displacement", LammpsData, "--dt-fs", "1", "--species", "Li", "--types", "1=Li,2");
        Assert.Equal(2, code);
        Assert.Contains("--types", stderr);
        (code, _, stderr) = Run("traj", "displacement", Na3PS4, "--species", "Na");
        Assert.Equal(2, code);
        Assert.Contains("--dt-fs", stderr);
        (code, _, stderr) = Run("traj", "density", Na3PS4, "--dt-fs", "20", "--species", "Li");
        Assert.Equal(2, code);
        Assert.Contains("no Li atoms", stderr);
        (code, _, stderr) = Run("traj", "displacement", Na3PS4, "--dt-fs", "20", "--species", "Na", "--t-ini", "50");
        Assert.Equal(2, code);
        Assert.Contains("--t-ini", stderr);
    }

    [Fact]
    public void HelpSaysWhereMemoryGrowsWithFrames()
    {
        foreach (var sub in new[] { "diffusion", "acf" })
        {
            var (code, stdout, _) = Run("traj", sub, "--help");
            Assert.Equal(0, code);
            Assert.Contains("N_frames", stdout);
            Assert.Contains("--dt-fs", stdout);
        }
        foreach (var sub in new[] { "displacement", "bonds", "density", "hops" })
            Assert.Equal(0, Run("traj", sub, "--help").code);
        Assert.Contains("rad/ps", Run("shm", "--help").stdout);
    }

    // ---------------------------------------------------------------- bad frames: outputs for the frames before, then one error line

    /// <summary>The Na3PS4 XDATCAR decompressed, changed by <paramref name="edit"/> (lines, 0-based), written to a
    /// temporary file.</summary>
    private static string BrokenCopy(string name, Func<List<string>, List<string>> edit)
    {
        using var gz = new GZipStream(File.OpenRead(Na3PS4), CompressionMode.Decompress);
        using var sr = new StreamReader(gz);
        var lines = new List<string>();
        string? l;
        while ((l = sr.ReadLine()) is not null)
            lines.Add(l);
        var path = Path.Combine(TempDir(), name);
        File.WriteAllLines(path, edit(lines));
        return path;
    }

    // Na3PS4: 7 header lines, then per frame a configuration line and 128 positions; frame k (1-based) starts at line
    // index 7 + 129 (k − 1).
    private static int FrameLine(int frame) => 7 + 129 * (frame - 1);

    private static void OneErrorLine(string stderr, string file, string frame)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(file, lines[0]);
        Assert.Contains(frame, lines[0]);
        Assert.Matches(@"line \d+", lines[0]);
    }

    [Fact]
    public void TruncatedLastFrameStillWritesTheEarlierFrames()
    {
        var path = BrokenCopy("Na3PS4_truncated_XDATCAR", l => l.Take(l.Count - 50).ToList());
        var dir = TempDir();
        string csv = Path.Combine(dir, "d.csv");
        var (code, stdout, stderr) = Run("traj", "displacement", path, "--dt-fs", "20", "--species", "Na", "--json", "--csv", csv);
        Assert.Equal(2, code);
        OneErrorLine(stderr, path, "frame 100");
        Assert.Contains("truncated", stderr);
        var j = Json(stdout);
        Assert.Equal(99, j.GetProperty("frames").GetInt32());
        Assert.Contains("frame 100", j.GetProperty("input_error").GetString());
        Assert.Equal(100, Csv(csv).Length); // header + 99 frames

        // Diffusion on the 99 good frames; its JSON and CSV are still written.
        string msd = Path.Combine(dir, "msd.csv");
        (code, stdout, stderr) = Run("traj", "diffusion", path, "--dt-fs", "20", "--species", "Na", "--temperature", "800",
            "--json", "--csv", msd);
        Assert.Equal(2, code);
        OneErrorLine(stderr, path, "frame 100");
        Assert.Equal(99, Json(stdout).GetProperty("frames").GetInt32());
        Assert.True(Json(stdout).GetProperty("D_cm2_s").GetDouble() > 0);
        Assert.True(Csv(msd).Length > 10);
    }

    [Fact]
    public void AtomCountMismatchStopsAtThatFrame()
    {
        // Frame 50 loses one atom line: the reader meets the next configuration line early.
        var path = BrokenCopy("Na3PS4_missing_atom_XDATCAR", l =>
        {
            l.RemoveAt(FrameLine(50) + 5);
            return l;
        });
        var dir = TempDir();
        string csv = Path.Combine(dir, "b.csv"), png = Path.Combine(dir, "b.png");
        var (code, stdout, stderr) = Run("traj", "bonds", path, "--dt-fs", "20", "--species", "Na", "--center", "P", "--anion",
            "S", "--json", "--csv", csv, "--png", png);
        Assert.Equal(2, code);
        OneErrorLine(stderr, path, "frame 50");
        Assert.Contains("atom-count mismatch", stderr);
        Assert.Equal(49, Json(stdout).GetProperty("frames").GetInt32());
        Assert.Equal(50, Csv(csv).Length);
        IsPng(png);
    }

    [Fact]
    public void NonNumericCoordinateStopsAtThatFrame()
    {
        var path = BrokenCopy("Na3PS4_bad_number_XDATCAR", l =>
        {
            l[FrameLine(30) + 3] = " abc 0.75497420 0.00971453";
            return l;
        });
        var dir = TempDir();
        string csv = Path.Combine(dir, "h.csv"), acf = Path.Combine(dir, "a.csv");
        var (code, stdout, stderr) = Run("traj", "hops", path, "--dt-fs", "20", "--species", "Na", "--center", "P", "--anion",
            "S", "--json", "--csv", csv);
        Assert.Equal(2, code);
        OneErrorLine(stderr, path, "frame 30");
        Assert.Contains("'abc'", stderr);
        var j = Json(stdout);
        Assert.Equal(29, j.GetProperty("frames").GetInt32());
        Assert.Equal(j.GetProperty("hops_count").GetInt32() + 1, Csv(csv).Length);

        (code, stdout, stderr) = Run("traj", "acf", path, "--dt-fs", "20", "--species", "Na", "--center", "P", "--anion", "S",
            "--json", "--csv", acf);
        Assert.Equal(2, code);
        OneErrorLine(stderr, path, "frame 30");
        Assert.Equal(29, Json(stdout).GetProperty("frames").GetInt32());
        Assert.Equal(30, Csv(acf).Length); // lags 0 … 28

        // An error in the first frame leaves nothing to analyse: still exit 2 with the reader's one line.
        var first = BrokenCopy("Na3PS4_bad_first_XDATCAR", l =>
        {
            l[FrameLine(1) + 1] = "x y z";
            return l;
        });
        (code, _, stderr) = Run("traj", "density", first, "--dt-fs", "20", "--species", "Na", "--json");
        Assert.Equal(2, code);
        OneErrorLine(stderr, first, "frame 1");
    }

    // ---------------------------------------------------------------- gpubv shm

    [Fact]
    public void ShmEqualFrequenciesFollowTheFormulas()
    {
        double ac = 0.3, aa = 0.2, pc = 1.0, pa = 3.0;
        var (code, stdout, stderr) = Run("shm", "--ac", "0.3", "--aa", "0.2", "--wc", "50", "--phic", "1", "--phia", "3", "--json");
        Assert.True(code == 0, stderr);
        var j = Json(stdout);
        double delta = pc - pa;
        Assert.Equal(Math.Sqrt(ac * ac + aa * aa + 2 * ac * aa * Math.Cos(delta)), j.GetProperty("A_c_prime").GetDouble(), 12);
        Assert.Equal(Math.Acos(-aa / (2 * ac)), j.GetProperty("critical_phase_difference").GetDouble(), 12);
        Assert.Equal(2.0, j.GetProperty("reduced_phase_difference").GetDouble(), 12);
        Assert.False(j.GetProperty("enhanced").GetBoolean()); // 2 rad > arccos(−1/3) = 1.9106 rad
        Assert.True(j.GetProperty("equal_frequencies").GetBoolean());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("beat_period").ValueKind);

        // Just inside the critical phase difference: enhanced.
        (code, stdout, _) = Run("shm", "--ac", "0.3", "--aa", "0.2", "--phic", "1.9", "--json");
        Assert.Equal(0, code);
        Assert.True(Json(stdout).GetProperty("enhanced").GetBoolean());
        // A_a > 2 A_c: always enhanced, critical phase difference π.
        (code, stdout, _) = Run("shm", "--ac", "0.1", "--aa", "0.25", "--phic", "3.1", "--json");
        Assert.Equal(0, code);
        Assert.True(Json(stdout).GetProperty("always_enhanced").GetBoolean());
        Assert.True(Json(stdout).GetProperty("enhanced").GetBoolean());
        Assert.Equal(Math.PI, Json(stdout).GetProperty("critical_phase_difference").GetDouble(), 12);
    }

    [Fact]
    public void ShmUnequalFrequenciesGiveBeatAndWindow()
    {
        var png = Path.Combine(TempDir(), "shm.png");
        var (code, stdout, stderr) = Run("shm", "--ac", "0.3", "--aa", "0.2", "--wc", "50", "--wa", "40", "--phic", "0.5",
            "--json", "--png", png);
        Assert.True(code == 0, stderr);
        var j = Json(stdout);
        Assert.False(j.GetProperty("equal_frequencies").GetBoolean());
        Assert.Equal(2 * Math.PI / 10, j.GetProperty("beat_period").GetDouble(), 12);
        Assert.Equal(2 * Math.Acos(-0.2 / 0.6) / 10, j.GetProperty("enhancement_window").GetDouble(), 12);
        Assert.Equal(Math.Acos(-0.2 / 0.6) / Math.PI, j.GetProperty("enhanced_fraction").GetDouble(), 12);
        Assert.Equal(Math.Sqrt(0.09 + 0.04 + 2 * 0.06 * Math.Cos(0.5)), j.GetProperty("A_c_prime").GetDouble(), 12);
        Assert.Equal(0.1, j.GetProperty("A_c_prime_min").GetDouble(), 12);
        Assert.Equal(0.5, j.GetProperty("A_c_prime_max").GetDouble(), 12);
        IsPng(png);

        (code, _, stderr) = Run("shm", "--ac", "0", "--aa", "0.2");
        Assert.Equal(2, code);
        Assert.Contains("--ac", stderr);
    }
}
