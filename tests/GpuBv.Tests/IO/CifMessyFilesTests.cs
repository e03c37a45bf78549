using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using GpuBv.IO.Structures.Cif;
using Xunit;

namespace GpuBv.Tests.IO;

/// <summary>
/// Issue 11, classes 3, 4 and 6: the messy CIFs of ICSD, COD and old tools (Data/structures/messy, see SOURCES.md there).
/// Expected cell contents are the files' own <c>_chemical_formula_sum</c> × Z (hydrogen the files omit aside), not
/// output of this code; each lenient reading gives one warning that names the line (and the atom).
/// </summary>
public sealed class CifMessyFilesTests
{
    private static Structure Messy(string name) => StructureReader.ReadFile(TestData.Structure(Path.Combine("messy", name)));

    private static void AssertCell(Structure s, params (string Element, double Count)[] expected)
    {
        var comp = s.Composition();
        foreach (var (el, n) in expected)
        {
            Assert.True(comp.TryGetValue(el, out var got), $"{el} missing from {Formula.Full(comp)}");
            Assert.Equal(n, got, 2);
        }
        Assert.Equal(expected.Length, comp.Count);
    }

    private const string Head = """
        data_x
        _cell_length_a 5
        _cell_length_b 5
        _cell_length_c 5
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90
        _symmetry_space_group_name_H-M 'P 1'

        """;

    // ---- class 3: ICSD '.' coordinates and '.5' numbers ----

    [Fact]
    public void IcsdDotCoordinatesAreZeroWithOneWarningPerAtom()
    {
        var s = Messy("MnO_icsd_dot_coordinates.cif");
        AssertCell(s, ("Mn", 4), ("O", 4)); // 'Mn1 O1', Z = 4
        Assert.Contains(s.Sites, x => x.Species[0].Element == "Mn" && x.Fractional.X == 0 && x.Fractional.Y == 0 && x.Fractional.Z == 0);
        Assert.Contains(s.Sites, x => x.Species[0].Element == "O" && Math.Abs(x.Fractional.X - 0.5) < 1e-12);
        var w = Assert.Single(s.Warnings, x => x.Contains("'.'"));
        Assert.StartsWith("line 34, atom Mn1: coordinates x, y, z", w);
    }

    [Theory]
    [InlineData(".5", 0.5)]
    [InlineData("-.5", -0.5)]
    [InlineData("+.25", 0.25)]
    [InlineData(".5(2)", 0.5)]
    [InlineData("1.", 1.0)]
    public void NumbersWithoutLeadingOrTrailingDigitsParse(string text, double expected)
    {
        Assert.True(CifNumber.TryParse(text, out var v));
        Assert.Equal(expected, v, 12);
    }

    [Fact]
    public void UnknownOrQuotedDotCoordinateIsStillAnError()
    {
        string loop = "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n";
        var e = Assert.Throws<InputException>(() => StructureReader.Read(Head + loop + "Na1 0 ? 0\n", "q.cif"));
        Assert.Contains("atom Na1", e.Message);
        Assert.Contains("y '?' is not a number", e.Message);
        e = Assert.Throws<InputException>(() => StructureReader.Read(Head + loop + "Na1 0 0 '.'\n", "q.cif"));
        Assert.Contains("z '.' is not a number", e.Message);
    }

    // ---- class 4: quoted strings that run past their line ----

