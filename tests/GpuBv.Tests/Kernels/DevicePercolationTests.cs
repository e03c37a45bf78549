using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Kernels.Compute;
using GpuBv.Percolation;
using GpuBv.Tests.Bvse;
using GpuBv.Tests.Percolation;
using ILGPU;
using ILGPU.Runtime;
using Xunit;

namespace GpuBv.Tests.Kernels;

/// <summary>Opens each percolation test device once for the whole class (kernels compile once per accelerator).</summary>
public sealed class DevicePercolationFixture : IDisposable
{
    private readonly Dictionary<string, (ComputeProviderSet? Set, string? Reason)> _sets = [];

    /// <summary>The device's percolation provider; fails for the simulators, skips for absent GPUs.</summary>
    public IlgpuPercolationProvider Provider(string device)
    {
        ComputeProviderSet? set;
        string? reason;
        lock (_sets)
        {
            if (!_sets.TryGetValue(device, out var entry))
            {
                var opened = Devices.OpenSet(device, out var why);
                entry = (opened, why);
                _sets[device] = entry;
            }
            (set, reason) = entry;
        }
        if (set is null)
        {
            if (Devices.IsSimulator(device))
            {
                Assert.Fail($"ILGPU's CPU accelerator {device} must always open ({reason})");
            }
            Assert.Skip($"no {device} device here ({reason})");
        }
        var provider = Assert.IsType<IlgpuPercolationProvider>(set!.Percolation);
        if (!provider.OnDevice)
        {
            Assert.Skip($"{device} has no 64-bit atomics: percolation runs on the CPU there");
        }
        return provider;
    }

    public void Dispose()
    {
        foreach (var (set, _) in _sets.Values)
        {
            set?.Dispose();
        }
    }
}

/// <summary>
/// Exact percolation on the device (<see cref="IlgpuPercolationProvider"/>) gives the CPU union-find's
/// (<see cref="PercolationAnalysis"/>) thresholds AND saddle points, bit for bit, on the same float grids: adversarial
/// synthetic grids, the flood-fill oracle's random fields, and BVSE maps of the shipped structures, with 6 and 26
/// neighbours, on ILGPU's CPU devices with 4-wide and 32-wide warps (CUDA/OpenCL rows skip when absent). Each answer
/// must come from the device (the provider's CPU-answer counter must not move).
/// </summary>
public sealed class DevicePercolationTests(DevicePercolationFixture fixture) : IClassFixture<DevicePercolationFixture>
{
    private static readonly Connectivity[] Both = [Connectivity.Faces6, Connectivity.Full26];

    public static TheoryData<string> AllDevices => new(Devices.PercolationNames);

    private static void AssertSame(IlgpuPercolationProvider device, PercolationGrids.Case c, Connectivity connectivity)
    {
        long before = device.CpuAnswers;
        var expected = PercolationAnalysis.Compute(c.E, c.N1, c.N2, c.N3, connectivity, c.Encut);
        var actual = device.Compute(c.E, c.N1, c.N2, c.N3, connectivity, c.Encut);
        Assert.True(expected == actual, $"{c.Name}, {connectivity}: CPU {expected} vs device {actual}");
        Assert.True(device.CpuAnswers == before, $"{c.Name}, {connectivity}: answered by the CPU, not the device");
    }

    [Theory]
    [MemberData(nameof(AllDevices))]
    public void SyntheticGridsMatchTheCpuUnionFind(string device)
    {
        var provider = fixture.Provider(device);
        foreach (var c in PercolationGrids.Synthetic())
        {
            foreach (var connectivity in Both)
            {
                AssertSame(provider, c, connectivity);
            }
        }

        // The planted networks are what they claim (so the agreement above is not vacuous).
        var grids = PercolationGrids.Synthetic().ToDictionary(c => c.Name);
        var twice = grids["channel closing only after wrapping twice along a"];
        var r = provider.Compute(twice.E, twice.N1, twice.N2, twice.N3, Connectivity.Faces6, double.PositiveInfinity);
        Assert.Equal(0.0, r.E1D);
        Assert.NotEqual(0.0, r.E2D);
        var cross = grids["channels along (1,1,0) and (1,-1,0)"];
        r = provider.Compute(cross.E, cross.N1, cross.N2, cross.N3, Connectivity.Full26, double.PositiveInfinity);
        Assert.Equal(0.0, r.E2D);
        Assert.NotEqual(0.0, r.E3D);
    }

