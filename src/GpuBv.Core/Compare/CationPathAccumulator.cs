using GpuBv.Bvse;
using GpuBv.Crystal;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Compare;

/// <summary>
/// The streaming part of the cation-path comparison, one frame at a time: each cation position, drift-corrected by the
/// framework's mean displacement (as <see cref="ProbabilityDensity"/> does), folded into the structure's cell through the
/// registration and counted at its nearest point of the BVSE grid (minimum-image Cartesian distance among the eight
/// corners around it); and the integer structure-cell translations that each ion's unwrapped, drift-corrected
/// displacement from frame 0 crosses (a component counts once |Δf| ≥ 1 along it, in structure-cell units). Memory: the
/// counts (8 bytes a grid point) and O(atoms).
/// </summary>
public sealed class CationPathAccumulator
{
    private readonly CellRegistration _reg;
    private readonly BvseGrid _grid;
    private readonly Lattice _lat;
    private readonly int[] _ions;
    private readonly int[] _framework;
    private readonly double _halfWidth;
    private readonly Unwrapper _unw = new();
    private readonly HashSet<(long, long, long)>[] _crossed;
    private Vec3[]? _start;
    private Lattice? _lat0;

    /// <summary>Creates the accumulator.</summary>
    /// <param name="registration">How trajectory positions fold into the structure's cell.</param>
    /// <param name="grid">The BVSE grid of the structure.</param>
    /// <param name="ions">The cation atoms (trajectory indices).</param>
    /// <param name="framework">The atoms whose mean displacement is removed (empty: no drift correction).</param>
    public CationPathAccumulator(CellRegistration registration, BvseGrid grid, int[] ions, int[] framework)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(grid);
        _reg = registration;
        _grid = grid;
        _lat = registration.StructureCell;
        _ions = ions;
        _framework = framework;
        var w = _lat.PerpendicularWidths();
        _halfWidth = 0.5 * Math.Min(w.X, Math.Min(w.Y, w.Z));
        Counts = new double[grid.Count];
        _crossed = ions.Select(_ => new HashSet<(long, long, long)>()).ToArray();
        Net = new (long, long, long)[ions.Length];
    }

    /// <summary>Samples counted at each grid point (third index fastest).</summary>
    public double[] Counts { get; }

    /// <summary>The registration the positions are folded by.</summary>
    public CellRegistration Registration => _reg;

    /// <summary>Cations followed.</summary>
    public int Ions => _ions.Length;

    /// <summary>Frames added.</summary>
    public int Frames { get; private set; }

    /// <summary>Positions counted (frames × ions).</summary>
    public long Samples { get; private set; }

    /// <summary>Whether the positions were drift-corrected.</summary>
    public bool DriftCorrected => _framework.Length > 0;

    /// <summary>The crossed translations of each ion (structure-cell units).</summary>
    public IReadOnlyList<IReadOnlySet<(long, long, long)>> Crossed => _crossed;

    /// <summary>The net displacement of each ion at the last frame, truncated to whole structure cells.</summary>
    public (long, long, long)[] Net { get; }

    /// <summary>Largest |Δf| of any ion along each structure axis (structure-cell units).</summary>
    public Vec3 MaxDisplacement { get; private set; }

    /// <summary>Reads <paramref name="reader"/> to its end.</summary>
    public void Record(ITrajectoryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (reader.TryRead(out var f))
            Add(f);
    }

    /// <summary>Adds one frame.</summary>
    public void Add(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _unw.Add(frame);
        _lat0 ??= frame.Lattice;
        var pos = _unw.Positions;
        _start ??= pos.ToArray();
        var drift = Vec3.Zero;
        foreach (int a in _framework)
            drift += pos[a] - _start[a];
        if (_framework.Length > 0)
            drift *= 1.0 / _framework.Length;
        var driftFrac = frame.Lattice.ToFractional(drift);
        double mx = MaxDisplacement.X, my = MaxDisplacement.Y, mz = MaxDisplacement.Z;
        for (int k = 0; k < _ions.Length; k++)
        {
            int a = _ions[k];
            var f = _reg.ToStructure(frame.Position(a) - driftFrac).Wrap();
            Counts[Nearest(f)]++;
            var d = _reg.Displacement(_lat0.ToFractional(pos[a] - _start[a] - drift));
            mx = Math.Max(mx, Math.Abs(d.X));
            my = Math.Max(my, Math.Abs(d.Y));
            mz = Math.Max(mz, Math.Abs(d.Z));
            var cell = ((long)Math.Truncate(d.X), (long)Math.Truncate(d.Y), (long)Math.Truncate(d.Z));
            if (cell != (0, 0, 0))
                _crossed[k].Add(cell);
            Net[k] = cell;
        }
        MaxDisplacement = new Vec3(mx, my, mz);
        Samples += _ions.Length;
        Frames++;
    }

    /// <summary>The grid point nearest to the structure fractional position <paramref name="f"/> (in [0, 1)).</summary>
    private int Nearest(Vec3 f)
    {
        int[] n = [_grid.N1, _grid.N2, _grid.N3];
        Span<int> lo = stackalloc int[3], hi = stackalloc int[3];
        for (int ax = 0; ax < 3; ax++)
        {
            int c = (int)Math.Floor(f[ax] * n[ax]);
            c = ((c % n[ax]) + n[ax]) % n[ax];
            lo[ax] = c;
            hi[ax] = (c + 1) % n[ax];
        }
        double best = double.MaxValue;
        int bi = 0, bj = 0, bk = 0;
        for (int p = 0; p < 8; p++)
        {
            int i = (p & 4) == 0 ? lo[0] : hi[0];
            int j = (p & 2) == 0 ? lo[1] : hi[1];
            int k = (p & 1) == 0 ? lo[2] : hi[2];
            var d = new Vec3((double)i / n[0] - f.X, (double)j / n[1] - f.Y, (double)k / n[2] - f.Z).MinimumImage();
            double len = _lat.ToCartesian(d).Length;
            if (len > _halfWidth)
                len = _lat.MinimumImageVector(d).Length;
            if (len < best)
            {
                best = len;
                bi = i;
                bj = j;
                bk = k;
            }
        }
        return _grid.Index(bi, bj, bk);
    }
}
