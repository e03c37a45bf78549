using System.Runtime.InteropServices;
using System.Diagnostics;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Kernels.Bvse;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// The batched device path of one accelerator: several grids are filled by one launch of
/// <see cref="BvseKernel.BatchEnergy"/> into one reused buffer (each at its offset), then percolated where they lie by
/// <see cref="IlgpuPercolationProvider"/>; only the energies and a few scalars per grid come back. A batch larger than
/// a quarter of the device memory (or than one launch can number) is split. Answers equal one-grid-at-a-time runs on
/// the same device.
/// </summary>
public sealed class IlgpuGridBatchProvider : IGridBatchProvider
{
    private readonly IlgpuBvseEvaluator _evaluator;
    private readonly IlgpuPercolationProvider _percolation;
    private readonly AcceleratorSession _session;
    private readonly GrowOnlyBuffer<float> _energies;
    private readonly GrowOnlyBuffer<BatchGrid> _grids;
    private readonly BvseKernelBuffers _buffers;
    private Action<Index1D, ArrayView<BatchGrid>, BvseKernelArgs>? _kernel;
    private long _launches;

    internal IlgpuGridBatchProvider(IlgpuBvseEvaluator evaluator, IlgpuPercolationProvider percolation)
    {
        _evaluator = evaluator;
        _percolation = percolation;
        _session = evaluator.Session;
        var acc = _session.Accelerator;
        _energies = _session.Own(new GrowOnlyBuffer<float>(acc));
        _grids = _session.Own(new GrowOnlyBuffer<BatchGrid>(acc));
        _buffers = new BvseKernelBuffers(_session);
        MaxBatchBytes = Math.Max(1L << 24, _session.Accelerator.MemorySize / 4);
    }

    /// <summary>Device bytes one launch may fill (a quarter of the device memory, at least 16 MiB); larger batches split.</summary>
    public long MaxBatchBytes { get; set; }

    /// <summary>Batched grid launches made so far.</summary>
    public long Launches => Interlocked.Read(ref _launches);

    /// <inheritdoc/>
    public IReadOnlyList<GridAnalysis> EvaluateBatch(IReadOnlyList<GridRequest> requests, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new List<GridAnalysis>(requests.Count);
        var tiles = requests.Select(r => r.Tiles).ToList();
        foreach (var (start, count) in Split(tiles))
        {
            cancel.ThrowIfCancellationRequested();
            lock (_session.Launch)
            {
                long started = Stopwatch.GetTimestamp();
                var (view, offsets, energies) = Launch(tiles, start, count);
                double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                for (int q = 0; q < count; q++)
                {
                    cancel.ThrowIfCancellationRequested();
                    var r = requests[start + q];
                    var grid = view.SubView(offsets[q], energies[q].Length);
                    var percolation = _percolation.Compute(grid, r.Grid.N1, r.Grid.N2, r.Grid.N3, r.Connectivity, r.Encut,
                        energies[q]);
                    results.Add(new GridAnalysis(energies[q], percolation, _evaluator.DeviceName, _percolation.Name, seconds));
                }
            }
        }
        return results;
    }

    /// <inheritdoc/>
    public IReadOnlyList<float[]> EvaluateMany(IReadOnlyList<TiledFramework> tiles, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var results = new List<float[]>(tiles.Count);
        foreach (var (start, count) in Split(tiles))
        {
            cancel.ThrowIfCancellationRequested();
            lock (_session.Launch)
            {
                results.AddRange(Launch(tiles, start, count).Energies);
            }
        }
        return results;
    }

    /// <summary>Consecutive runs of grids whose buffers fit <see cref="MaxBatchBytes"/> and whose threads one launch numbers.</summary>
    private IEnumerable<(int Start, int Count)> Split(IReadOnlyList<TiledFramework> tiles)
    {
        int start = 0;
        long bytes = 0;
        long threads = 0;
        for (int q = 0; q < tiles.Count; q++)
        {
            var t = tiles[q];
            ArgumentNullException.ThrowIfNull(t, nameof(tiles));
            long b = Bytes(t);
            long th = Threads(t);
            if (q > start && (bytes + b > MaxBatchBytes || threads + th > int.MaxValue || bytes + b > int.MaxValue))
            {
                yield return (start, q - start);
                start = q;
                bytes = 0;
                threads = 0;
            }
            bytes += b;
            threads += th;
        }
        if (tiles.Count > start)
        {
            yield return (start, tiles.Count - start);
        }
    }

