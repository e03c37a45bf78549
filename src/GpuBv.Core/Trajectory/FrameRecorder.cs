namespace GpuBv.Trajectory;

/// <summary>
/// Keeps the positions of the atoms of some elements for every frame (24 bytes per atom per frame), for a second look
/// at a stretch after a streaming analysis has found what to look at (e.g. drawing a hop). Atoms are renumbered
/// compactly: <see cref="Index"/> maps a trajectory atom to its number here.
/// </summary>
public sealed class FrameRecorder
{
    private readonly int[] _atoms;
    private readonly Dictionary<int, int> _index = [];
    private readonly List<Frame> _frames = [];
    private readonly TrajectoryHeader _header;

    /// <summary>Records the atoms of <paramref name="elements"/> of a trajectory with <paramref name="header"/>.</summary>
    /// <param name="header">The trajectory's atoms.</param>
    /// <param name="elements">The elements whose atoms are kept.</param>
    public FrameRecorder(TrajectoryHeader header, IReadOnlySet<string> elements)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(elements);
        _atoms = Enumerable.Range(0, header.AtomCount).Where(i => elements.Contains(header.Elements[i])).ToArray();
        for (int i = 0; i < _atoms.Length; i++)
        {
            _index[_atoms[i]] = i;
        }
        _header = new TrajectoryHeader(_atoms.Select(a => header.Elements[a]).ToArray(), header.Source, header.Title);
    }

    /// <summary>Frames recorded.</summary>
    public int Count => _frames.Count;

    /// <summary>The recorded number of trajectory atom <paramref name="atom"/>.</summary>
    /// <exception cref="KeyNotFoundException">The atom is not of a recorded element.</exception>
    public int Index(int atom) => _index[atom];

    /// <summary>Recorded frame <paramref name="t"/> (atoms renumbered).</summary>
    public Frame Frame(int t) => _frames[t];

    /// <summary>A group of the trajectory with its atoms renumbered as recorded.</summary>
    public Analysis.TrajectoryGroup Map(Analysis.TrajectoryGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group with { CenterAtom = Index(group.CenterAtom), Anions = group.Anions.Select(Index).ToArray() };
    }

    /// <summary>Reads <paramref name="reader"/> to its end, keeping every frame's recorded atoms.</summary>
    public void Record(ITrajectoryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (reader.TryRead(out var f))
        {
            var c = new double[3 * _atoms.Length];
            for (int i = 0; i < _atoms.Length; i++)
            {
                int a = _atoms[i];
                c[3 * i] = f.Fractional[3 * a];
                c[3 * i + 1] = f.Fractional[3 * a + 1];
                c[3 * i + 2] = f.Fractional[3 * a + 2];
            }
            _frames.Add(new Frame(_frames.Count, f.Lattice, c));
        }
    }

    /// <summary>A reader that replays the recorded frames.</summary>
    public ITrajectoryReader Reader() => new FrameListReader(_header, _frames);
}
