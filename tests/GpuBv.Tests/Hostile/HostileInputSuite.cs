using System.IO.Compression;
using System.Text;
using GpuBv.Tests.Cli;
using Xunit;

namespace GpuBv.Tests.Hostile;

/// <summary>
/// The hostile-input table of issue 12: one row per case (an input made here, a command, the exit code and a pattern
/// the one-line message must hold), run through the whole command line. Bad input ends in exit 2 with one line
/// naming the file or option and the problem, never a stack trace, a hang or an internal error; the clean cases
/// keep exit 0. Each case is small, so the whole table runs in seconds.
/// </summary>
public sealed class HostileInputSuite
{
    private const string CellTemplate = """
        data_x
        _cell_length_a A
        _cell_length_b 5
        _cell_length_c 5
        _cell_angle_alpha ALPHA
        _cell_angle_beta ALPHA
        _cell_angle_gamma ALPHA
        loop_
        _atom_site_label
        _atom_site_type_symbol
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        _atom_site_occupancy
        Li1 Li 0 0 0 1
        F1 F 0.5 0.5 0.5 1
        """;

    private static readonly string Na3Ps4 =
        Path.Combine(TestData.Root, "trajectories", "Na3PS4_cubic_800K_pmgdiff_pda_XDATCAR.gz");

    private static string Cif(string a = "5", string alpha = "90", string extraAtom = "")
        => CellTemplate.Replace("_a A", "_a " + a).Replace("ALPHA", alpha) + extraAtom;

    /// <summary>A case: name, files to make (name → bytes), command with {file} for the first file, exit, pattern.</summary>
    public sealed record Case(string Name, (string File, byte[] Bytes)[] Files, string[] Args, int Exit, string Pattern)
    {
        /// <inheritdoc/>
        public override string ToString() => Name;
    }

