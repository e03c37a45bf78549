using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.IO;

/// <summary>
/// Every shipped real structure reads with the atom count and formula its provenance gives. The expected numbers
/// are the compounds' known cell contents (formula × Z from the source papers / databases, see SOURCES.md), not
/// output of this code.
/// </summary>
public sealed class StructureFilesTests
{
    public static TheoryData<string, string, double, int, string> Files => new()
    {
        // folder/file, reduced formula, atoms per cell (sum of occupancies), sites after merging, cell formula
        { "structures/LiFePO4.cif", "LiFePO4", 28, 28, "Li4Fe4P4O16" },
        { "structures/Li10GeP2S12_ordered_P1.cif", "Li10GeP2S12", 50, 50, "Li20Ge2P4S24" },
        // P4_2/nmc, Z=2: Li 16h·0.691 + 8f·0.643 + 4d + Ge/P mixed 4d (one site) + P 2a + S 3×8g.
        { "structures/Li10GeP2S12_disordered.cif", "Li20.2Ge2.06P3.94S24", 50.2, 58, "Li20.2Ge2.06P3.94S24" },
        { "structures/Li2CO3_zabuyelite_COD.cif", "Li2CO3", 24, 24, "Li8C4O12" },       // C2/c, Z = 4
        { "structures/Li2O.cif", "Li2O", 12, 12, "Li8O4" },                             // Fm-3m, Z = 4
        { "structures/Li3N.cif", "Li3N", 4, 4, "Li3N" },                                // P6/mmm, Z = 1
        { "structures/Li3V2P3O12.cif", "Li3V2(PO4)3", 80, 80, "Li12V8P12O48" },         // Z = 4
        { "structures/LiF.cif", "LiF", 8, 8, "Li4F4" },                                 // Fm-3m, Z = 4
        { "structures/LiOH_COD.cif", "LiHO", 6, 6, "Li2H2O2" },                         // P4/nmm, Z = 2
        // P-3m1, Z = 1; H is disordered over 6i (3 images 0.13 Å apart around 2d) and the file omits its occupancy 1/3.
        { "structures/MgOH2_brucite_COD_no_symops.cif", "MgH2O2", 5, 9, "MgH2O2" },
        { "structures/MgTiO3_COD_no_symops.cif", "MgTiO3", 10, 10, "Mg2Ti2O6" },        // R-3 rhombohedral axes, Z = 2
        { "structures/Na2O_COD.cif", "Na2O", 12, 12, "Na8O4" },                         // Fm-3m, Z = 4
        { "structures/NaCl_halite_COD.cif", "NaCl", 8, 8, "Na4Cl4" },                   // Fm-3m, Z = 4
        { "paper/Li3PO4_beta_mp-13725.cif", "Li3PO4", 16, 16, "Li6P2O8" },
        { "paper/Li3PO4_gamma_mp-2878.vasp", "Li3PO4", 32, 32, "Li12P4O16" },
        { "paper/LiBH4_Pnma_MPderived.cif", "LiBH4", 24, 24, "Li4B4H16" },
        // F-43m, Z = 4: Li 48h·0.5; Cl/S mixed on 4a and 4c (each one site); P 4b; S 16e.
        { "paper/Li6PS5Cl_F-43m_neutron_partialocc.cif", "Li6PS5Cl", 52, 76, "Li24P4S20Cl4" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void ReadsWithTheProvenanceAtomCountAndFormula(string file, string formula, double atoms, int sites, string cellFormula)
    {
        var s = StructureReader.ReadFile(Path.Combine(TestData.Root, file));
        Assert.Equal(atoms, s.AtomCount, 3);
        Assert.Equal(sites, s.Sites.Length);
        var comp = s.Composition();
        Assert.Equal(cellFormula, Formula.Full(comp));
        if (!formula.Contains('('))
            Assert.Equal(formula, Formula.Reduced(comp));
    }

    [Fact]
    public void LiFePO4ReducedFormulaUsesPymatgenOrder() =>
        Assert.Equal("LiFePO4", Formula.Reduced(StructureReader.ReadFile(TestData.Structure("LiFePO4.cif")).Composition()));

    [Fact]
    public void Li3V2P3O12FormulaIsReducedToItsCell() =>
        Assert.Equal("Li3V2P3O12", Formula.Reduced(StructureReader.ReadFile(TestData.Structure("Li3V2P3O12.cif")).Composition()));

    [Fact]
    public void MixedSitesCountOnceWithBothSpecies()
    {
        var s = StructureReader.ReadFile(TestData.Structure("Li10GeP2S12_disordered.cif"));
        var mixed = s.Sites.Where(x => x.Species.Length == 2).ToList();
        Assert.Equal(4, mixed.Count);
        foreach (var m in mixed)
        {
            Assert.Equal(0.515, m.Species.Single(x => x.Element == "Ge").Occupancy, 6);
            Assert.Equal(0.485, m.Species.Single(x => x.Element == "P").Occupancy, 6);
        }
    }

    [Fact]
    public void NoSymopsFilesMatchTheOperatorLoopForTheSameGroup()
    {
        // Brucite: Hall '-P 3 2"' and H-M 'P -3 m 1', no operator loop. Write the same atoms with P-3m1's operators
        // typed out (ITA, 12 operators) and compare: same count, same orbit of H (2d, z = -0.4195).
        var fromSymbol = StructureReader.ReadFile(TestData.Structure("MgOH2_brucite_COD_no_symops.cif"));
        var text = File.ReadAllText(TestData.Structure("MgOH2_brucite_COD_no_symops.cif"));
        string ops = string.Join("\n", new[]
        {
            "x,y,z", "-y,x-y,z", "-x+y,-x,z", "y,x,-z", "x-y,-y,-z", "-x,-x+y,-z",
            "-x,-y,-z", "y,-x+y,-z", "x-y,x,-z", "-y,-x,z", "-x+y,y,z", "x,x-y,z",
        }.Select(o => $"'{o}'"));
        var withLoop = text.Replace("_symmetry_space_group_name_Hall  '-P 3 2\"'", "loop_\n_symmetry_equiv_pos_as_xyz\n" + ops);
        var fromOps = StructureReader.Read(withLoop, "brucite_with_ops.cif");
        Assert.Equal(fromOps.AtomCount, fromSymbol.AtomCount);
        AssertSameOrbit(fromOps, fromSymbol, "H");
        AssertSameOrbit(fromOps, fromSymbol, "O");

        // MgTiO3 (ilmenite, R-3 on rhombohedral axes; Wyckoff 2c for Mg and Ti, 6f for O).
        var ilmenite = StructureReader.ReadFile(TestData.Structure("MgTiO3_COD_no_symops.cif"));
        var rhombOps = new[] { "x,y,z", "z,x,y", "y,z,x", "-x,-y,-z", "-z,-x,-y", "-y,-z,-x" };
        var ilText = File.ReadAllText(TestData.Structure("MgTiO3_COD_no_symops.cif"))
            .Replace("_symmetry_space_group_name_H-M   'R -3'", "loop_\n_symmetry_equiv_pos_as_xyz\n" + string.Join("\n",
                rhombOps.Select(o => $"'{o}'")));
        var ilFromOps = StructureReader.Read(ilText, "ilmenite_with_ops.cif");
        Assert.Equal(ilFromOps.AtomCount, ilmenite.AtomCount);
        AssertSameOrbit(ilFromOps, ilmenite, "O");
        Assert.Equal(6, ilmenite.Sites.Count(x => x.Species[0].Element == "O"));
    }

    private static void AssertSameOrbit(Structure a, Structure b, string element)
    {
        var pa = a.Sites.Where(x => x.Species.Any(y => y.Element == element)).Select(x => x.Fractional).ToList();
        var pb = b.Sites.Where(x => x.Species.Any(y => y.Element == element)).Select(x => x.Fractional).ToList();
        Assert.Equal(pa.Count, pb.Count);
        foreach (var p in pa)
            Assert.Contains(pb, q => a.Lattice.MinimumImageDistance(p, q) < 1e-4);
    }
}
