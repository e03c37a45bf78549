using GpuBv.Crystal;
using GpuBv.IO;
using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.IO;

/// <summary>
/// Issue 11, classes 7 and 8: every CIF expansion is checked against the file's own <c>_chemical_formula_sum</c> ×
/// <c>_cell_formula_units_Z</c>; settings that contradict the coordinates are resolved (other origin choice, other axes,
/// origin shifts in eighths) with a warning naming the file and the change; hydrogens the formula implies but no site
/// gives are counted and named.
/// </summary>
public sealed class FormulaCheckTests
{
    private static string Messy(string name) => TestData.Structure(Path.Combine("messy", name));

    /// <summary>Where Debian's libavogadro-data installs its COD-derived crystals (absent on machines without it).</summary>
    private const string AvogadroCrystals = "/usr/share/avogadro2/crystals";

    [Theory]
    [InlineData("C Mg O3", "C", 1.0, "Mg", 1.0, "O", 3.0)]
    [InlineData("'Co Fe2 O4'", "Co", 1.0, "Fe", 2.0, "O", 4.0)]
    [InlineData("Ca(OH)2", "Ca", 1.0, "O", 2.0, "H", 2.0)]
    [InlineData("Al2 H4 O9 Si2", "Al", 2.0, "H", 4.0, "Si", 2.0)]
    [InlineData("Li0.5 La0.5 Ti O3", "Li", 0.5, "La", 0.5, "O", 3.0)]
    public void FormulaSumIsParsed(string text, string e1, double n1, string e2, double n2, string e3, double n3)
    {
        Assert.True(FormulaSum.TryParse(text, out var f));
        Assert.Equal(n1, f[e1], 6);
        Assert.Equal(n2, f[e2], 6);
        Assert.Equal(n3, f[e3], 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("Xx2 O")]
    [InlineData("Fe2+ O2-")]
    [InlineData("Ca(OH2")]
    public void UnreadableFormulaIsNoFormula(string text) => Assert.False(FormulaSum.TryParse(text, out _));

    [Fact]
    public void CompareFindsFactorWithoutZAndSeparatesMissingHydrogen()
    {
        FormulaSum.TryParse("Ca H2 O2", out var f);
        var cell = new Dictionary<string, double> { ["Ca"] = 1, ["O"] = 2 };
        var check = FormulaSum.Compare(cell, f, null);
        Assert.True(check.Agrees);
        Assert.Equal(2, check.MissingHydrogens, 6);
        var wrong = FormulaSum.Compare(new Dictionary<string, double> { ["Mg"] = 1, ["C"] = 1, ["O"] = 6 },
            new Dictionary<string, double> { ["Mg"] = 1, ["C"] = 1, ["O"] = 3 }, null);
        Assert.False(wrong.Agrees);
        Assert.Contains("O 6", wrong.Difference);
    }

    [Fact]
    public void PymatgenCellContentFormulaWithItsZAgrees()
    {
        // pymatgen writes the cell content with Z = reduced formula units (tests/.../LiFePO4.cif: 'Li4 Fe4 P4 O16', Z = 4).
        FormulaSum.TryParse("Li4 Fe4 P4 O16", out var f);
        var cell = new Dictionary<string, double> { ["Li"] = 4, ["Fe"] = 4, ["P"] = 4, ["O"] = 16 };
        Assert.True(FormulaSum.Compare(cell, f, 4).Agrees);
        FormulaSum.TryParse("Fe P O4 Li", out var g);
        Assert.True(FormulaSum.Compare(cell, g, 4).Agrees);
        Assert.False(FormulaSum.Compare(cell, g, 2).Agrees);
    }

    /// <summary>Element amounts of the cell divided by their greatest common amount (e.g. Mg1 C1 O3).</summary>
    private static string Reduced(Structure s) => GpuBv.Chemistry.Formula.Reduced(s.Composition());

    /// <summary>Neighbours of element <paramref name="other"/> within <paramref name="cutoff"/> Å of each site of
    /// <paramref name="element"/> (all images of the 27 cells around).</summary>
    private static IEnumerable<int> Coordination(Structure s, string element, string other, double cutoff)
    {
        foreach (var a in s.Sites.Where(x => x.Species[0].Element == element))
        {
            int n = 0;
            foreach (var b in s.Sites.Where(x => x.Species[0].Element == other))
                for (int i = -1; i <= 1; i++)
                    for (int j = -1; j <= 1; j++)
                        for (int k = -1; k <= 1; k++)
                        {
                            var d = s.Lattice.ToCartesian(b.Fractional - a.Fractional + new Vec3(i, j, k)).Length;
                            if (d > 1e-6 && d < cutoff)
                                n++;
                        }
            yield return n;
        }
    }

    [Fact]
    public void MagnesiteOnRhombohedralAxesWithShiftedOriginIsReadWithTheShift()
    {
        var s = StructureReader.ReadFile(Messy("MgCO3-Magnesite.cif"));
        Assert.Equal("MgCO3", Reduced(s));
        Assert.Equal(10, s.AtomCount, 6);
        Assert.Null(s.FormulaContradiction);
        Assert.Equal(0, s.MissingHydrogens);
        Assert.Contains(s.Warnings, w => w.Contains("origin shift (1/4, 1/4, 1/4)", StringComparison.Ordinal));
        Assert.All(Coordination(s, "C", "O", 1.4), n => Assert.Equal(3, n));
        Assert.All(Coordination(s, "Mg", "O", 2.4), n => Assert.Equal(6, n));
    }

    [Theory]
    [InlineData("CoFe2O4.cif", "Co", "Fe")]
    [InlineData("MgAl2O4_spinel_origin1_coords_symbol2_written.cif", "Mg", "Al")]
    public void SpinelWithOriginOneCoordinatesUnderOriginTwoSymbolIsReadWithOriginOne(string file, string a, string b)
    {
        var s = StructureReader.ReadFile(Messy(file));
        var c = s.Composition();
        Assert.Equal(8, c[a], 6);
        Assert.Equal(16, c[b], 6);
        Assert.Equal(32, c["O"], 6);
        Assert.All(s.Sites, site => Assert.True(site.IsOrdered, site.Label));
        Assert.Null(s.FormulaContradiction);
        Assert.Contains(s.Warnings, w => w.Contains("origin choice 1", StringComparison.Ordinal));
        Assert.DoesNotContain(s.Warnings, w => w.Contains("occupancy set to", StringComparison.Ordinal));
        Assert.All(Coordination(s, a, "O", 2.2), n => Assert.Equal(4, n));
        Assert.All(Coordination(s, b, "O", 2.3), n => Assert.Equal(6, n));
    }

    [Fact]
    public void ShiftedRockSaltIsReadWithTheShiftAndTheFileCoordinatesKept()
    {
        var s = StructureReader.ReadFile(Messy("NaCl_shifted_origin_written.cif"));
        Assert.Equal(4, s.Composition()["Na"], 6);
        Assert.Equal(4, s.Composition()["Cl"], 6);
        Assert.Contains(s.Warnings, w => w.Contains("origin shift (1/4, 1/4, 1/4)", StringComparison.Ordinal));
        // The file's coordinates are kept: Na stays at (1/4, 1/4, 1/4).
        Assert.Contains(s.Sites, x => x.Species[0].Element == "Na"
            && (x.Fractional - new Vec3(0.25, 0.25, 0.25)).MinimumImage().Length < 1e-6);
        Assert.All(Coordination(s, "Na", "Cl", 2.9), n => Assert.Equal(6, n));
    }

    [Fact]
    public void ZeoliteWithoutFormulaWhoseOriginSplitsFullAtomsIsReadWithTheOtherOrigin()
    {
        var s = StructureReader.ReadFile(Messy("VSV.cif"));
        Assert.Equal(36, s.Composition()["Si"], 6);
        Assert.Equal(72, s.Composition()["O"], 6);
        Assert.All(s.Sites, site => Assert.True(site.IsOrdered, site.Label));
        Assert.Contains(s.Warnings, w => w.Contains("origin choice 1", StringComparison.Ordinal));
        Assert.All(Coordination(s, "Si", "O", 1.8), n => Assert.Equal(4, n));
    }

    [Theory]
    [InlineData("Ca(OH)2-Portlandite.cif", 2.0, "CaO2")]
    [InlineData("KOH.cif", 4.0, "KO")]
    [InlineData("Al2Si2O9H4-Kaolinite.cif", 8.0, "Al2Si2O9")]
    [InlineData("MgOH2_brucite_attached_H_written.cif", 2.0, "MgO2")]
    public void ImplicitHydrogensAreCountedAndNamed(string file, double missing, string reduced)
    {
        var s = StructureReader.ReadFile(Messy(file));
        Assert.Equal(reduced, Reduced(s));
        Assert.Equal(missing, s.MissingHydrogens, 3);
        Assert.Null(s.FormulaContradiction);
        Assert.Contains(s.Warnings, w => w.Contains($"{missing:0.###} H per cell", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("BN.cif", "B 4 (formula 3)")]
    [InlineData("Pb1Ti0.35Zr0.65O3-PZT-rhomb.cif", "Ti 3.9 (formula 2.1)")]
    public void UnresolvableContradictionKeepsTheFileReadingAndIsNamed(string file, string difference)
    {
        var s = StructureReader.ReadFile(Messy(file));
        Assert.NotNull(s.FormulaContradiction);
        Assert.EndsWith(file, s.Source); // the front end names the file before the warning
        Assert.Contains(difference, s.FormulaContradiction);
        Assert.Contains(s.FormulaContradiction, s.Warnings);
        Assert.Equal(0, s.MissingHydrogens);
    }

    [Fact]
    public void SplitHydrogenThatTheFormulaAgreesWithIsNotShifted()
    {
        // COD brucite: H on 6i written fully occupied; the split rule gives 2 H per cell, as the formula says.
        var s = StructureReader.ReadFile(TestData.Structure("MgOH2_brucite_COD_no_symops.cif"));
        Assert.Equal(2, s.Composition()["H"], 3);
        Assert.Equal(0, s.MissingHydrogens);
        Assert.Null(s.FormulaContradiction);
        Assert.DoesNotContain(s.Warnings, w => w.Contains("origin shift", StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedStructuresAgreeWithTheirFormulaAndAreNotChanged()
    {
        foreach (var path in Directory.EnumerateFiles(TestData.Structure(""), "*.cif"))
        {
            var s = StructureReader.ReadFile(path);
            Assert.Null(s.FormulaContradiction);
            Assert.DoesNotContain(s.Warnings, w => w.Contains(" instead, which ", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The libavogadro-data files whose reading still contradicts their formula, each with the reason no setting, axes or
    /// shift can resolve it. Files may leave this list (another fix resolves them); none may join it unnamed.
    /// </summary>
    private static readonly Dictionary<string, string> KnownContradictions = new(StringComparer.Ordinal)
    {
        ["nitrides/BN.cif"] = "P6_3mc coordinates (N 2a, B 2b with z = 0.1) under P6_3/mmc operators: no origin gives B N",
        ["other/Pb1Ti0.35Zr0.65O3-PZT-rhomb.cif"] = "site occupancies Ti 0.65 / Zr 0.35 swapped against the formula",
    };

    /// <summary>
    /// Corpus: every CIF of libavogadro-data that gives a structure is checked against its own formula. Numbers are written
    /// to the file named by GPUBV_CORPUS_REPORT when set (for the issue's note).
    /// </summary>
    [Fact]
    public void AvogadroCorpusContradictionsAreResolvedOrNamed()
    {
        if (!Directory.Exists(AvogadroCrystals))
            Assert.Skip("Debian's libavogadro-data is not installed (.ci/run installs it)");
        int read = 0, errors = 0, resolved = 0, implicitH = 0;
        var contradictions = new List<string>();
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFiles(AvogadroCrystals, "*.cif", SearchOption.AllDirectories).Order())
        {
            string rel = Path.GetRelativePath(AvogadroCrystals, path);
            Structure s;
            try
            {
                s = StructureReader.ReadFile(path);
            }
            catch (InputException e)
            {
                errors++;
                lines.Add($"ERROR {rel}: {e.Message}");
                continue;
            }
            read++;
            bool wasResolved = s.Warnings.Any(w => w.Contains(" instead, which ", StringComparison.Ordinal));
            if (wasResolved)
            {
                resolved++;
                lines.Add($"RESOLVED {rel}: {s.Warnings.First(w => w.Contains(" instead, which ", StringComparison.Ordinal))}");
            }
            if (s.MissingHydrogens > 0)
            {
                implicitH++;
                lines.Add($"IMPLICIT-H {rel}: {s.MissingHydrogens}");
            }
            if (s.FormulaContradiction is { } c)
            {
                contradictions.Add(rel);
                lines.Add($"CONTRADICTS {rel}: {c}");
            }
        }
        lines.Insert(0, $"read {read}, errors {errors}, resolved settings {resolved}, implicit H {implicitH}, "
            + $"contradictions left {contradictions.Count}");
        if (Environment.GetEnvironmentVariable("GPUBV_CORPUS_REPORT") is { Length: > 0 } report)
            File.WriteAllLines(report, lines);
        Assert.True(read > 300, lines[0]);
        // Exactly the named files still contradict their formula: a new one fails, and so does a named one that no
        // longer contradicts (its entry must then go).
        Assert.Equal(KnownContradictions.Keys.Order(StringComparer.Ordinal), contradictions.Order(StringComparer.Ordinal));
    }
}
