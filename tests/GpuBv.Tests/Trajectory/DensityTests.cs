using System.Globalization;
using GpuBv.IO.Trajectories;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Trajectory;

/// <summary><see cref="ProbabilityDensity"/> on the Na3PS4 trajectory (pymatgen ProbabilityDensityAnalysis reference).</summary>
public sealed class DensityTests
{
    private static readonly Lazy<ProbabilityDensity> Na = new(() =>
    {
        using var r = TrajectoryFile.Open(DiffusionTests.Na3PS4);
        return ProbabilityDensity.Compute(r, "Na", 0.5, ["P", "S"]);
    });

    [Fact]
    public void Maximum_matches_pymatgen()
    {
        Assert.Equal(0.0361594977596, Na.Value.MaxDensity, 1e-8);
    }

    [Fact]
    public void Grid_follows_numpy_arange_and_is_normalised()
    {
        var p = Na.Value;
        var lat = p.Lattice;
        Assert.Equal((int)Math.Ceiling(lat.LengthA / 0.5), p.N1);
        Assert.Equal((int)Math.Ceiling(lat.LengthB / 0.5), p.N2);
        Assert.Equal((int)Math.Ceiling(lat.LengthC / 0.5), p.N3);
        Assert.Equal(p.GridCount, p.Density.Length);
        Assert.Equal(1.0, p.Density.Sum() * Math.Abs(lat.Volume) / p.GridCount, 1e-12);
        Assert.Equal(0.0, p.Density.Min());
        Assert.Equal(100, p.Frames);
        Assert.Equal(48, p.AtomCount);
    }

    [Fact]
    public void Without_drift_correction_still_normalised()
    {
        using var r = TrajectoryFile.Open(DiffusionTests.Na3PS4);
        var p = ProbabilityDensity.Compute(r, "Na", 0.5, null);
        Assert.False(p.DriftCorrected);
        Assert.Equal(1.0, p.Density.Sum() * Math.Abs(p.Lattice.Volume) / p.GridCount, 1e-12);
    }

    [Fact]
    public void Isovalues_bracket_the_density()
    {
        var p = Na.Value;
        double minPositive = p.Density.Where(v => v > 0).Min();
        Assert.True(p.IsovalueForFraction(1.0) <= minPositive);
        Assert.Equal(p.MaxDensity, p.IsovalueForFraction(1e-6));
        Assert.True(p.IsovalueForFraction(0.01) >= 0.5 * p.MaxDensity);
        double i50 = p.IsovalueForFraction(0.5), i90 = p.IsovalueForFraction(0.9);
        Assert.True(i50 >= i90 && i90 >= p.IsovalueForFraction(1.0));
        // {P ≥ iso} holds at least the fraction, {P > iso} less
        double total = p.Density.Sum();
        Assert.True(p.Density.Where(v => v >= i50).Sum() >= 0.5 * total * (1 - 1e-12));
        Assert.True(p.Density.Where(v => v > i50).Sum() < 0.5 * total);
        Assert.Throws<ArgumentOutOfRangeException>(() => p.IsovalueForFraction(0));
    }

    [Fact]
    public void Chgcar_and_cube_hold_the_grid()
    {
        var p = Na.Value;
        var dir = Path.Combine(Path.GetTempPath(), "gpubv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string chg = Path.Combine(dir, "CHGCAR"), cube = Path.Combine(dir, "na.cube");
        p.WriteChgcar(chg);
        p.WriteCube(cube);

        var lines = File.ReadAllLines(chg);
        Assert.Equal("Na P S", string.Join(' ', lines[5].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("48 16 64", string.Join(' ', lines[6].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        int gridLine = 8 + 128 + 1;
        Assert.Equal("", lines[gridLine - 1].Trim());
        Assert.Equal($"{p.N1} {p.N2} {p.N3}", string.Join(' ', lines[gridLine].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        var values = lines.Skip(gridLine + 1).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(p.GridCount, values.Length);
        double vol = Math.Abs(p.Lattice.Volume);
        // first index fastest: value 1 is (1, 0, 0), value N1 is (0, 1, 0)
        Assert.Equal(p[1, 0, 0] * vol, values[1], 1e-10 * Math.Max(1, values[1]));
        Assert.Equal(p[0, 1, 0] * vol, values[p.N1], 1e-10 * Math.Max(1, values[p.N1]));
        Assert.Equal(1.0, values.Sum() / p.GridCount, 1e-9);

        var cl = File.ReadAllLines(cube);
        Assert.Equal("128", cl[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.Equal(p.N1.ToString(CultureInfo.InvariantCulture), cl[3].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        int cubeValues = cl.Skip(6 + 128).Sum(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(p.GridCount, cubeValues);
        Directory.Delete(dir, true);
    }
}
