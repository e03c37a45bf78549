using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.Kernels.Percolation;
using GpuBv.Percolation;
using ILGPU;
using ILGPU.Runtime;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// Exact percolation barriers on an ILGPU accelerator (<see cref="PercolationKernel"/>), equal to
/// <see cref="PercolationAnalysis.Compute(ReadOnlySpan{float}, int, int, int, Connectivity, double)"/> in every
/// threshold and saddle point. The candidate points (E − E_min ≤ encut) are sorted on the device by the CPU path's
/// packed key (monotone energy key, index); the saddle for k is the point whose addition first makes some component
/// wrap in k independent directions, so each threshold is found by bisection over prefixes of that order, one probe
/// (a grid-wide union-find, launched from the host) updating all three brackets.
/// </summary>
/// <remarks>
/// Kernels are compiled at first use and kept; device buffers grow only; launches hold the accelerator's one lock, shared
/// with the grid evaluator. A grid whose cell offsets do not fit the packed words, invalid input, and devices without
/// 64-bit atomics (OpenCL without cl_khr_int64_base_atomics) get the CPU union-find's answer instead, never a wrong one.
/// </remarks>
public sealed class IlgpuPercolationProvider : IPercolationProvider
{
    private readonly AcceleratorSession _session;
    private readonly GrowOnlyBuffer<float> _grid;
    private readonly GrowOnlyBuffer<ulong> _keys;
    private readonly GrowOnlyBuffer<ulong> _spare;
    private readonly GrowOnlyBuffer<int> _shell;
    private readonly GrowOnlyBuffer<int> _rank;
    private readonly GrowOnlyBuffer<int> _parent;
    private readonly GrowOnlyBuffer<int> _settled;
    private readonly GrowOnlyBuffer<ulong> _word;
    private readonly GrowOnlyBuffer<ulong> _first;
    private readonly GrowOnlyBuffer<ulong> _second;
    private readonly GrowOnlyBuffer<int> _status;
    private Kernels? _kernels;
    private (int, int, int) _shellOf = (-1, -1, -1);
    private int _shellLength;
    private long _probes;
    private long _deviceRuns;
    private long _cpuAnswers;

    internal IlgpuPercolationProvider(AcceleratorSession session)
    {
        _session = session;
        var acc = session.Accelerator;
        _grid = new GrowOnlyBuffer<float>(acc);
        _keys = new GrowOnlyBuffer<ulong>(acc);
        _spare = new GrowOnlyBuffer<ulong>(acc);
        _shell = new GrowOnlyBuffer<int>(acc);
        _rank = new GrowOnlyBuffer<int>(acc);
        _parent = new GrowOnlyBuffer<int>(acc);
        _settled = new GrowOnlyBuffer<int>(acc);
        _word = new GrowOnlyBuffer<ulong>(acc);
        _first = new GrowOnlyBuffer<ulong>(acc);
        _second = new GrowOnlyBuffer<ulong>(acc);
        _status = new GrowOnlyBuffer<int>(acc);
        foreach (var b in new IDisposable[] { _grid, _keys, _spare, _shell, _rank, _parent, _settled, _word, _first, _second, _status })
        {
            session.Own(b);
        }
    }

    /// <inheritdoc/>
    public string Name => OnDevice ? _session.DeviceName : $"cpu (no 64-bit atomics on {_session.DeviceName})";

    /// <summary>
    /// False when the device lacks 64-bit atomics (OpenCL without cl_khr_int64_base_atomics): then every grid gets the
    /// CPU union-find.
    /// </summary>
    public bool OnDevice => _session.HasInt64Atomics;

    /// <summary>
    /// The accelerator whose buffers <see cref="Compute(ArrayView{float}, int, int, int, Connectivity, double, float[])"/>
    /// takes (shared with the device's grid evaluator; do not dispose it).
    /// </summary>
    public Accelerator Accelerator => _session.Accelerator;

    /// <summary>Probes (grid-wide union-find passes) run so far.</summary>
    public long Probes => Interlocked.Read(ref _probes);

    /// <summary>Grids answered on the device so far.</summary>
    public long DeviceRuns => Interlocked.Read(ref _deviceRuns);

    /// <summary>Grids answered by the CPU union-find instead (packed-offset overflow, invalid input, no 64-bit atomics).</summary>
    public long CpuAnswers => Interlocked.Read(ref _cpuAnswers);

