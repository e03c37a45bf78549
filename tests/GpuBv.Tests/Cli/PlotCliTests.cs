using GpuBv.Screening;
using Xunit;

namespace GpuBv.Tests.Cli;

/// <summary>
/// <c>gpubv plot coupling|barriers</c>: figures from a screen table, and one-line errors for tables that cannot make them.
/// </summary>
public sealed class PlotCliTests
{
    private static string Table(bool coupling, params ScreenRow[] rows)
    {
        var path = TestData.TempFile("r.csv", "");
        ResultTable.WriteCsv(path, rows, coupling);
        return path;
    }

    private static ScreenRow Ok(string name, double e3, double? eRot) => new()
    {
        File = name,
        Status = ScreenStatus.Ok,
        Formula = name,
        E1D = e3 / 2,
        E2D = e3,
        E3D = e3,
        ERot = eRot,
    };

    [Fact]
    public void CouplingAndBarrierFiguresAreWrittenAsPngAndSvg()
    {
        string csv = Table(true, Ok("LiFePO4", 3.3, 0.28), Ok("Li3PO4", 0.8, 0.21), Ok("Li2CO3", 0.4, 0.58), Ok("LiF", 0.48, null));
        string png = Path.ChangeExtension(csv, ".png");
        string svg = Path.ChangeExtension(csv, ".svg");
        var (code, stdout, stderr) = GpubvRunner.Run("plot", "coupling", csv, "--png", png, "--svg", svg);
        Assert.True(code == 0, stderr);
        Assert.Contains("3 structures with groups: 2 rotate, 1 vibrate", stdout, StringComparison.Ordinal);
        Assert.Contains("1 without groups", stdout, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
        Assert.Contains("LiFePO4", File.ReadAllText(svg), StringComparison.Ordinal);

        (code, stdout, stderr) = GpubvRunner.Run("plot", "barriers", csv, "--levels", "0.5,1");
        Assert.True(code == 0, stderr);
        Assert.Contains("E_3D: 2 ≤ 0.5 eV, 3 ≤ 1 eV; 0 above encut", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.ChangeExtension(csv, null) + ".barriers.png"));
    }

    [Fact]
    public void ATableWithoutTheColumnsOrRowsIsAOneLineError()
    {
        string plain = Table(false, Ok("LiF", 0.48, null));
        var (code, _, stderr) = GpubvRunner.Run("plot", "coupling", plain);
        Assert.Equal(2, code);
        Assert.Contains($"{plain}: line 1: no column 'E_rot' (a screen run with --coupling has it)", stderr, StringComparison.Ordinal);

        string noOk = Table(true, new ScreenRow { File = "x.cif", Status = ScreenStatus.Error, Message = "bad" });
        (code, _, stderr) = GpubvRunner.Run("plot", "barriers", noOk);
        Assert.Equal(2, code);
        Assert.Contains("no ok row", stderr, StringComparison.Ordinal);

        (code, _, stderr) = GpubvRunner.Run("plot", "coupling", "no/such/table.csv");
        Assert.Equal(2, code);
        Assert.Contains("no/such/table.csv", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