    private static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Gzip(string s)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Text(s));
        }
        return ms.ToArray();
    }

    private static string Blocks(int n)
        => string.Concat(Enumerable.Range(0, n).Select(i => Cif().Replace("data_x", $"data_b{i}") + "\n"));

    /// <summary>The table.</summary>
    public static TheoryData<Case> Cases()
    {
        string[] Bvse(params string[] more) => ["bvse", "{file}", "--ion", "Li1+", "--device", "cpu", .. more];
        var cases = new List<Case>
        {
            // clean cases stay clean
            new("clean LiF info", [("LiF.cif", Text(Cif()))], ["info", "{file}"], 0, "formula:"),
            new("clean LiF bvse", [("LiF.cif", Text(Cif()))], Bvse("--resolution", "0.4"), 0, "E_3D"),
            new("clean gzip", [("LiF.cif.gz", Gzip(Cif()))], ["info", "{file}"], 0, "formula:"),
            new("unicode path", [("Lï_ƒ ü.cif", Text(Cif()))], ["info", "{file}"], 0, "formula:"),
            // bad files
            new("empty file", [("empty.cif", [])], ["info", "{file}"], 2, "empty.cif"),
            new("missing file", [], ["info", "no/such/file.cif"], 2, "no/such/file.cif"),
            new("zero-volume cell (120° x3)", [("flat.cif", Text(Cif(alpha: "120")))], ["info", "{file}"], 2,
                "degenerate"),
            new("zero-volume cell in bvse", [("flat.cif", Text(Cif(alpha: "120")))], Bvse(), 2, "degenerate"),
            new("NaN cell", [("nan.cif", Text(Cif(a: "NaN")))], ["info", "{file}"], 2, "nan.cif"),
            new("zeros", [("zeros.cif", new byte[1 << 20])], ["info", "{file}"], 2, "binary content"),
            new("random bytes", [("rand.cif", RandomBytes())], ["info", "{file}"], 2, "rand.cif"),
            new("truncated gzip", [("cut.cif.gz", Gzip(Cif())[..^6])], ["info", "{file}"], 2, "truncated"),
            new("gzip cut mid-stream", [("mid.cif.gz", Gzip(Blocks(20))[..200])], ["info", "{file}"], 2, "mid.cif.gz"),
            new("coincident atoms", [("two.cif", Text(Cif(extraAtom: "\nNa1 Na 0 0 0 1\n")))], ["info", "{file}"], 2,
                "same point"),
            new("unknown block among 10^3", [("blocks.cif", Text(Blocks(1000)))], ["info", "{file}", "--block", "nosuch"], 2,
                "1000 block(s)"),
            new("unknown element", [("xx.cif", Text(Cif().Replace("F1 F ", "Xx1 Xx ")))], ["info", "{file}"], 2, "xx.cif"),
            // bad options
            new("bvse resolution 0", [("LiF.cif", Text(Cif()))], Bvse("--resolution", "0"), 2, "--resolution"),
            new("bvse resolution too fine", [("LiF.cif", Text(Cif()))], Bvse("--resolution", "0.001", "--memory", "16M"), 2,
                "use --resolution"),
            new("file larger than --memory lets bvse read", [("big.cif", Text(Cif() + "\n#" + new string('x', 200_000) + "\n"))],
                Bvse("--memory", "2M"), 2, "read at once; reading needs about 40 bytes of memory per byte of text"),
            new("bvse bad memory", [("LiF.cif", Text(Cif()))], Bvse("--memory", "lots"), 2, "--memory"),
            new("bvse unknown ion", [("LiF.cif", Text(Cif()))], ["bvse", "{file}", "--ion", "Lii"], 2, "--ion"),
            new("coupling shell tolerance -1", [("LiF.cif", Text(Cif()))],
                ["coupling", "{file}", "--cation", "Li1+", "--shell-tolerance", "-1", "--device", "cpu"], 2, "--shell-tolerance"),
            new("coupling misspelled cation", [("LiF.cif", Text(Cif()))], ["coupling", "{file}", "--cation", "Lii"], 2,
                "--cation: 'Lii'"),
            new("unknown device", [("LiF.cif", Text(Cif()))], ["bvse", "{file}", "--ion", "Li1+", "--device", "tpu"], 2,
                "--device"),
            new("unknown option", [("LiF.cif", Text(Cif()))], ["info", "{file}", "--frobnicate"], 2, "frobnicate"),
            new("screen timeout -5", [("LiF.cif", Text(Cif()))],
                ["screen", "{file}", "--ion", "Li1+", "--out", "{dir}/r.csv", "--timeout-per-structure", "-5"], 2, "--timeout"),
            new("screen timeout NaN", [("LiF.cif", Text(Cif()))],
                ["screen", "{file}", "--ion", "Li1+", "--out", "{dir}/r.csv", "--timeout-per-structure", "NaN"], 2, "--timeout"),
            new("screen cutoff 0", [("LiF.cif", Text(Cif()))],
                ["screen", "{file}", "--ion", "Li1+", "--out", "{dir}/r.csv", "--cutoff", "0"], 2, "--cutoff"),
            new("screen out is a folder", [("LiF.cif", Text(Cif()))], ["screen", "{file}", "--ion", "Li1+", "--out", "{dir}"], 2,
                "folder"),
            new("screen no inputs", [], ["screen", "{dir}", "--ion", "Li1+", "--out", "{dir}/r.csv"], 2, "no structure files"),
            new("traj binary", [("XDATCAR", RandomBytes())], ["traj", "density", "{file}", "--species", "Li", "--dt-fs", "1"], 2,
                "XDATCAR"),
            new("traj acf bad --memory", [], ["traj", "acf", Na3Ps4, "--species", "Na", "--dt-fs", "20", "--memory", "lots"], 2,
                "--memory"),
            new("traj diffusion within --memory", [],
                ["traj", "diffusion", Na3Ps4, "--species", "Na", "--dt-fs", "20", "--temperature", "800", "--memory", "1M"], 0,
                "D:"),
            new("traj bad dt", [("XDATCAR", Text("x"))], ["traj", "density", "{file}", "--species", "Li", "--dt-fs", "-1"], 2,
                "--dt-fs"),
        };
        var data = new TheoryData<Case>();
        foreach (var c in cases)
        {
            data.Add(c);
        }
        return data;
    }

    private static byte[] RandomBytes()
    {
        var b = new byte[1 << 16];
        new Random(12).NextBytes(b);
        return b;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachCaseEndsWithItsExitCodeAndOneClearLine(Case c)
    {
        var dir = Path.Combine(Path.GetTempPath(), "gpubv-tests", "hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (var (file, bytes) in c.Files)
        {
            File.WriteAllBytes(Path.Combine(dir, file), bytes);
        }
        string first = c.Files.Length > 0 ? Path.Combine(dir, c.Files[0].File) : "";
        var args = c.Args.Select(a => a.Replace("{file}", first).Replace("{dir}", dir)).ToArray();
        var (code, stdout, stderr) = GpubvRunner.Run(args);
        string all = stdout + stderr;
        Assert.True(code == c.Exit, $"{c.Name}: exit {code}, expected {c.Exit}: {all}");
        Assert.Contains(c.Pattern, all);
        Assert.DoesNotContain("   at ", all);
        Assert.DoesNotContain("internal error", all);
        if (c.Exit == 2)
        {
            var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("gpubv: error:"));
            Assert.Single(errors);
        }
    }
}
