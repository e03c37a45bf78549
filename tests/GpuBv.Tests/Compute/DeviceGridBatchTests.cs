using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Kernels.Compute;
using GpuBv.Percolation;
using GpuBv.Tests.Bvse;
using GpuBv.Tests.Kernels;
using Xunit;

namespace GpuBv.Tests.Compute;

/// <summary>
/// The batched device path (<see cref="IlgpuGridBatchProvider"/>, reached through
/// <see cref="FallbackComputeProvider.EvaluateBatch"/>): one launch fills several grids that stay on the device for the
/// percolation, and every result equals evaluating and percolating that grid alone on the same device; a batch split
/// for memory gives the same; a device failure inside a batch hands the batch to the CPU path with one notice, while
/// input errors and cancellation pass through.
/// </summary>
public sealed class DeviceGridBatchTests
{
    private static List<GridRequest> Requests(Connectivity connectivity) =>
        new[] { ("LiF.cif", "Li+", 0.45), ("Li2O.cif", "Li+", 0.4), ("Li3N.cif", "Li+", 0.45), ("NaCl_halite_COD.cif", "Na+", 0.5) }
            .Select(x =>
            {
                var s = BvseTestKit.Load(TestData.Structure(x.Item1));
                var fw = BvseFramework.Build(s, MobileIon.Parse(x.Item2), 8, null);
                var grid = BvseGrid.ForLattice(s.Lattice, x.Item3);
                return new GridRequest(TiledFramework.Build(fw, grid, x.Item3), grid, connectivity, 5.0);
            })
            .ToList();

    [Theory]
    [InlineData(Connectivity.Full26)]
    [InlineData(Connectivity.Faces6)]
    public void OneLaunchForTheBatchAndEveryGridEqualsItsOwnRun(Connectivity connectivity)
    {
        using var dev = Devices.Open("ilgpu-cpu");
        var batch = Assert.IsType<IlgpuGridBatchProvider>(dev.Current.Batch);
        var percolation = Assert.IsType<IlgpuPercolationProvider>(dev.Current.Percolation);
        var requests = Requests(connectivity);
        var cancel = TestContext.Current.CancellationToken;

        long launches = batch.Launches;
        long cpuAnswers = percolation.CpuAnswers;
        var results = dev.EvaluateBatch(requests, cancel);
        Assert.Equal(launches + 1, batch.Launches);
        Assert.Equal(cpuAnswers, percolation.CpuAnswers);

        Assert.Equal(requests.Count, results.Count);
        for (int i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            var alone = dev.Evaluate(r.Tiles, out string device, cancel);
            Assert.Equal(alone, results[i].Energies);
            Assert.Equal(device, results[i].Device);
            Assert.Equal(dev.Percolate(alone, r.Grid, connectivity, 5.0), results[i].Percolation);
            Assert.Equal(PercolationAnalysis.Compute(alone, r.Grid.N1, r.Grid.N2, r.Grid.N3, connectivity, 5.0), results[i].Percolation);
            Assert.Equal(dev.DeviceName, results[i].PercolationDevice);
        }

        // EvaluateMany: the same energies, in one launch too.
        launches = batch.Launches;
        var many = dev.EvaluateMany(requests.Select(r => r.Tiles).ToList(), cancel);
        Assert.Equal(launches + 1, batch.Launches);
        for (int i = 0; i < requests.Count; i++)
        {
            Assert.Equal(results[i].Energies, many[i]);
        }
    }

    [Fact]
    public void ABatchTooLargeForTheDeviceBudgetIsSplitWithTheSameResults()
    {
        using var dev = Devices.Open("ilgpu-cpu");
        var batch = Assert.IsType<IlgpuGridBatchProvider>(dev.Current.Batch);
        var requests = Requests(Connectivity.Full26);
        var cancel = TestContext.Current.CancellationToken;
        var whole = dev.EvaluateBatch(requests, cancel);

        batch.MaxBatchBytes = 1; // every grid alone
        long launches = batch.Launches;
        var split = dev.EvaluateBatch(requests, cancel);
        Assert.Equal(launches + requests.Count, batch.Launches);
        for (int i = 0; i < requests.Count; i++)
        {
            Assert.Equal(whole[i].Energies, split[i].Energies);
            Assert.Equal(whole[i].Percolation, split[i].Percolation);
        }
    }

