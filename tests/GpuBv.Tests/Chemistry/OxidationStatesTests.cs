using GpuBv.Chemistry;
using GpuBv.IO.Structures;
using Xunit;

namespace GpuBv.Tests.Chemistry;

/// <summary>Oxidation states: the textbook formal charges of these compounds are the independent reference.</summary>
public sealed class OxidationStatesTests
{
    private static OxidationResult Assign(string path, string? oxi = null)
        => OxidationStates.Assign(StructureReader.ReadFile(path), oxi is null ? null : OxidationStates.ParseExplicit(oxi));

    private static void AssertStates(OxidationResult r, params (string el, double q)[] expected)
    {
        foreach (var (el, q) in expected)
            Assert.True(r.States[el].SequenceEqual([q]), $"{el}: expected {q}, got [{string.Join(", ", r.States[el])}]");
    }

    [Fact]
    public void OrderedLgpsIsGuessedAsLiGe4P5S2WithoutOxi()
    {
        var r = Assign(TestData.Structure("Li10GeP2S12_ordered_P1.cif"));
        AssertStates(r, ("Li", 1), ("Ge", 4), ("P", 5), ("S", -2));
        Assert.Equal(OxidationSource.BondValence, r.Sources["P"]);
        Assert.Equal(0, r.ResidualCharge, 9);
    }

    [Fact]
    public void LiFePO4HasFe2()
    {
        var r = Assign(TestData.Structure("LiFePO4.cif"));
        AssertStates(r, ("Li", 1), ("Fe", 2), ("P", 5), ("O", -2));
    }

    [Fact]
    public void Li3V2P3O12WithAllZeroChargesInTheFileIsGuessedV3()
    {
        // The file's type symbols say Li0+, V0+ ... : zero for every species means "unknown", not zero.
        var raw = File.ReadAllText(TestData.Structure("Li3V2P3O12.cif"));
        Assert.Contains("0+", raw);
        var r = Assign(TestData.Structure("Li3V2P3O12.cif"));
        AssertStates(r, ("Li", 1), ("V", 3), ("P", 5), ("O", -2));
        Assert.Equal(OxidationSource.BondValence, r.Sources["V"]);
    }