    private static long Threads(TiledFramework t) => (long)t.ActiveTiles.Length * t.Tile * t.Tile * t.Tile;

    private static long Bytes(TiledFramework t)
    {
        var fw = t.Framework;
        return 4L * t.Grid.Count + 4L * (t.ActiveTiles.Length + t.MorseStart.Length + t.MorseIndex.Length
            + t.CoulombStart.Length + t.CoulombIndex.Length) + 16L * (fw.Morse.Length + fw.Coulomb.Length) + 64;
    }

    /// <summary>Fills grids [start, start + count) in one launch; returns the device view, the offsets and host copies.</summary>
    private (ArrayView<float> View, int[] Offsets, float[][] Energies) Launch(IReadOnlyList<TiledFramework> all, int start,
        int count)
    {
        var acc = _session.Accelerator;
        _kernel ??= acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<BatchGrid>, BvseKernelArgs>(BvseKernel.BatchEnergy);
        var grids = new BatchGrid[count];
        var tiles = new List<int>();
        var morse = new List<FrameworkIonF>();
        var morseStart = new List<int>();
        var morseIndex = new List<int>();
        var coulomb = new List<FrameworkIonF>();
        var coulombStart = new List<int>();
        var coulombIndex = new List<int>();
        var offsets = new int[count];
        int points = 0;
        int threads = 0;
        for (int q = 0; q < count; q++)
        {
            var t = all[start + q];
            var fw = t.Framework;
            offsets[q] = points;
            grids[q] = new BatchGrid
            {
                Geometry = new GridGeometry(t),
                ThreadStart = threads,
                EnergyStart = points,
                EnergyCount = (int)t.Grid.Count,
                TileStart = tiles.Count,
                TileCount = t.ActiveTiles.Length,
                MorseIonStart = morse.Count,
                MorseIonCount = Math.Max(1, fw.Morse.Length),
                MorseStartStart = morseStart.Count,
                MorseIndexStart = morseIndex.Count,
                MorseIndexCount = Math.Max(1, t.MorseIndex.Length),
                CoulombIonStart = coulomb.Count,
                CoulombIonCount = Math.Max(1, fw.Coulomb.Length),
                CoulombStartStart = coulombStart.Count,
                CoulombIndexStart = coulombIndex.Count,
                CoulombIndexCount = Math.Max(1, t.CoulombIndex.Length),
            };
            tiles.AddRange(t.ActiveTiles);
            morse.AddRange(fw.Morse.Select(x => x.ToSingle()));
            morseStart.AddRange(t.MorseStart);
            morseIndex.AddRange(t.MorseIndex);
            coulomb.AddRange(fw.Coulomb.Select(x => x.ToSingle()));
            coulombStart.AddRange(t.CoulombStart);
            coulombIndex.AddRange(t.CoulombIndex);
            points += (int)t.Grid.Count;
            threads += (int)Threads(t);
        }
        var energies = _energies.View(points + 1);
        acc.Initialize(acc.DefaultStream, energies, float.MaxValue);
        if (threads > 0)
        {
            var args = _buffers.Upload(energies, CollectionsMarshal.AsSpan(tiles), CollectionsMarshal.AsSpan(morse),
                CollectionsMarshal.AsSpan(morseStart), CollectionsMarshal.AsSpan(morseIndex), CollectionsMarshal.AsSpan(coulomb),
                CollectionsMarshal.AsSpan(coulombStart), CollectionsMarshal.AsSpan(coulombIndex));
            _kernel(threads, _grids.Upload(grids).SubView(0, count), args); // without the spare: it is searched
            Interlocked.Increment(ref _launches);
        }
        acc.Synchronize();
        var host = new float[count][];
        for (int q = 0; q < count; q++)
        {
            host[q] = new float[grids[q].EnergyCount];
            energies.SubView(offsets[q], host[q].Length).CopyToCPU(host[q]);
            all[start + q].ClearUnwanted(host[q]); // the kernel evaluates whole tiles; unwanted points read MaxValue everywhere
        }
        return (energies, offsets, host);
    }
}
