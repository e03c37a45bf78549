using System.Text.Json;
using GpuBv.Cli;
using Xunit;

namespace GpuBv.Tests.Cli;

/// <summary>LAMMPS dumps with type numbers: the <c>--types</c> map through the CLI.</summary>
public sealed class TrajTypesCliTests
{
    // Two frames, atoms listed in different orders; Li moves from x = 1.0 to 9.5 Å across the boundary of a 10 Å box.
    private const string Dump = """
        ITEM: TIMESTEP
        0
        ITEM: NUMBER OF ATOMS
        2
        ITEM: BOX BOUNDS pp pp pp
        0.0 10.0
        0.0 10.0
        0.0 10.0
        ITEM: ATOMS id type x y z
        1 1 1.0 1.0 1.0
        2 2 5.0 5.0 5.0
        ITEM: TIMESTEP
        10
        ITEM: NUMBER OF ATOMS
        2
        ITEM: BOX BOUNDS pp pp pp
        0.0 10.0
        0.0 10.0
        0.0 10.0
        ITEM: ATOMS id type x y z
        2 2 5.0 5.0 5.0
        1 1 9.5 1.0 1.0
        """;

    [Fact]
    public void TypeMapNamesTheElementsAndMotionIsUnwrapped()
    {
        var path = TestData.TempFile("run.lammpstrj", Dump);
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(["traj", "displacement", path, "--species", "Li", "--dt-fs", "10", "--types", "1=Li,2=Cl", "--json"], o, e);
        Assert.True(code == 0, e.ToString());
        using var doc = JsonDocument.Parse(o.ToString());
        Assert.Equal(1, doc.RootElement.GetProperty("ions").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("frames").GetInt32());
        // 1.0 → 9.5 Å in a 10 Å box is a 1.5 Å step through the boundary, not 8.5 Å.
        Assert.Equal(1.5, doc.RootElement.GetProperty("max_displacement_A").GetDouble(), 9);
    }

    [Fact]
    public void WithoutTheTypeMapTheErrorSaysHowToGiveIt()
    {
        var path = TestData.TempFile("run.lammpstrj", Dump);
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(["traj", "displacement", path, "--species", "Li", "--dt-fs", "10"], o, e);
        Assert.Equal(2, code);
        var line = Assert.Single(e.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--types", line);
        Assert.Contains("run.lammpstrj", line);
    }
}
