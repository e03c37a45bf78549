using GpuBv.Bvse;
using GpuBv.Crystal;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Compare;

/// <summary>
/// Rotation rings in the dynamics (issue 16), in one streaming pass over a trajectory:
/// <list type="bullet">
/// <item>(a) the ring fraction of each group: every anion of every frame is taken relative to its group's instantaneous
/// centre (minimum image in the frame's cell), mapped onto the structure's frame
/// (<see cref="RotationRingOptions.ToStatic"/>) and placed on the static centre. Its energy and shell membership are
/// those of the nearest point of the static group's local shell grid (no interpolation: the grid is E_rot's own, 0.03 Å
/// by default). Of the samples on a shell point, the ring fraction is the share with E − E_shell,min ≤ E_rot that lie
/// farther than the site radius (0.3 Å) from every static anion site: anion density on the ring between the sites,
/// which vibration about the sites alone does not put there.</item>
/// <item>(b) the flip fraction of each group: the share of bond samples (bond × frame) whose direction is farther than
/// half the smallest bond–bond angle of the group's first frame (54.7° for a regular tetrahedron, 60° for a regular
/// triangle) from every bond direction of the first frame: the bond has climbed over the barrier between sites.</item>
/// </list>
/// Memory: O(atoms + groups × grid points of the shell maps); nothing grows with the number of frames.
/// </summary>
public static class RotationRings
{
    /// <summary>How a sample's energy is read off the shell map, as reported in <see cref="RotationRingResult.EnergyLookup"/>.</summary>
    public const string EnergyLookup = "nearest point of the static group's local shell grid (energy and shell mask)";

