using System.IO.Compression;
using GpuBv.Trajectory;

namespace GpuBv.IO.Trajectories;

/// <summary>Options that some trajectory formats need.</summary>
/// <param name="TypeMap">LAMMPS atom type → element (e.g. 1=Li,2=In,3=Cl).</param>
/// <param name="Cell">The cell for formats without one (plain XYZ).</param>
public sealed record TrajectoryOptions(IReadOnlyDictionary<int, string>? TypeMap = null, GpuBv.Crystal.Lattice? Cell = null);