    /// <summary>Times a device buffer of this provider has been (re)allocated (the pools only grow).</summary>
    public int BufferAllocations => _grid.Allocations + _keys.Allocations + _spare.Allocations + _shell.Allocations
        + _rank.Allocations
        + _parent.Allocations + _settled.Allocations + _word.Allocations + _first.Allocations + _second.Allocations + _status.Allocations;

    /// <inheritdoc/>
    public PercolationResult Compute(float[] energies, int n1, int n2, int n3, Connectivity connectivity, double encut)
    {
        ArgumentNullException.ThrowIfNull(energies);
        if (!OnDevice || !IsValid(energies, n1, n2, n3, connectivity, encut))
        {
            // Invalid input gets the CPU path's own exception (an answer, not a device failure).
            Interlocked.Increment(ref _cpuAnswers);
            return PercolationAnalysis.Compute(energies, n1, n2, n3, connectivity, encut);
        }
        lock (_session.Launch)
        {
            var view = _grid.View(energies.Length);
            view.CopyFromCPU(energies);
            return Run(view, n1, n2, n3, connectivity, encut, energies);
        }
    }

    /// <summary>
    /// The barriers of a grid already in device memory of this provider's accelerator (e.g. just filled by the grid
    /// kernel): only a few scalars come back. Same answer as the CPU path on the same floats.
    /// </summary>
    /// <param name="energies">The grid on the device, length n1·n2·n3, third index fastest.</param>
    /// <param name="n1">Points along the first axis.</param>
    /// <param name="n2">Points along the second axis.</param>
    /// <param name="n3">Points along the third axis.</param>
    /// <param name="connectivity">Which grid neighbours are joined.</param>
    /// <param name="encut">Levels above this count as not reached.</param>
    /// <param name="host">A host copy of the grid if the caller has one (used only when the CPU must answer), or null.</param>
    /// <exception cref="ArgumentException">As the CPU path: bad sizes, non-finite energies, NaN encut.</exception>
    public PercolationResult Compute(ArrayView<float> energies, int n1, int n2, int n3, Connectivity connectivity, double encut,
        float[]? host = null)
    {
        if (n1 <= 0 || n2 <= 0 || n3 <= 0 || (long)n1 * n2 * n3 != energies.Length || !OnDevice
            || connectivity is not (Connectivity.Faces6 or Connectivity.Full26) || double.IsNaN(encut))
        {
            Interlocked.Increment(ref _cpuAnswers);
            return PercolationAnalysis.Compute(host ?? ToHost(energies), n1, n2, n3, connectivity, encut);
        }
        lock (_session.Launch)
        {
            return Run(energies, n1, n2, n3, connectivity, encut, host);
        }
    }

    private static bool IsValid(float[] energies, int n1, int n2, int n3, Connectivity connectivity, double encut)
    {
        if (n1 <= 0 || n2 <= 0 || n3 <= 0 || (long)n1 * n2 * n3 != energies.Length
            || energies.Length > PercolationAnalysis.MaxPoints || connectivity is not (Connectivity.Faces6 or Connectivity.Full26)
            || double.IsNaN(encut))
        {
            return false;
        }
        foreach (float e in energies)
        {
            if (!float.IsFinite(e))
            {
                return false;
            }
        }
        return true;
    }

    private float[] ToHost(ArrayView<float> energies)
    {
        lock (_session.Launch)
        {
            var host = new float[energies.Length];
            energies.CopyToCPU(host);
            return host;
        }
    }