    public static TheoryData<string, string, string> MapCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var device in Devices.PercolationNames)
        {
            foreach (var file in new[]
            {
                "LiF.cif", "Li2O.cif", "Li3N.cif", "LiOH_COD.cif", "Li2CO3_zabuyelite_COD.cif", "LiFePO4.cif",
                "Li3V2P3O12.cif", "Li10GeP2S12_ordered_P1.cif",
            })
            {
                data.Add(device, file, "Li+");
            }
            data.Add(device, "Na2O_COD.cif", "Na+");
            data.Add(device, "NaCl_halite_COD.cif", "Na+");
        }
        return data;
    }

    /// <summary>The BVSE map of each shipped Li and Na structure at 0.2 Å (the grid from the CPU path, percolated on both).</summary>
    [Theory]
    [MemberData(nameof(MapCases))]
    public void BvseMapsMatchTheCpuUnionFind(string device, string file, string ion)
    {
        var provider = fixture.Provider(device);
        var s = BvseTestKit.Load(TestData.Structure(file));
        var grid = BvseGrid.ForLattice(s.Lattice, 0.2);
        var fw = BvseFramework.Build(s, MobileIon.Parse(ion), 8, null);
        var energies = new CpuBvseEvaluator().Evaluate(TiledFramework.Build(fw, grid, 0.2), TestContext.Current.CancellationToken);
        var options = new BvseOptions(MobileIon.Parse(ion), 0.2);
        var c = new PercolationGrids.Case($"{file} {ion} {grid.N1}x{grid.N2}x{grid.N3}", energies, grid.N1, grid.N2, grid.N3,
            options.Encut);
        var sw = Stopwatch.StartNew();
        foreach (var connectivity in Both)
        {
            AssertSame(provider, c, connectivity);
        }
        TestContext.Current.SendDiagnosticMessage($"{device} {c.Name}: {sw.ElapsedMilliseconds} ms for both connectivities");
    }

    [Theory]
    [MemberData(nameof(AllDevices))]
    public void BuffersAreReusedBetweenCalls(string device)
    {
        var provider = fixture.Provider(device);
        var big = PercolationAnalysisTests.SmoothField(12, 11, 10, 70);
        provider.Compute(big, 12, 11, 10, Connectivity.Full26, double.PositiveInfinity);
        int allocations = provider.BufferAllocations;
        for (int seed = 71; seed < 74; seed++)
        {
            var e = PercolationAnalysisTests.SmoothField(10, 11, 12, seed);
            Assert.Equal(PercolationAnalysis.Compute(e, 10, 11, 12), provider.Compute(e, 10, 11, 12, Connectivity.Full26,
                double.PositiveInfinity));
        }
        Assert.Equal(allocations, provider.BufferAllocations);
    }

    /// <summary>The device-side entry on grids already in device memory, with no host copy: every float it needs
    /// (E_min, the saddles' levels) is read back from the device.</summary>
    [Theory]
    [MemberData(nameof(AllDevices))]
    public void GridsInDeviceMemoryMatchTheCpuUnionFind(string device)
    {
        var provider = fixture.Provider(device);
        foreach (var c in PercolationGrids.Synthetic().Where(c => c.E.Length >= 27).Take(12))
        {
            using var buffer = provider.Accelerator.Allocate1D(c.E);
            foreach (var connectivity in Both)
            {
                long before = provider.CpuAnswers;
                var expected = PercolationAnalysis.Compute(c.E, c.N1, c.N2, c.N3, connectivity, c.Encut);
                var actual = provider.Compute(buffer.View, c.N1, c.N2, c.N3, connectivity, c.Encut);
                Assert.True(expected == actual, $"{c.Name}, {connectivity}: CPU {expected} vs device {actual}");
                Assert.Equal(before, provider.CpuAnswers);
            }
        }
        var zeros = PercolationGrids.Synthetic().Single(c => c.Name == "minimum is zero with both signs");
        using var z = provider.Accelerator.Allocate1D(zeros.E);
        var r = provider.Compute(z.View, zeros.N1, zeros.N2, zeros.N3, Connectivity.Full26, double.PositiveInfinity);
        var cpu = PercolationAnalysis.Compute(zeros.E, zeros.N1, zeros.N2, zeros.N3);
        Assert.Equal(double.IsNegative(cpu.EMin), double.IsNegative(r.EMin)); // the same signed zero as E_min
        Assert.Equal(cpu, r);
    }

    [Theory]
    [MemberData(nameof(AllDevices))]
    public void InvalidInputThrowsAsOnTheCpuPath(string device)
    {
        var provider = fixture.Provider(device);
        var e = PercolationAnalysisTests.SmoothField(4, 4, 4, 80);
        e[17] = float.NaN;
        var cpu = Assert.Throws<ArgumentException>(() => PercolationAnalysis.Compute(e, 4, 4, 4));
        var dev = Assert.Throws<ArgumentException>(() => provider.Compute(e, 4, 4, 4, Connectivity.Full26, double.PositiveInfinity));
        Assert.Equal(cpu.Message, dev.Message);
        Assert.Throws<ArgumentException>(() => provider.Compute(new float[5], 2, 2, 2, Connectivity.Full26, 1));
    }
}