    [Fact]
    public void QuotedValuesPastTheirLineFollowTheIssueRule()
    {
        var s = Messy("NaCl_quote_past_line.cif");
        AssertCell(s, ("Na", 4), ("Cl", 4)); // 'Cl Na', Z = 4
        Assert.Contains(s.Warnings, w => w.StartsWith("line 7: quoted string opened with ' is closed on line 8", StringComparison.Ordinal));
        Assert.Contains(s.Warnings, w => w.StartsWith("line 9: quoted string opened with ' is not closed", StringComparison.Ordinal));

        var text = File.ReadAllText(TestData.Structure(Path.Combine("messy", "NaCl_quote_past_line.cif")));
        var block = CifParser.Parse(text, "NaCl_quote_past_line.cif").Blocks[0];
        Assert.Equal("This CIF file was written by an old program; the comment\n continues on the next line and closes here",
            block.Items["_cgraph_comments"].Text);
        Assert.Equal("Sodium chloride, a title that is never closed", block.Items["_cgraph_title"].Text);
        Assert.Equal(10, block.Items["_cell_length_a"].Line);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void QuoteEndsAtItsLineWhenALoopOrTextFieldComesFirst(string nl)
    {
        // The closing quote on line 4 comes after a line that starts with ';': the value ends with its line.
        string cif = string.Join(nl, "data_x", "_a 'open", "_b ok", "loop_", "_l", "'x", ";", "text 'y", ";", "_d 'runs",
            "on' _e 1", "");
        var block = CifParser.Parse(cif, "q.cif").Blocks[0];
        Assert.Equal("open", block.Items["_a"].Text);
        Assert.Equal("ok", block.Items["_b"].Text);
        Assert.Equal(["x", "text 'y"], block.Loops[0].Rows.Select(r => r[0].Text.Trim()));
        Assert.Equal("runs\non", block.Items["_d"].Text);
        Assert.Equal("1", block.Items["_e"].Text);
        Assert.Equal(11, block.Items["_e"].Line);
        Assert.Equal(3, block.Warnings.Count);
        Assert.StartsWith("line 6: quoted string opened with ' is not closed", block.Warnings[1]);
        Assert.StartsWith("line 10: quoted string opened with ' is closed on line 11", block.Warnings[2]);
    }

    // ---- class 6: labels that are not element symbols ----

    [Fact]
    public void WatLabelIsWaterNeverTungsten()
    {
        // COD/AMCSD 0012240, fougerite: 'Fe O2.25 Cl.5 H2.75', R-3m, hexagonal cell, Z = 3 (H not in the file).
        var s = Messy("Fougerite_Wat_label_COD.cif");
        AssertCell(s, ("Fe", 3), ("O", 6.75), ("Cl", 1.5));
        Assert.Contains(s.Warnings, w => w == "line 78, atom Wat: label 'Wat' is not an element symbol; read as O (water oxygen)");
    }

    [Fact]
    public void SepioliteWaterIsOxygen()
    {
        // AMCSD 0018363, sepiolite: 'Mg4 Si6 O22.82 H13.64', Pncn, Z = 4 (H not in the file).
        var s = Messy("Sepiolite_Wat_label_COD.cif");
        AssertCell(s, ("Mg", 16), ("Si", 24), ("O", 91.28));
        // One warning for the five water oxygens, not five.
        Assert.Single(s.Warnings, w => w.Contains("(water oxygen)"));
        Assert.Contains(s.Warnings, w => w.StartsWith("lines 65–69, 5 atoms (Wat10, Wat11, Wat12, …): their labels are not element",
            StringComparison.Ordinal));
    }

    [Fact]
    public void OwLabelIsWaterOxygen()
    {
        // COD 9000763, whewellite: 'C4 H2.57 Ca2 O10', P21/c, Z = 4.
        var s = Messy("Whewellite_OW_label_COD.cif");
        AssertCell(s, ("Ca", 8), ("C", 16), ("O", 40), ("H", 10.28));
        Assert.Contains(s.Warnings, w => w.StartsWith("lines 105–108, 4 atoms (OW1, OW2, OW10, …): their labels are not element "
            + "symbols; read as O", StringComparison.Ordinal));
    }

    [Fact]
    public void DeuteriumAndWaterHydrogenLabelsAreHydrogen()
    {
        var s = Messy("D2O_deuterium_water_labels.cif");
        AssertCell(s, ("H", 2), ("O", 1)); // 'H2 O', Z = 1
        Assert.Contains(s.Warnings, w => w.StartsWith("line 21, atom D1: label 'D1' is not an element symbol; read as H (deuterium",
            StringComparison.Ordinal));
        Assert.Contains(s.Warnings, w => w.StartsWith("line 22, atom Hw1:", StringComparison.Ordinal));
        Assert.Contains(s.Warnings, w => w.StartsWith("line 20, atom Ow1:", StringComparison.Ordinal));
    }

    private const string LabelLoop = "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n";

    [Fact]
    public void LeadingLettersAreReadOnlyWhenPlausible()
    {
        // With a formula: 'CO1' (all capitals) is carbon in a carbonate, not cobalt; 'Ob' is O; plain labels give no warning.
        string carbonate = Head + "_chemical_formula_sum 'C Ca O3'\n" + LabelLoop
            + "Ca1 0 0 0\nCO1 0.5 0.5 0.5\nOb 0.5 0.5 0\nO2 0.5 0 0.5\nO3 0 0.5 0.5\n";
        var s = StructureReader.Read(carbonate, "c.cif");
        AssertCell(s, ("Ca", 1), ("C", 1), ("O", 3));
        Assert.Contains(s.Warnings, w => w.StartsWith("line 16, atom CO1: label 'CO1' is not an element symbol; read as C",
            StringComparison.Ordinal));
        Assert.Contains(s.Warnings, w => w.StartsWith("line 17, atom Ob:", StringComparison.Ordinal));
        Assert.DoesNotContain(s.Warnings, w => w.Contains("atom Ca1") || w.Contains("atom O2"));

        // Leading letters naming no element of the formula: refused, naming the line and the atom.
        var e = Assert.Throws<InputException>(() => StructureReader.Read(
            Head + "_chemical_formula_sum 'Na Cl'\n" + LabelLoop + "Na1 0 0 0\nWx1 0.5 0.5 0.5\n", "w.cif"));
        Assert.Contains("line 16, atom Wx1", e.Message);
        Assert.Contains("_chemical_formula_sum", e.Message);

        // Without a formula: two trailing letters are read with a warning, more are refused ('Watson' is not tungsten).
        s = StructureReader.Read(Head + LabelLoop + "SiT1 0 0 0\nOH 0.5 0.5 0.5\n", "n.cif");
        AssertCell(s, ("Si", 1), ("O", 1));
        Assert.Equal(2, s.Warnings.Count(w => w.Contains("by its leading letters")));
        // A symbol written in its own case ('Co1') is that element even when the formula lacks it.
        s = StructureReader.Read(Head + "_chemical_formula_sum 'C O'\n" + LabelLoop + "Co1 0 0 0\n", "co.cif");
        AssertCell(s, ("Co", 1));
        Assert.Empty(s.Warnings.Where(w => w.Contains("label")));
        e = Assert.Throws<InputException>(() => StructureReader.Read(Head + LabelLoop + "Watson1 0 0 0\n", "n.cif"));
        Assert.Contains("line 14, atom Watson1", e.Message);
        Assert.Contains("not plausible", e.Message);
    }

    [Theory]
    [InlineData("Li1", null, "Li", false)]
    [InlineData("Fe2a", null, "Fe", false)]
    [InlineData("O-H", null, "O", false)]
    [InlineData("FE1", null, "Fe", false)]
    [InlineData("Wat10", null, "O", true)]
    [InlineData("WatX1", "Na Si O", "O", true)]
    [InlineData("OW1", null, "O", true)]
    [InlineData("Ow", null, "O", true)]
    [InlineData("HW2", null, "H", true)]
    [InlineData("Hw1", null, "H", true)]
    [InlineData("D3", null, "H", true)]
    [InlineData("Dy1", null, "Dy", false)]
    [InlineData("NH1", null, "N", true)]        // not nihonium
    [InlineData("NH4", "H4 N Cl", "N", true)]
    [InlineData("HO1", "H Mg O", "H", true)]    // not holmium where the formula has no Ho
    [InlineData("CO1", "C Ca O3", "C", true)]
    [InlineData("CO1", "Co O", "Co", false)]
    [InlineData("SiT1", "Al Si O", "Si", true)]
    [InlineData("Ob", null, "O", true)]
    public void LabelTable(string label, string? formula, string element, bool warns)
    {
        Assert.True(AtomLabel.TryResolve(label, AtomLabel.FormulaElements(formula), out var got, out var note));
        Assert.Equal(element, got);
        Assert.Equal(warns, note is not null);
    }

    [Theory]
    [InlineData("Watson1", null)]
    [InlineData("Wx1", "Na Cl")]
    [InlineData("Q1", null)]
    [InlineData("?", null)]
    public void ImplausibleLabelsAreRefused(string label, string? formula)
    {
        Assert.False(AtomLabel.TryResolve(label, AtomLabel.FormulaElements(formula), out _, out var note));
        Assert.Contains($"'{label}'", note);
    }

    [Fact]
    public void DeuteriumAndWaterTypeSymbolsAreReadWithAWarning()
    {
        string cif = Head + "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
            + "O1 O 0 0 0\nD1 D 0.19 0 0\nW1 Wat 0.5 0.5 0.5\n";
        var s = StructureReader.Read(cif, "d.cif");
        AssertCell(s, ("O", 2), ("H", 1));
        Assert.Contains(s.Warnings, w => w.StartsWith("line 16, atom D1: type symbol 'D' read as H", StringComparison.Ordinal));
        Assert.Contains(s.Warnings, w => w.StartsWith("line 17, atom W1: type symbol 'Wat' read as O", StringComparison.Ordinal));
    }
}