    private PercolationResult Run(ArrayView<float> energies, int n1, int n2, int n3, Connectivity connectivity, double encut,
        float[]? host)
    {
        var acc = _session.Accelerator;
        var k = _kernels ??= new Kernels(acc);
        int n = n1 * n2 * n3;
        var lattice = new PercolationLattice(n1, n2, n3, connectivity == Connectivity.Full26);
        var status = _status.View(PercolationKernel.StatusLength);
        var init = new int[PercolationKernel.StatusLength];
        init[PercolationKernel.MinKeySlot] = int.MaxValue;
        init[PercolationKernel.FirstMinimumSlot] = int.MaxValue;
        status.CopyFromCPU(init);

        int threads = Threads(n);
        k.Scan(threads, energies, status, threads);
        var s = ReadStatus(status);
        if (s[PercolationKernel.NonFiniteSlot] != 0)
        {
            Interlocked.Increment(ref _cpuAnswers);
            return PercolationAnalysis.Compute(host ?? ToHost(energies), n1, n2, n3, connectivity, encut); // throws as the CPU path
        }
        uint minKey = (uint)s[PercolationKernel.MinKeySlot] ^ 0x8000_0000u;
        uint maxKey = LargestCandidateKey(minKey, encut);

        var keys = _keys.View(n);
        k.Keys(threads, energies, keys, status, maxKey, minKey, threads);
        s = ReadStatus(status);
        int candidates = s[PercolationKernel.CandidateSlot];
        int firstMin = s[PercolationKernel.FirstMinimumSlot];
        double eMin = Energy(energies, host, firstMin);
        if (candidates == 0)
        {
            Interlocked.Increment(ref _deviceRuns);
            return new PercolationResult(null, null, null, null, null, null, eMin);
        }

        keys = Sort(k, keys, threads);
        var rank = _rank.View(n);
        k.Ranks(threads, keys, rank, candidates, threads);

        var shell = Shell(lattice);
        var parent = _parent.View(n);
        var settled = _settled.View(n);
        var probe = new Probe(k, lattice, rank, parent, _word.View(n), _first.View(n), _second.View(n), status, shell, settled,
            threads, Threads(shell.IntLength));
        // v2: the labelling of the lowest open lower bracket is kept; a probe above it only adds points.
        int settledLength = 0;
        // Brackets per dimension: d(lo) < dim ≤ d(hi); d(0) = 0.
        var (top, overflow) = probe.Run(candidates, 3, settledLength);
        long probes = 1;
        var lo = new int[4];
        var hi = new int[4];
        for (int dim = 1; dim <= 3; dim++)
        {
            hi[dim] = candidates;
        }
        while (!overflow)
        {
            int open = 0;
            for (int dim = 1; dim <= top; dim++)
            {
                if (hi[dim] - lo[dim] > 1)
                {
                    open = dim;
                    break;
                }
            }
            if (open == 0)
            {
                break;
            }
            int m = lo[open] + (hi[open] - lo[open]) / 2;
            int needed = 0;
            for (int dim = 1; dim <= top; dim++)
            {
                if (hi[dim] - lo[dim] > 1 && lo[dim] < m && m < hi[dim])
                {
                    needed = dim;
                }
            }
            (int d, overflow) = probe.Run(m, needed, settledLength);
            probes++;
            // d is exact below needed and tells "≥ needed" at it; the brackets above needed do not contain m.
            for (int dim = 1; dim <= needed; dim++)
            {
                if (d >= dim)
                {
                    hi[dim] = Math.Min(hi[dim], m);
                }
                else
                {
                    lo[dim] = Math.Max(lo[dim], m);
                }
            }
            int lowest = int.MaxValue;
            for (int dim = 1; dim <= top; dim++)
            {
                if (hi[dim] - lo[dim] > 1)
                {
                    lowest = Math.Min(lowest, lo[dim]);
                }
            }
            if (lowest == m && !overflow)
            {
                // Every later probe admits at least these m points: keep this probe's labelling.
                parent.CopyTo(settled);
                settledLength = m;
            }
        }
        Interlocked.Add(ref _probes, probes);
        if (overflow)
        {
            Interlocked.Increment(ref _cpuAnswers);
            return PercolationAnalysis.Compute(host ?? ToHost(energies), n1, n2, n3, connectivity, encut);
        }
        var saddle = new int[4];
        var level = new double[4];
        for (int dim = 1; dim <= 3; dim++)
        {
            saddle[dim] = -1;
            if (dim <= top)
            {
                var one = new ulong[1];
                keys.SubView(hi[dim] - 1, 1).CopyToCPU(one);
                saddle[dim] = (int)(uint)one[0];
                level[dim] = Energy(energies, host, saddle[dim]) - eMin;
            }
        }
        Interlocked.Increment(ref _deviceRuns);
        return new PercolationResult(top >= 1 ? level[1] : null, top >= 2 ? level[2] : null, top >= 3 ? level[3] : null,
            Point(saddle[1], n1, n2, n3), Point(saddle[2], n1, n2, n3), Point(saddle[3], n1, n2, n3), eMin);
    }