    /// <summary>Reads <paramref name="reader"/> to its end and counts rings and flips of <paramref name="groups"/>.</summary>
    /// <param name="reader">The trajectory, at its first frame (the first frame read defines the initial bonds).</param>
    /// <param name="groups">The trajectory groups with their static shells (or null shells).</param>
    /// <param name="options">Site radius and frame mapping (null: the defaults).</param>
    /// <param name="progress">Receives the number of frames read so far.</param>
    /// <exception cref="InputException">The trajectory has no frames, or a frame's atom count differs from the header's.</exception>
    /// <exception cref="ArgumentException">A group names atoms outside the trajectory or a shell is inconsistent.</exception>
    public static RotationRingResult Analyze(ITrajectoryReader reader, IReadOnlyList<RotationRingGroup> groups,
        RotationRingOptions? options = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(groups);
        options ??= new RotationRingOptions();
        if (!(options.SiteRadius >= 0) || !double.IsFinite(options.SiteRadius))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SiteRadius, "the site radius must be finite and ≥ 0 Å");
        }
        var header = reader.Header;
        var states = groups.Select(g => new GroupState(g, header.AtomCount, options)).ToArray();
        int frames = 0;
        while (reader.TryRead(out var frame))
        {
            if (frame.AtomCount != header.AtomCount)
            {
                throw new InputException(header.Source, $"frame {frames + 1}",
                    $"has {frame.AtomCount} atoms, the header {header.AtomCount}");
            }
            foreach (var s in states)
            {
                s.Add(frame, frames == 0);
            }
            frames++;
            progress?.Report(frames);
        }
        if (frames == 0)
        {
            throw new InputException(header.Source, "", "the trajectory has no frames");
        }
        return new RotationRingResult(frames, options.SiteRadius, EnergyLookup, states.Select(s => s.Result()).ToArray());
    }

    /// <summary>
    /// Pairs every trajectory group with the static shell whose centre lies nearest (minimum image in the structure's
    /// cell) to the group's centre on <paramref name="frame"/> mapped into the structure's cell by
    /// <paramref name="toStaticFractional"/>, when that is within <paramref name="tolerance"/> Å; otherwise with none
    /// (a null shell). Several trajectory groups may share one static shell (a supercell holds several images of it).
    /// </summary>
    /// <param name="groups">The trajectory groups.</param>
    /// <param name="frame">The frame the groups were found on (usually the first).</param>
    /// <param name="staticLattice">The structure's lattice (the frame of the shells' centres).</param>
    /// <param name="shells">The static groups' shells.</param>
    /// <param name="toStaticFractional">
    /// The registration: a fractional position in the trajectory's cell to a fractional position in the structure's cell
    /// (e.g. f ↦ M·f + shift; any image).
    /// </param>
    /// <param name="tolerance">The largest centre–centre distance of a match (Å, ≥ 0); default 1.</param>
    public static IReadOnlyList<RotationRingGroup> Match(IReadOnlyList<TrajectoryGroup> groups, Frame frame, Lattice staticLattice,
        IReadOnlyList<RotationRingShell> shells, Func<Vec3, Vec3> toStaticFractional, double tolerance = 1.0)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(staticLattice);
        ArgumentNullException.ThrowIfNull(shells);
        ArgumentNullException.ThrowIfNull(toStaticFractional);
        if (!(tolerance >= 0) || !double.IsFinite(tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must be finite and ≥ 0 Å");
        }
        var centres = shells.Select(s => staticLattice.ToFractional(s.Center)).ToArray();
        var matched = new List<RotationRingGroup>(groups.Count);
        foreach (var g in groups)
        {
            var f = toStaticFractional(frame.Position(g.CenterAtom));
            RotationRingShell? best = null;
            double bestD = double.PositiveInfinity;
            for (int s = 0; s < shells.Count; s++)
            {
                double d = staticLattice.MinimumImageVector(f - centres[s]).Length;
                if (d < bestD)
                {
                    bestD = d;
                    best = shells[s];
                }
            }
            matched.Add(new RotationRingGroup(g, bestD <= tolerance ? best : null));
        }
        return matched;
    }

    /// <summary>The running counts of one group.</summary>
    private sealed class GroupState
    {
        private readonly TrajectoryGroup _group;
        private readonly RotationRingShell? _shell;
        private readonly Func<Vec3, Vec3>? _toStatic;
        private readonly double _siteRadius2;
        private readonly Vec3[] _sites = [];
        private readonly double _shellMin;
        private readonly AffineGrid? _grid;
        private readonly Vec3 _reciprocalA, _reciprocalB, _reciprocalC;
        private Vec3[] _initial = [];
        private double _thresholdRad;
        private long _samples, _outside, _inGrid, _inShell, _level, _ring, _bondFrames, _flipped;
        private double _siteDistance2;

        public GroupState(RotationRingGroup g, int atoms, RotationRingOptions options)
        {
            ArgumentNullException.ThrowIfNull(g);
            ArgumentNullException.ThrowIfNull(g.Group);
            _group = g.Group;
            if (_group.Anions.Count < 2)
            {
                throw new ArgumentException($"group {_group.Index} has {_group.Anions.Count} anion(s); a group has at least two",
                    nameof(g));
            }
            foreach (int a in _group.Anions.Append(_group.CenterAtom))
            {
                if (a < 0 || a >= atoms)
                {
                    throw new ArgumentException($"group {_group.Index} names atom {a}, outside [0, {atoms - 1}]", nameof(g));
                }
            }
            _toStatic = options.ToStatic;
            _siteRadius2 = options.SiteRadius * options.SiteRadius;
            _shell = g.Shell;
            if (_shell is null)
            {
                return;
            }
            _shell.Check();
            _shellMin = _shell.ShellMinimum();
            _sites = _shell.SiteOffsets.Select(o => _shell.Center + o).ToArray();
            _grid = _shell.Map.Grid;
            // Reciprocal vectors of the grid's steps: (p − origin)·a* is the continuous first index, and so on.
            double volume = Vec3.Dot(_grid.StepA, Vec3.Cross(_grid.StepB, _grid.StepC));
            if (!(Math.Abs(volume) > 0) || !double.IsFinite(volume))
            {
                throw new ArgumentException("the shell map's grid steps are degenerate", nameof(g));
            }
            _reciprocalA = Vec3.Cross(_grid.StepB, _grid.StepC) * (1 / volume);
            _reciprocalB = Vec3.Cross(_grid.StepC, _grid.StepA) * (1 / volume);
            _reciprocalC = Vec3.Cross(_grid.StepA, _grid.StepB) * (1 / volume);
        }

        public void Add(Frame frame, bool first)
        {
            var lat = frame.Lattice;
            var fc = frame.Position(_group.CenterAtom);
            int k = _group.Anions.Count;
            if (first)
            {
                _initial = new Vec3[k];
                for (int j = 0; j < k; j++)
                {
                    _initial[j] = lat.MinimumImageVector(frame.Position(_group.Anions[j]) - fc);
                }
                double smallest = double.PositiveInfinity;
                for (int a = 0; a < k; a++)
                {
                    for (int b = a + 1; b < k; b++)
                    {
                        smallest = Math.Min(smallest, BondTracker.Angle(_initial[a], _initial[b]));
                    }
                }
                _thresholdRad = smallest / 2;
            }
            for (int j = 0; j < k; j++)
            {
                var v = lat.MinimumImageVector(frame.Position(_group.Anions[j]) - fc);
                _bondFrames++;
                double nearest = double.PositiveInfinity;
                foreach (var u in _initial)
                {
                    nearest = Math.Min(nearest, BondTracker.Angle(u, v));
                }
                if (nearest > _thresholdRad)
                {
                    _flipped++;
                }
                _samples++;
                if (_shell is not null)
                {
                    Place(_shell.Center + (_toStatic is null ? v : _toStatic(v)));
                }
            }
        }

        /// <summary>Counts one anion sample placed at <paramref name="p"/> in the structure's frame.</summary>
        private void Place(Vec3 p)
        {
            var grid = _grid!;
            var d = p - grid.Origin;
            double fi = Vec3.Dot(d, _reciprocalA), fj = Vec3.Dot(d, _reciprocalB), fk = Vec3.Dot(d, _reciprocalC);
            if (!double.IsFinite(fi + fj + fk))
            {
                _outside++;
                return;
            }
            double i = Math.Round(fi), j = Math.Round(fj), k = Math.Round(fk);
            if (i < 0 || i >= grid.N1 || j < 0 || j >= grid.N2 || k < 0 || k >= grid.N3)
            {
                _outside++;
                return;
            }
            double nearest2 = double.PositiveInfinity;
            foreach (var s in _sites)
            {
                var e = p - s;
                nearest2 = Math.Min(nearest2, Vec3.Dot(e, e));
            }
            _siteDistance2 += nearest2;
            _inGrid++;
            int index = grid.Index((int)i, (int)j, (int)k);
            if (!_shell!.Map.InShell[index])
            {
                return;
            }
            _inShell++;
            if (!(_shell.Map.Energies[index] - _shellMin <= _shell.ERot))
            {
                return;
            }
            _level++;
            if (nearest2 > _siteRadius2)
            {
                _ring++;
            }
        }

        public RotationRingGroupResult Result()
        {
            string? note = _shell is null ? "no static group registered onto this group"
                : _inShell == 0 ? "no anion sample fell on the static group's shell" : null;
            double? fraction = note is null ? (double)_ring / _inShell : null;
            return new RotationRingGroupResult(_group.Index, _group.CenterAtom, _group.Formula, _samples, _outside, _inShell, _level,
                _ring, fraction, note, _shell?.ERot, _shell is null ? null : _shellMin,
                _inGrid == 0 ? null : Math.Sqrt(_siteDistance2 / _inGrid), _thresholdRad * 180 / Math.PI, _bondFrames, _flipped);
        }
    }
}
