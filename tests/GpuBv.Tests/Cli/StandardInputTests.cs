using System.Diagnostics;
using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.Cli;

/// <summary>
/// <c>gpubv info|bvse|coupling -</c> read a structure from standard input with <c>--format</c> (issue 15): the same
/// structure as from the file; no format or empty input is a one-line error naming <c>&lt;stdin&gt;</c>.
/// </summary>
public sealed class StandardInputTests
{
    [Fact]
    public void AStreamReadsAsTheFileDoes()
    {
        string path = TestData.Structure("LiFePO4.cif");
        using var stream = File.OpenRead(path);
        var fromStream = StructureReader.ReadStream(stream, StructureFormat.Cif);
        var fromFile = StructureReader.ReadFile(path);
        Assert.Equal(StructureReader.StdinName, fromStream.Source);
        Assert.Equal(fromFile.Sites.Length, fromStream.Sites.Length);
        Assert.Equal(fromFile.Composition(), fromStream.Composition());
        Assert.Equal(fromFile.Lattice.Volume, fromStream.Lattice.Volume, 9);
    }

    [Fact]
    public void NoFormatEmptyOrBinaryInputIsAOneLineErrorNamingStdin()
    {
        var auto = Assert.Throws<InputException>(() => StructureReader.ReadStream(new MemoryStream("data_x"u8.ToArray()),
            StructureFormat.Auto));
        Assert.Equal("<stdin>", auto.File);
        Assert.Contains(InputException.Ref(InputParameter.Format), auto.Problem, StringComparison.Ordinal);
        var empty = Assert.Throws<InputException>(() => StructureReader.ReadStream(new MemoryStream(), StructureFormat.Cif));
        Assert.Equal("<stdin>: the file is empty", empty.Message);
        var binary = Assert.Throws<InputException>(() => StructureReader.ReadStream(new MemoryStream(new byte[100]),
            StructureFormat.Poscar));
        Assert.Contains("binary content", binary.Message, StringComparison.Ordinal);

        var (code, _, err) = GpubvRunner.Run("info", "-");
        Assert.Equal(2, code);
        Assert.Contains("<stdin>: standard input has no file name to tell its format by; give --format", err, StringComparison.Ordinal);
        (code, _, err) = GpubvRunner.Run("info", "-", "--format", "pdb");
        Assert.Equal(2, code);
        Assert.Contains("--format: pdb: must be auto, cif, poscar or extxyz", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandReadsStandardInput()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "gpubv.dll");
        Assert.True(File.Exists(dll), dll);
        var psi = new ProcessStartInfo("dotnet", [dll, "bvse", "-", "--format", "cif", "--ion", "Li1+", "--device", "cpu",
            "--resolution", "0.4", "--json"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var cancel = TestContext.Current.CancellationToken;
        await p.StandardInput.WriteAsync(await File.ReadAllTextAsync(TestData.Structure("LiF.cif"), cancel));
        p.StandardInput.Close();
        string stdout = await p.StandardOutput.ReadToEndAsync(cancel);
        string stderr = await p.StandardError.ReadToEndAsync(cancel);
        await p.WaitForExitAsync(cancel);
        Assert.True(p.ExitCode == 0, stderr);
        var (code, fileOut, _) = GpubvRunner.Run("bvse", TestData.Structure("LiF.cif"), "--ion", "Li1+", "--device", "cpu",
            "--resolution", "0.4", "--json");
        Assert.Equal(0, code);
        using var a = System.Text.Json.JsonDocument.Parse(stdout);
        using var b = System.Text.Json.JsonDocument.Parse(fileOut);
        Assert.Equal("<stdin>", a.RootElement.GetProperty("file").GetString());
        Assert.Equal(b.RootElement.GetProperty("E_3D").GetDouble(), a.RootElement.GetProperty("E_3D").GetDouble());
    }
}