    [Fact]
    public void TheEvaluatorReusesItsDeviceBuffers()
    {
        using var dev = Devices.Open("ilgpu-cpu");
        var evaluator = Assert.IsType<IlgpuBvseEvaluator>(dev.Current.Evaluator);
        var requests = Requests(Connectivity.Full26);
        var cancel = TestContext.Current.CancellationToken;
        var first = requests.Select(r => dev.Evaluate(r.Tiles, out _, cancel)).ToList();
        int allocations = evaluator.BufferAllocations;
        for (int i = 0; i < requests.Count; i++)
        {
            Assert.Equal(first[i], dev.Evaluate(requests[i].Tiles, out _, cancel));
        }
        Assert.Equal(allocations, evaluator.BufferAllocations);
    }

    [Fact]
    public void BvseRunsSayWhereTheGridAndThePercolationRan()
    {
        var s = BvseTestKit.Load(TestData.Structure("LiF.cif"));
        var o = new BvseOptions(MobileIon.Parse("Li+"), 0.4);
        using var dev = Devices.Open("ilgpu-cpu");
        var onDevice = BvseCalculator.Run(s, o, dev, cancel: TestContext.Current.CancellationToken);
        Assert.StartsWith("ilgpu-cpu: ", onDevice.Device);
        Assert.Equal(onDevice.Device, onDevice.PercolationDevice);

        using var cpu = FallbackComputeProvider.Cpu(1);
        var onCpu = BvseCalculator.Run(s, o, cpu, cancel: TestContext.Current.CancellationToken);
        Assert.Equal("cpu", onCpu.PercolationDevice);
        Assert.Equal(PercolationAnalysis.Compute(onDevice.Energies, onDevice.Grid.N1, onDevice.Grid.N2, onDevice.Grid.N3,
            o.Connectivity, o.Encut), onDevice.Percolation);
    }

    [Fact]
    public void AFailingBatchFallsBackToTheCpuPathWithOneNotice()
    {
        var requests = Requests(Connectivity.Full26);
        var notices = new List<string>();
        var batch = new FakeBatch { Throw = new InvalidOperationException("device lost in a batch") };
        var owner = new Owner();
        using var provider = new FallbackComputeProvider(
            new ComputeProviderSet(new CpuBvseEvaluator(1), ManagedPercolationProvider.Instance, owner, batch: batch), notices.Add, 1);
        var cancel = TestContext.Current.CancellationToken;

        var results = provider.EvaluateBatch(requests, cancel);
        var again = provider.EvaluateMany(requests.Select(r => r.Tiles).ToList(), cancel);

        Assert.Single(notices);
        Assert.Contains("device lost in a batch", notices[0]);
        Assert.True(provider.FellBack);
        Assert.Equal(1, batch.Calls);
        Assert.Equal(1, owner.Disposals);
        using var reference = FallbackComputeProvider.Cpu(1);
        for (int i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            var e = reference.Evaluate(r.Tiles, out _, cancel);
            Assert.Equal(e, results[i].Energies);
            Assert.Equal(e, again[i]);
            Assert.Equal(reference.Percolate(e, r.Grid, r.Connectivity, r.Encut), results[i].Percolation);
            Assert.Equal("cpu", results[i].PercolationDevice);
        }
    }

    [Fact]
    public void InputErrorsAndCancellationInABatchPassThrough()
    {
        var requests = Requests(Connectivity.Full26);
        var notices = new List<string>();
        var batch = new FakeBatch { Throw = new InputException("x.cif", "", "bad input") };
        using var provider = new FallbackComputeProvider(
            new ComputeProviderSet(new CpuBvseEvaluator(1), ManagedPercolationProvider.Instance, new Owner(), batch: batch),
            notices.Add, 1);
        Assert.Throws<InputException>(() => provider.EvaluateBatch(requests, TestContext.Current.CancellationToken));
        batch.Throw = new OperationCanceledException();
        Assert.Throws<OperationCanceledException>(
            () => provider.EvaluateMany(requests.Select(r => r.Tiles).ToList(), TestContext.Current.CancellationToken));
        Assert.Empty(notices);
        Assert.False(provider.FellBack);
    }

    private sealed class FakeBatch : IGridBatchProvider
    {
        public Exception Throw { get; set; } = new InvalidOperationException("device lost");

        public int Calls { get; private set; }

        public IReadOnlyList<GridAnalysis> EvaluateBatch(IReadOnlyList<GridRequest> requests, CancellationToken cancel)
        {
            Calls++;
            throw Throw;
        }

        public IReadOnlyList<float[]> EvaluateMany(IReadOnlyList<TiledFramework> tiles, CancellationToken cancel)
        {
            Calls++;
            throw Throw;
        }
    }

    private sealed class Owner : IDisposable
    {
        public int Disposals { get; private set; }

        public void Dispose() => Disposals++;
    }
}