    [Fact]
    public void HydroxideHydrogenIsPlusOneAndBorohydrideHydrogenMinusOne()
    {
        var lioh = Assign(TestData.Structure("LiOH_COD.cif"));
        AssertStates(lioh, ("H", 1), ("Li", 1), ("O", -2));
        Assert.Equal(OxidationSource.HydrogenRule, lioh.Sources["H"]);

        var brucite = Assign(TestData.Structure("MgOH2_brucite_COD_no_symops.cif"));
        AssertStates(brucite, ("H", 1), ("Mg", 2), ("O", -2));

        // LiBH4 carries charges in its type symbols (Li+, B3+, H-): read from the file.
        var libh4 = Assign(TestData.Paper("LiBH4_Pnma_MPderived.cif"));
        AssertStates(libh4, ("H", -1), ("Li", 1), ("B", 3));
        Assert.Equal(OxidationSource.File, libh4.Sources["H"]);

        // Without the charges the hydrogen rule still gives H−: its nearest neighbour is B.
        var stripped = System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(TestData.Paper("LiBH4_Pnma_MPderived.cif")),
            @"loop_\s+_atom_type_symbol\s+_atom_type_oxidation_number(\s+\S+\s+-?[0-9.]+)+",
            "")
            .Replace("Li+ ", "Li  ").Replace("B3+ ", "B   ").Replace("H- ", "H  ");
        Assert.DoesNotContain("oxidation_number", stripped);
        var s = StructureReader.Read(stripped, "LiBH4_no_charges.cif");
        var guessed = OxidationStates.Assign(s, OxidationStates.ParseExplicit("B=3"));
        Assert.True(guessed.States["H"].SequenceEqual([-1.0]));
        Assert.Equal(OxidationSource.HydrogenRule, guessed.Sources["H"]);
    }

    [Fact]
    public void DisorderedLgpsIsGuessedAndItsResidualChargeReported()
    {
        var r = Assign(TestData.Structure("Li10GeP2S12_disordered.cif"));
        AssertStates(r, ("Li", 1), ("Ge", 4), ("P", 5), ("S", -2));
        // Li 20.2 + Ge 2.06·4 + P 3.94·5 − S 24·2 = +0.14 e per cell (the refined occupancies are not neutral).
        Assert.Equal(0.14, r.ResidualCharge, 6);
    }

    [Fact]
    public void ExplicitStatesWinOverTheFileAndTheGuess()
    {
        var r = Assign(TestData.Structure("LiFePO4.cif"), "Fe=3,Li=1");
        Assert.Equal(OxidationSource.Explicit, r.Sources["Fe"]);
        Assert.True(r.States["Fe"].SequenceEqual([3.0]));
        // P and O are still guessed; Fe3+ with Li+ forces P/O to the nearest neutral assignment.
        Assert.Equal(OxidationSource.BondValence, r.Sources["O"]);
    }

    [Fact]
    public void MixedValenceMagnetiteGetsFe2AndFe3()
    {
        // Fe3O4 (inverse spinel, Fd-3m origin 2, a = 8.396 Å): no single Fe state is neutral, Fe averages 8/3.
        const string cif = """
            data_magnetite
            _cell_length_a 8.396
            _cell_length_b 8.396
            _cell_length_c 8.396
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            _symmetry_space_group_name_H-M 'F d -3 m:2'
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Fe1 0.125 0.125 0.125
            Fe2 0.5 0.5 0.5
            O1 0.2549 0.2549 0.2549
            """;
        var s = StructureReader.Read(cif, "magnetite.cif");
        Assert.Equal(56, s.AtomCount, 6);
        var r = OxidationStates.Assign(s);
        Assert.Equal(0, r.ResidualCharge, 6);
        Assert.Contains(2.0, r.States["Fe"]);
        Assert.Contains(3.0, r.States["Fe"]);
        // Charge balance fixes the counts: 16 Fe3+ and 8 Fe2+ per cell (which sites take which is a heuristic).
        var fe = r.Structure.Sites.SelectMany(x => x.Species).Where(x => x.Element == "Fe").ToList();
        Assert.Equal(16, fe.Count(x => x.OxidationState == 3));
        Assert.Equal(8, fe.Count(x => x.OxidationState == 2));
    }

    [Theory]
    [InlineData("Li=1,Xx=2", "unknown element symbol 'Xx'")]
    [InlineData("Li1", "expected ELEMENT=STATE")]
    [InlineData("Li=one", "expected ELEMENT=STATE")]
    public void BadOxiTextIsAClearError(string text, string message)
    {
        var e = Assert.Throws<InputException>(() => OxidationStates.ParseExplicit(text));
        Assert.Equal(InputParameter.OxidationStates, e.Parameter);
        Assert.StartsWith("oxidation states: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void OxiErrorsRenderWithTheFrontEndsFlag()
    {
        // The CLI's text before Core spoke in parameter keys, rendered here with the CLI's flag.
        var e = Assert.Throws<InputException>(() => OxidationStates.ParseExplicit("Li1"));
        Assert.Equal("--oxi: 'Li1': expected ELEMENT=STATE, e.g. --oxi Li=1,Ge=4,P=5,S=-2", e.Render(Flag));
        var empty = Assert.Throws<InputException>(() => OxidationStates.ParseExplicit(" , "));
        Assert.Equal("--oxi: no ELEMENT=STATE entries, e.g. --oxi Li=1,Ge=4,P=5,S=-2", empty.Render(Flag));

        static string Flag(InputParameter p) => p == InputParameter.OxidationStates ? "--oxi" : p.ToString();
    }

    [Fact]
    public void AnExplicitStateForAnAbsentElementIsAWarning()
    {
        var r = Assign(TestData.Structure("LiF.cif"), "Li=1,F=-1,Na=1");
        string key = InputException.Ref(InputParameter.OxidationStates);
        Assert.Contains($"{key} gives Na, which is not in the structure; ignored", r.Warnings);
        Assert.Equal(OxidationSource.Explicit, r.Sources["Li"]);
    }

    [Fact]
    public void NoPossibleAssignmentIsAClearErrorThatMentionsOxi()
    {
        // An intermetallic (no anion) cannot be given bond-valence oxidation states.
        const string cif = """
            data_LiAl
            _cell_length_a 6.37
            _cell_length_b 6.37
            _cell_length_c 6.37
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Li1 0 0 0
            Al1 0.5 0.5 0.5
            """;
        var s = StructureReader.Read(cif, "LiAl.cif");
        var e = Assert.Throws<InputException>(() => OxidationStates.Assign(s));
        Assert.Contains(InputException.Ref(InputParameter.OxidationStates), e.Problem);
        Assert.Contains("pass the states with --oxi Li=N,Al=N", e.Render(p => p == InputParameter.OxidationStates ? "--oxi" : ""));
        Assert.Contains("LiAl.cif", e.Message);
    }
}
