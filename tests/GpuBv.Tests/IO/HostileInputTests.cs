using System.IO.Compression;
using System.Text;
using GpuBv.Crystal;
using GpuBv.IO;
using GpuBv.IO.Structures;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory;
using Xunit;

namespace GpuBv.Tests.IO;

/// <summary>
/// Hostile and degenerate input (issue 12, reading): coplanar cells, truncated gzip, endless or binary files. Each
/// gives one clear error at reading instead of a hang, a silently shortened input or unbounded memory.
/// </summary>
public sealed class HostileInputTests
{
    private const string Cif = """
        data_x
        _cell_length_a 5.0
        _cell_length_b 5.0
        _cell_length_c 5.0
        _cell_angle_alpha ALPHA
        _cell_angle_beta 120
        _cell_angle_gamma 120
        _symmetry_space_group_name_H-M 'P 1'
        loop_
        _atom_site_label
        _atom_site_type_symbol
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        Na1 Na 0 0 0
        Cl1 Cl 0.5 0.5 0.5
        """;

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gpubv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Xdatcar(int frames)
    {
        var sb = new StringBuilder("LiCl\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi Cl\n1 1\n");
        for (int f = 1; f <= frames; f++)
            sb.Append($"Direct configuration= {f}\n 0.1 0.1 0.1\n 0.6 0.6 0.6\n");
        return sb.ToString();
    }

