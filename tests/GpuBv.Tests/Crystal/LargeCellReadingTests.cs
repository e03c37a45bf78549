using System.Diagnostics;
using System.Globalization;
using System.Text;
using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.Crystal;

/// <summary>
/// Reading large cells (issue 12): merging symmetry images and finding coincident atoms and close pairs use a cell list,
/// so a P1 supercell of ~10^5 atoms reads in seconds and gives exactly the atoms written; coincident different atoms
/// are an error.
/// </summary>
public sealed class LargeCellReadingTests
{
    /// <summary>A P 1 rock-salt supercell of (2n)³ atoms as CIF text (also used by the reading-budget tests).</summary>
    internal static string P1RockSalt(int n, Action<StringBuilder>? extra = null)
    {
        double a = 5.64 * n;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"data_big\n_cell_length_a {a}\n_cell_length_b {a}\n_cell_length_c {a}\n");
        sb.Append("_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n_symmetry_space_group_name_H-M 'P 1'\n");
        sb.Append("loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n");
        int k = 0;
        // Rock salt: a simple cubic lattice of spacing a/2, Na where i+j+k is even.
        int m = 2 * n;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                for (int l = 0; l < m; l++)
                {
                    string el = (i + j + l) % 2 == 0 ? "Na" : "Cl";
                    sb.Append(CultureInfo.InvariantCulture,
                        $"{el}{++k} {el} {(double)i / m:0.######} {(double)j / m:0.######} {(double)l / m:0.######}\n");
                }
        extra?.Invoke(sb);
        return sb.ToString();
    }

    [Fact]
    public void HundredThousandAtomP1CellReadsFastAndWhole()
    {
        // 24^3 × 8 = 110,592 atoms.
        var path = TestData.TempFile("big.cif", P1RockSalt(24));
        var t = Stopwatch.StartNew();
        var s = StructureReader.ReadFile(path);
        t.Stop();
        Assert.Equal(110_592, s.Sites.Length);
        Assert.Equal(55_296, s.Sites.Count(x => x.Species[0].Element == "Na"));
        Assert.All(s.Sites, x => Assert.Equal(1.0, x.TotalOccupancy, 6));
        Assert.True(t.Elapsed.TotalSeconds < 8, $"reading took {t.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void LargeP1CellContradictingItsFormulaStartsNoSettingSearch()
    {
        // Formula × Z says 8 atoms, the cell holds 110,592: the contradiction is reported, and no origin shift is tried
        // (each would cost a pass over all atoms and none can change a P 1 reading).
        string cif = P1RockSalt(24).Replace("_symmetry_space_group_name_H-M 'P 1'\n",
            "_symmetry_space_group_name_H-M 'P 1'\n_chemical_formula_sum 'Na Cl'\n_cell_formula_units_Z 4\n", StringComparison.Ordinal);
        var t = Stopwatch.StartNew();
        var s = StructureReader.ReadFile(TestData.TempFile("contradicts.cif", cif));
        Assert.Equal(110_592, s.Sites.Length);
        Assert.NotNull(s.FormulaContradiction);
        Assert.True(t.Elapsed.TotalSeconds < 4, $"reading took {t.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void DuplicateAtomsInALargeCellAreMergedOnce()
    {
        // The last atom of the file written again under another label, and one split across two half-occupied labels.
        var path = TestData.TempFile("dup.cif", P1RockSalt(6, sb => sb.Append("Dup Na 0 0 0\n")));
        var s = StructureReader.ReadFile(path);
        Assert.Equal(1728, s.Sites.Length);
        Assert.Contains(s.Warnings, w => w.Contains("Dup", StringComparison.Ordinal));
    }

    [Fact]
    public void DifferentAtomsFullyOnOnePointAreAnError()
    {
        var path = TestData.TempFile("coincident.cif", P1RockSalt(1, sb => sb.Append("K1 K 0 0 0\n")));
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path));
        Assert.Contains("K1", e.Message);
        Assert.Contains("total occupancy 2", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void DifferentAtomsSharingOnePointWithinFullOccupancyAreAMixedSite()
    {
        string cif = P1RockSalt(1).Replace("Na1 Na 0 0 0\n", "Na1 Na 0 0 0 0.5\n", StringComparison.Ordinal);
        cif = cif.Replace("_atom_site_fract_z\n", "_atom_site_fract_z\n_atom_site_occupancy\n", StringComparison.Ordinal)
            .Replace("\n", "\n", StringComparison.Ordinal);
        // Every row needs the occupancy column now.
        var lines = cif.Split('\n').Select(l => l.Length > 0 && char.IsUpper(l[0]) && l.Split(' ').Length == 5 ? l + " 1" : l);
        cif = string.Join('\n', lines) + "K1 K 0 0 0 0.5\n";
        var s = StructureReader.ReadFile(TestData.TempFile("mixed.cif", cif));
        Assert.Contains(s.Sites, x => x.Species.Length == 2 && Math.Abs(x.TotalOccupancy - 1) < 1e-9);
    }

    [Fact]
    public void UnknownBlockListsAFewBlocksAndTheCount()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++)
            sb.Append(CultureInfo.InvariantCulture, $"data_block{i}\n_cell_length_a 5\n");
        var path = TestData.TempFile("many.cif", sb.ToString());
        var e = Assert.Throws<InputException>(() => StructureReader.ReadFile(path, cifOptions: new CifReadOptions("nosuch")));
        Assert.Contains("10000 block(s)", e.Message);
        Assert.Contains("block0, block1", e.Message);
        Assert.True(e.Message.Length < 400, $"message of {e.Message.Length} characters");
    }
}