    private static int[] ReadStatus(ArrayView<int> status)
    {
        var s = new int[PercolationKernel.StatusLength];
        status.CopyToCPU(s);
        return s;
    }

    /// <summary>
    /// Threads to launch for <paramref name="count"/> items (each thread loops over every stride-th one): enough to fill
    /// a GPU; on ILGPU's CPU accelerator, whose every simulated thread is costly, one warp.
    /// </summary>
    private int Threads(int count)
    {
        var acc = _session.Accelerator;
        int full = acc.AcceleratorType == AcceleratorType.CPU ? acc.WarpSize : acc.NumMultiprocessors * acc.MaxNumThreadsPerMultiprocessor;
        return Math.Max(1, Math.Min(count, Math.Max(1, full)));
    }

    /// <summary>Sorts the distinct packed keys by merge rounds (runs of 1, 2, 4, … merged pairwise); returns the sorted view.</summary>
    private ArrayView<ulong> Sort(Kernels k, ArrayView<ulong> keys, int threads)
    {
        int n = keys.IntLength;
        var a = keys;
        var b = _spare.View(n);
        for (int width = 1; width < n; width *= 2)
        {
            k.MergeRound(threads, a, b, width, threads);
            (a, b) = (b, a);
        }
        return a;
    }

    /// <summary>The points of the lattice with a forward link across a face, uploaded once per grid size.</summary>
    private ArrayView<int> Shell(PercolationLattice lattice)
    {
        var size = (lattice.N1, lattice.N2, lattice.N3);
        if (size != _shellOf)
        {
            var list = new List<int>();
            for (int i = 0; i < lattice.N1; i++)
            {
                for (int j = 0; j < lattice.N2; j++)
                {
                    for (int k = 0; k < lattice.N3; k++)
                    {
                        if (PercolationKernel.OnShell(lattice, i, j, k))
                        {
                            list.Add((i * lattice.N2 + j) * lattice.N3 + k);
                        }
                    }
                }
            }
            _shellLength = list.Count;
            _shell.View(list.Count).SubView(0, list.Count).CopyFromCPU(list.ToArray());
            _shellOf = size;
        }
        return _shell.View(_shellLength).SubView(0, _shellLength);
    }

    /// <summary>The energy of one point as a double (as the CPU path reads it).</summary>
    private static double Energy(ArrayView<float> energies, float[]? host, int index)
    {
        if (host is not null)
        {
            return host[index];
        }
        var one = new float[1];
        energies.SubView(index, 1).CopyToCPU(one);
        return one[0];
    }

    /// <summary>The saddle as fractional coordinates (i/n1, j/n2, k/n3), as the CPU path gives it; null for −1.</summary>
    private static Vec3? Point(int idx, int n1, int n2, int n3)
    {
        if (idx < 0)
        {
            return null;
        }
        int i = idx / (n2 * n3), rem = idx - i * n2 * n3, j = rem / n3, k = rem - j * n3;
        return new Vec3((double)i / n1, (double)j / n2, (double)k / n3);
    }

