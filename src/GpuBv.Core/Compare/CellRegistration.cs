using System.Globalization;
using GpuBv.Crystal;
using GpuBv.Trajectory;

namespace GpuBv.Compare;

/// <summary>
/// How a trajectory's cell and atoms lie on a structure: T ≈ M·L (rows = lattice vectors; T the trajectory's cell, L the
/// structure's, M an integer matrix with det M = the ratio of the compositions), and the origin shift that best
/// superposes the trajectory's framework atoms (all but the mobile species) on the structure's sites. A trajectory
/// fractional position f maps to the structure fractional position f·M + <see cref="OriginShift"/>.
/// </summary>
/// <param name="Matrix">M, row-major (9 integers): row i gives trajectory vector i in structure vectors.</param>
/// <param name="OriginShift">Added to f·M (structure fractional coordinates).</param>
/// <param name="RmsDistance">RMS distance (Å) of the framework atoms of the registered frame to their nearest same-element
/// site after the shift.</param>
/// <param name="FrameworkAtoms">Trajectory atoms used for the superposition.</param>
/// <param name="StructureCell">The structure's cell.</param>
/// <param name="TrajectoryCell">The trajectory's cell (of the first frame).</param>
/// <param name="LengthDeviation">Largest relative difference of a length of M·L from the trajectory's.</param>
/// <param name="AngleDeviationDeg">Largest difference of an angle of M·L from the trajectory's (degrees).</param>
/// <param name="BuiltFromRun">The structure was built from the run itself (M = I, no shift).</param>
public sealed record CellRegistration(IReadOnlyList<int> Matrix, Vec3 OriginShift, double RmsDistance, int FrameworkAtoms,
    Lattice StructureCell, Lattice TrajectoryCell, double LengthDeviation, double AngleDeviationDeg, bool BuiltFromRun)
{
    /// <summary>det M: structure cells per trajectory cell.</summary>
    public int Determinant => Det(Matrix);

    /// <summary>The structure fractional position of trajectory fractional position <paramref name="f"/> (not wrapped).</summary>
    public Vec3 ToStructure(Vec3 f) => Displacement(f) + OriginShift;

    /// <summary>A trajectory fractional displacement in structure fractional units: d·M.</summary>
    public Vec3 Displacement(Vec3 d)
    {
        var m = Matrix;
        return new Vec3(d.X * m[0] + d.Y * m[3] + d.Z * m[6], d.X * m[1] + d.Y * m[4] + d.Z * m[7], d.X * m[2] + d.Y * m[5] + d.Z * m[8]);
    }

    /// <summary>M as text: [[2,0,0],[0,2,0],[0,0,2]].</summary>
    public string MatrixText => Text(Matrix);

    internal static int Det(IReadOnlyList<int> m) =>
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

    internal static string Text(IReadOnlyList<int> m) =>
        $"[[{m[0]},{m[1]},{m[2]}],[{m[3]},{m[4]},{m[5]}],[{m[6]},{m[7]},{m[8]}]]";
}