    private static byte[] Gzip(string text)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
            gz.Write(Encoding.UTF8.GetBytes(text));
        return ms.ToArray();
    }

    [Theory]
    [InlineData("120")]
    [InlineData("119.99999")]
    public void CoplanarCifCellIsRefusedWithItsVolume(string alpha)
    {
        var path = TestData.TempFile("flat.cif", Cif.Replace("ALPHA", alpha));
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path));
        Assert.Contains("volume", e.Message);
        Assert.Contains("Å³", e.Message);
        Assert.Contains("coplanar", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void NearlyCoplanarVectorsAreRefusedInPoscarAndExtXyz()
    {
        var poscar = TestData.TempFile("POSCAR", "x\n1.0\n5 0 0\n0 5 0\n5 5 0.0001\nNa\n1\nDirect\n0 0 0\n");
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(poscar));
        Assert.Contains("coplanar", e.Message);
        var xyz = TestData.TempFile("flat.xyz", "1\nLattice=\"5 0 0 0 5 0 5 5 0.0001\" Properties=species:S:1:pos:R:3\nNa 0 0 0\n");
        e = Assert.Throws<InputException>(() => StructureReader.ReadFile(xyz));
        Assert.Contains("coplanar", e.Message);
        Assert.Null(Lattice.DegeneracyProblem(new Vec3(5, 0, 0), new Vec3(0, 5, 0), new Vec3(0, 0, 5)));
    }

    [Fact]
    public void CoplanarTrajectoryCellIsRefused()
    {
        var path = TestData.TempFile("XDATCAR", Xdatcar(2).Replace("0 0 5\n", "5 5 0.00001\n"));
        var e = Assert.Throws<InputException>(() => TrajectoryFile.Open(path));
        Assert.Contains("coplanar", e.Message);
    }

    [Fact]
    public void TruncatedCifGzIsATruncatedFile()
    {
        var bytes = Gzip(Cif.Replace("ALPHA", "90").Replace("120", "90"));
        var dir = TempDir();
        var whole = Path.Combine(dir, "ok.cif.gz");
        File.WriteAllBytes(whole, bytes);
        Assert.Equal(2, StructureReader.ReadFile(whole).Sites.Length);
        foreach (int cut in new[] { bytes.Length - 4, bytes.Length - 8, bytes.Length / 2 })
        {
            var path = Path.Combine(dir, $"cut{cut}.cif.gz");
            File.WriteAllBytes(path, bytes[..cut]);
            var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path));
            Assert.Contains("truncated", e.Message);
        }
    }

    [Fact]
    public void ConcatenatedGzipMembersAreOneValidFileAndACutLastMemberIsTruncated()
    {
        // cat a.gz b.gz (and bgzip) is valid gzip: the file's last trailer belongs to the last member only.
        string text = Cif.Replace("ALPHA", "90").Replace("120", "90");
        int half = text.Length / 2;
        var bytes = Gzip(text[..half]).Concat(Gzip(text[half..])).ToArray();
        var dir = TempDir();
        var whole = Path.Combine(dir, "two_members.cif.gz");
        File.WriteAllBytes(whole, bytes);
        Assert.Equal(2, StructureReader.ReadFile(whole).Sites.Length);
        var cut = Path.Combine(dir, "two_members_cut.cif.gz");
        File.WriteAllBytes(cut, bytes[..^5]);
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(cut));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TruncatedXdatcarGzKeepsEarlierFramesAndThenSaysTruncated()
    {
        string text = Xdatcar(50);
        var bytes = Gzip(text);
        var dir = TempDir();
        var whole = Path.Combine(dir, "XDATCAR.gz");
        File.WriteAllBytes(whole, bytes);
        using (var r = TrajectoryFile.Open(whole))
        {
            int n = 0;
            while (r.TryRead(out _))
                n++;
            Assert.Equal(50, n);
        }
        var path = Path.Combine(dir, "cut_XDATCAR.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length - 8)]);
        using var cut = TrajectoryFile.Open(path);
        int frames = 0;
        var e = Assert.Throws<InputException>(() =>
        {
            while (cut.TryRead(out Frame _))
                frames++;
        });
        Assert.Contains(SafeText.TruncatedGzip, e.Message);
        Assert.True(frames >= 40, $"frames before the error: {frames}");
    }

    [Fact]
    public void ZerosAndRandomBytesAreBinaryAtOnce()
    {
        var dir = TempDir();
        var zeros = Path.Combine(dir, "zeros.cif");
        using (var f = File.Create(zeros))
            f.SetLength(200L << 20);
        var t = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(zeros));
        Assert.Contains("binary", e.Message);
        var rnd = Path.Combine(dir, "random.xyz");
        var bytes = new byte[1 << 20];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(rnd, bytes);
        e = Assert.Throws<InputException>(() => StructureReader.ReadFile(rnd));
        Assert.Contains("binary", e.Message);
        e = Assert.Throws<InputException>(() =>
        {
            using var r = TrajectoryFile.Open(rnd);
            while (r.TryRead(out _))
            {
            }
        });
        Assert.Contains("binary", e.Message);
        e = Assert.Throws<InputException>(() =>
        {
            using var r = TrajectoryFile.Open(zeros, format: TrajectoryFormat.Xdatcar);
            while (r.TryRead(out _))
            {
            }
        });
        Assert.Contains("binary", e.Message);
        Assert.True(t.Elapsed.TotalSeconds < 5, $"took {t.Elapsed}");
    }

    [Fact]
    public void DevZeroAndDevUrandomEndAtOnce()
    {
        if (!File.Exists("/dev/zero"))
            return;
        foreach (var dev in new[] { "/dev/zero", "/dev/urandom" })
        {
            var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(dev, StructureFormat.Cif));
            Assert.Contains("binary", e.Message);
            e = Assert.Throws<InputException>(() =>
            {
                using var r = TrajectoryFile.Open(dev, format: TrajectoryFormat.Xdatcar);
                while (r.TryRead(out _))
                {
                }
            });
            Assert.Contains("binary", e.Message);
        }
    }

    [Fact]
    public void EndlessLineIsGarbage()
    {
        var path = TestData.TempFile("XDATCAR", "LiCl\n" + new string('7', SafeText.MaxLineChars + 10));
        var e = Assert.Throws<InputException>(() => TrajectoryFile.Open(path));
        Assert.Contains("line longer than", e.Message);
    }
}