    /// <summary>
    /// The largest monotone key whose float f has (double)f − E_min ≤ encut, found by bisection over the keys of finite
    /// floats (the test is monotone in f); minKey − 1 when not even the minimum qualifies.
    /// </summary>
    internal static uint LargestCandidateKey(uint minKey, double encut)
    {
        double eMin = FromKey(minKey);
        if (!((double)FromKey(minKey) - eMin <= encut))
        {
            return minKey - 1;
        }
        uint lo = minKey;
        uint hi = PercolationKernel.MonotoneKey(float.MaxValue);
        if ((double)FromKey(hi) - eMin <= encut)
        {
            return hi;
        }
        while (hi - lo > 1)
        {
            uint mid = lo + (hi - lo) / 2;
            if ((double)FromKey(mid) - eMin <= encut)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>The float with monotone key <paramref name="key"/>.</summary>
    internal static float FromKey(uint key)
        => BitConverter.UInt32BitsToSingle((key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key);

    /// <summary>One bisection probe: the kernels of "admit the first m points", then d(m) and the overflow flag.</summary>
    private readonly struct Probe(Kernels k, PercolationLattice lattice, ArrayView<int> rank, ArrayView<int> parent,
        ArrayView<ulong> word, ArrayView<ulong> first, ArrayView<ulong> second, ArrayView<int> status, ArrayView<int> shell,
        ArrayView<int> settled, int threads, int shellThreads)
    {
        /// <summary>
        /// Runs the probe from the kept labelling of the first <paramref name="settledLength"/> points; wrap-rank passes
        /// above <paramref name="needed"/> are skipped (nobody asks).
        /// </summary>
        public (int Dimension, bool Overflow) Run(int prefix, int needed, int settledLength)
        {
            k.Admit(threads, rank, parent, word, first, second, status, settled, settledLength, prefix, threads);
            k.Hook(threads, lattice, parent, rank, settledLength, prefix, threads);
            k.Flatten(threads, parent, threads);
            k.Link(shellThreads, lattice, parent, word, status, shell, shellThreads);
            var two = new int[2];
            for (int pass = 1; pass <= Math.Max(1, needed); pass++)
            {
                k.WrapRank(shellThreads, lattice, parent, word, first, second, status, pass, shell, shellThreads);
                if (pass < needed)
                {
                    status.SubView(0, 2).CopyToCPU(two);
                    if (two[PercolationKernel.DimensionSlot] < pass || two[PercolationKernel.OverflowSlot] != 0)
                    {
                        return (two[PercolationKernel.DimensionSlot], two[PercolationKernel.OverflowSlot] != 0);
                    }
                }
            }
            status.SubView(0, 2).CopyToCPU(two);
            return (two[PercolationKernel.DimensionSlot], two[PercolationKernel.OverflowSlot] != 0);
        }
    }

    /// <summary>The compiled kernels of one accelerator, loaded once.</summary>
    private sealed class Kernels(Accelerator acc)
    {
        public readonly Action<Index1D, ArrayView<float>, ArrayView<int>, int> Scan =
            acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, int>(PercolationKernel.Scan);

        public readonly Action<Index1D, ArrayView<float>, ArrayView<ulong>, ArrayView<int>, uint, uint, int> Keys =
            acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<ulong>, ArrayView<int>, uint, uint, int>(
                PercolationKernel.Keys);

        public readonly Action<Index1D, ArrayView<ulong>, ArrayView<ulong>, int, int> MergeRound =
            acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<ulong>, ArrayView<ulong>, int, int>(PercolationKernel.MergeRound);

        public readonly Action<Index1D, ArrayView<ulong>, ArrayView<int>, int, int> Ranks =
            acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<ulong>, ArrayView<int>, int, int>(PercolationKernel.Ranks);

        public readonly Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<ulong>, ArrayView<ulong>, ArrayView<ulong>,
            ArrayView<int>, ArrayView<int>, int, int, int> Admit = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>,
                ArrayView<int>, ArrayView<ulong>, ArrayView<ulong>, ArrayView<ulong>, ArrayView<int>, ArrayView<int>, int, int, int>(
                PercolationKernel.Admit);

        public readonly Action<Index1D, PercolationLattice, ArrayView<int>, ArrayView<int>, int, int, int> Hook =
            acc.LoadAutoGroupedStreamKernel<Index1D, PercolationLattice, ArrayView<int>, ArrayView<int>, int, int, int>(
                PercolationKernel.Hook);

        public readonly Action<Index1D, ArrayView<int>, int> Flatten =
            acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int>(PercolationKernel.Flatten);

        public readonly Action<Index1D, PercolationLattice, ArrayView<int>, ArrayView<ulong>, ArrayView<int>, ArrayView<int>, int>
            Link = acc.LoadAutoGroupedStreamKernel<Index1D, PercolationLattice, ArrayView<int>, ArrayView<ulong>, ArrayView<int>,
                ArrayView<int>, int>(PercolationKernel.Link);

        public readonly Action<Index1D, PercolationLattice, ArrayView<int>, ArrayView<ulong>, ArrayView<ulong>, ArrayView<ulong>,
            ArrayView<int>, int, ArrayView<int>, int> WrapRank = acc.LoadAutoGroupedStreamKernel<Index1D, PercolationLattice,
                ArrayView<int>, ArrayView<ulong>, ArrayView<ulong>, ArrayView<ulong>, ArrayView<int>, int, ArrayView<int>, int>(
                PercolationKernel.WrapRank);
    }
}
