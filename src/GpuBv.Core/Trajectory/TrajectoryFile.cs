using System.IO.Compression;
using GpuBv.Trajectory.Readers;

namespace GpuBv.Trajectory;

/// <summary>Options that some trajectory formats need.</summary>
/// <param name="TypeMap">LAMMPS atom type → element (e.g. 1=Li,2=In,3=Cl).</param>
/// <param name="Cell">The cell for formats without one (plain XYZ).</param>
public sealed record TrajectoryOptions(IReadOnlyDictionary<int, string>? TypeMap = null, GpuBv.Crystal.Lattice? Cell = null);

/// <summary>Opens trajectory files of any supported format, streaming (and decompressing <c>.gz</c>).</summary>
public static class TrajectoryFile
{
    /// <summary>Opens <paramref name="path"/>; the format comes from the name (XDATCAR*, *.xdatcar; *.extxyz/*.xyz; *.lammpstrj/*.dump; *.data) or the content.</summary>
    public static ITrajectoryReader Open(string path, TrajectoryOptions? options = null)
    {
        options ??= new TrajectoryOptions();
        TextReader reader;
        try
        {
            Stream s = File.OpenRead(path);
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) s = new GZipStream(s, CompressionMode.Decompress);
            reader = new StreamReader(s, bufferSize: 1 << 16);
        }
        catch (FileNotFoundException) { throw new InputException(path, "", "no such file"); }
        catch (DirectoryNotFoundException) { throw new InputException(path, "", "no such file or directory"); }
        catch (UnauthorizedAccessException) { throw new InputException(path, "", "permission denied (or it is a directory)"); }
        try
        {
            return new XdatcarReader(reader, path);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }
}
