using System.IO.Compression;
using GpuBv.Trajectory;

namespace GpuBv.IO.Trajectories;

/// <summary>The trajectory file formats GpuBv reads.</summary>
public enum TrajectoryFormat
{
    /// <summary>Choose from the file name, else from the content.</summary>
    Auto,
    /// <summary>VASP XDATCAR (VASP 5 header).</summary>
    Xdatcar,
    /// <summary>Extended XYZ with <c>Lattice=</c> per frame.</summary>
    ExtXyz,
    /// <summary>LAMMPS <c>dump custom</c> / <c>dump atom</c> text.</summary>
    LammpsDump,
    /// <summary>LAMMPS data file (one frame).</summary>
    LammpsData,
    /// <summary>Plain XYZ (e.g. LAMMPS <c>dump xyz</c>); needs the cell.</summary>
    PlainXyz,
}
