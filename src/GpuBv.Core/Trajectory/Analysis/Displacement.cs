using GpuBv.Crystal;

namespace GpuBv.Trajectory.Analysis;

/// <summary>
/// Displacements |r(t)| = |x_i(t_ini + t) − x_i(t_ini)| of selected ions (paper Eq. S14; the Fig. S2 heat map), from
/// unwrapped positions (<see cref="Unwrapper"/>). Row <c>i</c>, column <c>j</c> of <see cref="Values"/> is the
/// displacement (Å) of <c>Atoms[i]</c> at <c>Times[j]</c>, with <c>Times[0] = 0</c> at frame <see cref="StartFrame"/>.
/// </summary>
/// <param name="StartFrame">t_ini as a 0-based frame index.</param>
/// <param name="TimeStep">Time between stored frames (fs).</param>
/// <param name="Atoms">Atom indices (rows).</param>
/// <param name="Elements">Element of each row.</param>
/// <param name="Times">Time since t_ini (fs) of each column.</param>
/// <param name="Values">Displacement (Å), [ion, frame].</param>
public sealed record DisplacementResult(int StartFrame, double TimeStep, int[] Atoms, string[] Elements, double[] Times, double[,] Values)
{
    /// <summary>Number of frames (columns) from t_ini on.</summary>
    public int FrameCount => Times.Length;
}

/// <summary>Computes <see cref="DisplacementResult"/>s in one streaming pass over a trajectory.</summary>
public static class Displacement
{
    /// <summary>Displacements of every atom of <paramref name="element"/>; see <see cref="Compute(ITrajectoryReader,
    /// IReadOnlyList{int}, double, int, int?)"/>.</summary>
    /// <exception cref="InputException">The trajectory has no atom of <paramref name="element"/>.</exception>
    public static DisplacementResult Compute(ITrajectoryReader reader, string element, double timeStep, int startFrame = 0,
        int? frameCount = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var atoms = reader.Header.IndicesOf(reader.Header.ResolveSpecies(element));
        return Compute(reader, atoms, timeStep, startFrame, frameCount);
    }

    /// <summary>
    /// Reads the remaining frames of <paramref name="reader"/> once and returns |x_i(t_ini + t) − x_i(t_ini)| of
    /// <paramref name="atoms"/> for every frame from <paramref name="startFrame"/> (counted from the first frame the
    /// reader hands out) on, at most <paramref name="frameCount"/> frames. Positions are unwrapped from the reader's
    /// first frame, so crossing the periodic boundary does not jump. Memory: the result plus O(atoms).
    /// </summary>
    /// <param name="reader">The trajectory, positioned at its first frame.</param>
    /// <param name="atoms">Atom indices (0-based, each &lt; atom count).</param>
    /// <param name="timeStep">Time between stored frames (fs, &gt; 0).</param>
    /// <param name="startFrame">t_ini as a frame index (≥ 0).</param>
    /// <param name="frameCount">Frames to report (≥ 1; null: to the end).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its valid range.</exception>
    /// <exception cref="ArgumentException">The trajectory ends before <paramref name="startFrame"/>.</exception>
    public static DisplacementResult Compute(ITrajectoryReader reader, IReadOnlyList<int> atoms, double timeStep,
        int startFrame = 0, int? frameCount = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(atoms);
        int n = reader.Header.AtomCount;
        if (atoms.Count == 0)
            throw new ArgumentException("no atoms selected", nameof(atoms));
        foreach (var a in atoms)
            reader.Header.CheckAtom(a);
        AnalysisGuards.CheckWindow(timeStep, startFrame, frameCount);

        var unwrapper = new Unwrapper();
        var origin = new Vec3[atoms.Count];
        var columns = new List<double[]>();
        int index = 0;
        while ((frameCount is null || columns.Count < frameCount) && reader.TryRead(out var frame))
        {
            unwrapper.Add(frame);
            if (index >= startFrame)
            {
                var pos = unwrapper.Positions;
                if (index == startFrame)
                    for (int i = 0; i < atoms.Count; i++)
                        origin[i] = pos[atoms[i]];
                var col = new double[atoms.Count];
                for (int i = 0; i < atoms.Count; i++)
                    col[i] = (pos[atoms[i]] - origin[i]).Length;
                columns.Add(col);
            }
            index++;
        }
        if (columns.Count == 0)
            throw new InputException(reader.Header.Source, "",
                $"the trajectory has {index} frames, so frame {startFrame} (0-based) does not exist");

        var values = new double[atoms.Count, columns.Count];
        var times = new double[columns.Count];
        for (int j = 0; j < columns.Count; j++)
        {
            times[j] = j * timeStep;
            for (int i = 0; i < atoms.Count; i++)
                values[i, j] = columns[j][i];
        }
        var elements = atoms.Select(a => reader.Header.Elements[a]).ToArray();
        return new DisplacementResult(startFrame, timeStep, atoms.ToArray(), elements, times, values);
    }
}
