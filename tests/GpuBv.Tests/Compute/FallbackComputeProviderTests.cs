using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Kernels.Compute;
using GpuBv.Tests.Bvse;
using Xunit;

namespace GpuBv.Tests.Compute;

/// <summary>
/// The device fallback: a primary provider set that fails mid-run, called from several threads at once, hands the
/// work whole to the managed CPU set. Every call returns the CPU path's energies, the notice is given once, the CPU set
/// keeps the thread limit the provider was opened with, and the failed set is disposed exactly once and never called
/// after disposal.
/// <para>
/// Why these fail on the old code (kernels' <c>DeviceSelection</c>): its fallback created <c>new CpuBvseEvaluator()</c>
/// with all cores, so the thread-limit assertion (a limit of ProcessorCount + 1, which "all cores" never equals) fails;
/// it nulled <c>_session</c> before replacing <c>_evaluator</c> and read both outside its lock, so a worker arriving in
/// that window called the disposed device evaluator without the lock (counted by <see cref="FailingDevice"/> as a
/// call after disposal). It also could not take a fake device at all: the only primary was an ILGPU session.
/// </para>
/// </summary>
public sealed class FallbackComputeProviderTests
{
    private static TiledFramework SmallGrid()
    {
        var s = BvseTestKit.Load(TestData.Structure("LiF.cif"));
        var fw = BvseFramework.Build(s, MobileIon.Parse("Li+"), 8, null);
        return TiledFramework.Build(fw, BvseGrid.ForLattice(s.Lattice, 0.5), 0.5);
    }

    [Fact]
    public void AFailingDeviceHandsTheWorkToTheCpuPathOnceWithItsThreadLimit()
    {
        var tiles = SmallGrid();
        var expected = new CpuBvseEvaluator().Evaluate(tiles, TestContext.Current.CancellationToken);
        var device = new FailingDevice(failFromCall: 4);
        var notices = new List<string>();
        int limit = Environment.ProcessorCount + 1;
        using var provider = new FallbackComputeProvider(
            new ComputeProviderSet(device, ManagedPercolationProvider.Instance, device), m =>
            {
                lock (notices)
                    notices.Add(m);
            }, limit);

        const int workers = 8;
        var results = new float[workers * 6][];
        var devices = new string[results.Length];
        using var start = new Barrier(workers);
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            start.SignalAndWait();
            for (int c = 0; c < 6; c++)
            {
                results[w * 6 + c] = provider.Evaluate(tiles, out devices[w * 6 + c]);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.Single(notices);
        Assert.Contains("fake-gpu failed (InvalidOperationException: device lost); continuing on the CPU path", notices[0]);
        Assert.True(provider.FellBack);
        var cpu = Assert.IsType<CpuBvseEvaluator>(provider.Current.Evaluator);
        Assert.Equal(limit, cpu.Threads);
        Assert.Equal(1, device.Disposals);
        Assert.Equal(0, device.CallsAfterDispose);
        Assert.Contains(devices, d => d.StartsWith("cpu (", StringComparison.Ordinal));
        provider.Dispose();
        Assert.Equal(1, device.Disposals);
    }

    [Fact]
    public void InputErrorsAndCancellationAreAnswersNotFailures()
    {
        var tiles = SmallGrid();
        var device = new FailingDevice(failFromCall: int.MaxValue) { Throw = new InputException("x", "", "bad input") };
        var notices = new List<string>();
        using var provider = new FallbackComputeProvider(
            new ComputeProviderSet(device, ManagedPercolationProvider.Instance, device), notices.Add, 1);
        var cancel = TestContext.Current.CancellationToken;
        Assert.Throws<InputException>(() => provider.Evaluate(tiles, out _, cancel));
        device.Throw = new OperationCanceledException();
        Assert.Throws<OperationCanceledException>(() => provider.Evaluate(tiles, out _, cancel));
        Assert.Empty(notices);
        Assert.False(provider.FellBack);
        Assert.Same(device, provider.Current.Evaluator);
        Assert.Equal(0, device.Disposals);
    }

    [Fact]
    public void AutoOpensTheFirstGpuThatOpensElseTheCpuPath()
    {
        // auto skips a kind whose runtime library or platform is missing without loading ILGPU; that shortcut must never
        // hide a device that opens when asked by name (CUDA first, then OpenCL), on this machine whatever it has.
        string? expected = null;
        foreach (var kind in new[] { DeviceKind.Cuda, DeviceKind.OpenCL })
        {
            using var set = IlgpuDevices.TryOpen(kind, 0, out _);
            if (set is not null)
            {
                expected = set.Evaluator.DeviceName;
                break;
            }
        }
        using var provider = IlgpuDevices.Open("auto", _ => { });
        if (expected is null)
        {
            Assert.True(provider.Current.IsManaged, provider.DeviceName);
            Assert.StartsWith("cpu (", provider.DeviceName, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(provider.IsAccelerator);
            Assert.Equal(expected, provider.DeviceName);
        }
    }

    [Fact]
    public void TheCpuDeviceOpensNoAcceleratorAndKeepsItsThreadLimit()
    {
        using var provider = IlgpuDevices.Open("cpu", _ => throw new InvalidOperationException("no notice expected"), 1);
        Assert.True(provider.Current.IsManaged);
        Assert.False(provider.IsAccelerator);
        Assert.Equal(1, Assert.IsType<CpuBvseEvaluator>(provider.Current.Evaluator).Threads);
    }

    [Theory]
    [InlineData("tpu", "--device: tpu: expected auto, cuda, cuda:N, opencl, opencl:N, cpu or ilgpu-cpu (see gpubv devices)")]
    [InlineData("cuda:x", "--device: cuda:x: expected auto, cuda, cuda:N, opencl, opencl:N, cpu or ilgpu-cpu")]
    public void AnUnknownDeviceIsAnInputErrorNamingTheDeviceParameter(string spec, string cliText)
    {
        var e = Assert.Throws<InputException>(() => IlgpuDevices.Open(spec, _ => { }));
        Assert.Equal(InputParameter.Device, e.Parameter);
        Assert.Equal(cliText, e.Render(p => p == InputParameter.Device ? "--device" : p.ToString()));
    }

    /// <summary>A device that computes correctly (on the CPU path) until call <c>failFromCall</c>, then is lost.</summary>
    private sealed class FailingDevice(int failFromCall) : IBvseEvaluator, IDisposable
    {
        private int _calls;
        private int _disposals;
        private int _callsAfterDispose;
        private volatile bool _disposed;

        public Exception Throw { get; set; } = new InvalidOperationException("device lost");

        public int Disposals => Volatile.Read(ref _disposals);

        public int CallsAfterDispose => Volatile.Read(ref _callsAfterDispose);

        public string DeviceName => "fake-gpu";

        public float[] Evaluate(TiledFramework tiles, CancellationToken cancel = default)
        {
            if (_disposed)
            {
                Interlocked.Increment(ref _callsAfterDispose);
            }
            int n = Interlocked.Increment(ref _calls);
            Thread.Sleep(2);
            if (n >= failFromCall || Throw is not InvalidOperationException)
            {
                throw Throw;
            }
            return new CpuBvseEvaluator(1).Evaluate(tiles, cancel);
        }

        public void Dispose()
        {
            _disposed = true;
            Interlocked.Increment(ref _disposals);
            Thread.Sleep(20); // widens the window in which a racing worker could still reach the disposed device
        }
    }
}
