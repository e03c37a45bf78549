using System.Globalization;
using System.Text;
using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Crystal;

namespace GpuBv.IO;

/// <summary>Volumetric output of BVSE maps: VESTA's .grd (bvlain's layout) and Gaussian .cube.</summary>
public static class GridWriters
{
    private const double BohrPerAngstrom = 1.0 / 0.529177210903;

    /// <summary>
    /// Writes a .grd file in bvlain's layout: a comment line; <c>a b c alpha beta gamma</c>; <c>n1 n2 n3</c>; then one
    /// value per line, third index fastest. Values are E − E_min (eV).
    /// </summary>
    public static void WriteGrd(string path, Lattice lattice, BvseGrid grid, ReadOnlySpan<float> energies, double eMin, string comment)
    {
        var inv = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        w.WriteLine("# " + comment.ReplaceLineEndings(" "));
        w.WriteLine(string.Join(' ', new[] { lattice.LengthA, lattice.LengthB, lattice.LengthC, lattice.Alpha, lattice.Beta,
            lattice.Gamma }.Select(v => v.ToString("R", inv))));
        w.WriteLine($"{grid.N1} {grid.N2} {grid.N3}");
        foreach (var e in energies)
            w.WriteLine((e - eMin).ToString("G7", inv));
    }

    /// <summary>
    /// Writes a Gaussian cube file (lengths in Bohr): two comment lines, atom count and origin, the three voxel vectors
    /// (cell vector / n), the atoms (atomic number, charge = oxidation state or 0, Cartesian position; a mixed site is
    /// written as its majority species), then the values E − E_min (eV), six per line, third index fastest.
    /// </summary>
    public static void WriteCube(string path, Structure structure, BvseGrid grid, ReadOnlySpan<float> energies, double eMin, string comment)
    {
        var inv = CultureInfo.InvariantCulture;
        var lat = structure.Lattice;
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        w.WriteLine(comment.ReplaceLineEndings(" "));
        w.WriteLine("BVSE E - E_min in eV, third index fastest");
        w.WriteLine(string.Create(inv, $"{structure.Sites.Length,5} {0.0,12:F6} {0.0,12:F6} {0.0,12:F6}"));
        int[] n = [grid.N1, grid.N2, grid.N3];
        for (int i = 0; i < 3; i++)
        {
            var v = lat.Vector(i) * (BohrPerAngstrom / n[i]);
            w.WriteLine(string.Create(inv, $"{n[i],5} {v.X,12:F6} {v.Y,12:F6} {v.Z,12:F6}"));
        }
        foreach (var site in structure.Sites)
        {
            var sp = site.Species.OrderByDescending(s => s.Occupancy).First();
            var r = lat.ToCartesian(site.Fractional) * BohrPerAngstrom;
            w.WriteLine(string.Create(inv,
                $"{Element.Get(sp.Element).Z,5} {sp.OxidationState ?? 0,12:F6} {r.X,12:F6} {r.Y,12:F6} {r.Z,12:F6}"));
        }
        var line = new StringBuilder();
        int count = 0;
        foreach (var e in energies)
        {
            line.Append((e - eMin).ToString(" 0.00000E+00;-0.00000E+00", inv));
            if (++count % 6 == 0 || count % grid.N3 == 0)
            {
                w.WriteLine(line);
                line.Clear();
                if (count % grid.N3 == 0)
                    count = 0;
            }
        }
        if (line.Length > 0)
            w.WriteLine(line);
    }
}
