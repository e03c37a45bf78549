using System.IO.Compression;
using System.Text;
using GpuBv.Crystal;

namespace GpuBv.IO.Structures;

/// <summary>Structure file formats GpuBv reads.</summary>
public enum StructureFormat
{
    /// <summary>Decide from the file name, then the content.</summary>
    Auto,
    /// <summary>CIF 1.1 / 2.0.</summary>
    Cif,
    /// <summary>VASP POSCAR / CONTCAR.</summary>
    Poscar,
    /// <summary>Extended XYZ (first frame).</summary>
    ExtXyz,
}
