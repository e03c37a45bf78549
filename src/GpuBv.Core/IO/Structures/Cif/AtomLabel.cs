using System.Collections.Frozen;
using System.Text.RegularExpressions;
using GpuBv.Chemistry;

namespace GpuBv.IO.Structures.Cif;

/// <summary>
/// Reads the element a CIF site label names when the file has no <c>_atom_site_type_symbol</c> (most COD hydrates).
/// Labels that are an element symbol followed by digits or punctuation (<c>Li1</c>, <c>O2a</c>, <c>O-H</c>) are read as
/// that element silently. Known non-element labels are read from an explicit table (<c>Wat</c>, <c>OW</c> → O;
/// <c>Hw</c>, <c>HW</c> → H; <c>D</c> → H, deuterium) with a note. Other labels (<c>Ob</c>, <c>SiT</c>, <c>CaX</c>) are read
/// by their leading letters only when that is plausible: the element is in the file's <c>_chemical_formula_sum</c>, or,
/// without a formula, at most two letters follow the symbol; else the label is refused. A label that is never read as
/// tungsten just because it starts with W: <c>Wat</c> is water.
/// </summary>
public static partial class AtomLabel
{
    /// <summary>Known non-element leading letters (case-insensitive) and what they mean.</summary>
    private static readonly FrozenDictionary<string, (string Element, string Meaning)> Known =
        new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["Wat"] = ("O", "water oxygen"),
            ["WatX"] = ("O", "water oxygen"),
            ["Water"] = ("O", "water oxygen"),
            ["Ow"] = ("O", "water oxygen"),
            ["Owat"] = ("O", "water oxygen"),
            ["Hw"] = ("H", "water hydrogen"),
            ["Hwat"] = ("H", "water hydrogen"),
            ["D"] = ("H", "deuterium, read as hydrogen"),
            ["Dw"] = ("H", "deuterium of water, read as hydrogen"),
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"[A-Z][a-z]?")]
    private static partial Regex FormulaSymbol();

    /// <summary>
    /// The elements a <c>_chemical_formula_sum</c> names (<c>'Fe O2.25 Cl.5 H2.75'</c> → Fe, O, Cl, H; D counts as H);
    /// null when <paramref name="formula"/> is null or names no element.
    /// </summary>
    public static IReadOnlySet<string>? FormulaElements(string? formula)
    {
        if (string.IsNullOrWhiteSpace(formula))
            return null;
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in FormulaSymbol().Matches(formula))
        {
            if (m.Value is "D" or "T")
                set.Add("H");
            else if (Element.IsSymbol(m.Value))
                set.Add(m.Value);
        }
        return set.Count > 0 ? set : null;
    }

    /// <summary>
    /// Looks the leading letters of <paramref name="text"/> up in the table of known non-element labels
    /// (<c>Wat</c>, <c>OW</c>, <c>Hw</c>, <c>D</c>, ...): the element they stand for and what they mean.
    /// </summary>
    public static bool TryKnown(string text, out string element, out string meaning)
    {
        var t = text.Trim();
        int n = 0;
        while (n < t.Length && char.IsAsciiLetter(t[n]))
            n++;
        if (Known.TryGetValue(t[..n], out var known))
        {
            (element, meaning) = known;
            return true;
        }
        element = "";
        meaning = "";
        return false;
    }

    /// <summary>
    /// Finds the element <paramref name="label"/> names. <paramref name="note"/> is null when the label is an element
    /// symbol (optionally followed by digits or punctuation); otherwise it says how the label was read, for a warning.
    /// Returns false, with the reason in <paramref name="note"/>, when the label cannot be read plausibly.
    /// </summary>
    /// <param name="label">The site label, e.g. <c>Wat10</c>.</param>
    /// <param name="formulaElements">The elements of the file's formula (<see cref="FormulaElements"/>), or null.</param>
    /// <param name="element">The element symbol found.</param>
    /// <param name="note">How a non-element label was read, or why it could not be.</param>
    public static bool TryResolve(string label, IReadOnlySet<string>? formulaElements, out string element, out string? note)
    {
        element = "";
        note = null;
        var t = label.Trim();
        int n = 0;
        while (n < t.Length && char.IsAsciiLetter(t[n]))
            n++;
        var letters = t[..n];
        if (n == 0)
        {
            note = $"label '{label}' does not start with an element symbol";
            return false;
        }
        if (TryKnown(letters, out element, out var meaning))
        {
            note = $"label '{label}' is not an element symbol; read as {element} ({meaning})";
            return true;
        }

        // Candidates: the label's own reading (the longest leading symbol), then the other length.
        var candidates = new List<string>(2);
        if (SpeciesSymbol.TryElementFromLabel(t, out var naive))
            candidates.Add(naive);
        foreach (int len in new[] { 2, 1 })
            if (n >= len && Element.TryGet(letters[..len], out var e) && !candidates.Contains(e.Symbol))
                candidates.Add(e.Symbol);
        // Elements past plutonium only from their symbol as written: an 'NH4' label is ammonium nitrogen, not nihonium.
        candidates.RemoveAll(c => c != letters && Element.Get(c).Z > 94);
        if (candidates.Count == 0)
        {
            note = $"label '{label}' names no element";
            return false;
        }
        bool exact = Element.TryGet(letters, out var whole) && whole.Symbol == candidates[0];
        if (letters == candidates[0])
        {
            element = letters; // the symbol as written ("Co1"): the formula check after expansion reports a contradiction
            return true;
        }
        if (formulaElements is not null)
        {
            var inFormula = candidates.FirstOrDefault(formulaElements.Contains);
            if (inFormula is null)
            {
                if (exact)
                {
                    element = candidates[0];
                    return true; // an all-capitals symbol ("FE1"): the formula check after expansion reports a contradiction
                }
                note = $"label '{label}' is not an element symbol and its leading letters name no element of "
                    + $"_chemical_formula_sum ({string.Join(" ", formulaElements)})";
                return false;
            }
            element = inFormula;
            if (exact && inFormula == candidates[0])
                return true;
            note = $"label '{label}' is not an element symbol; read as {element} by its leading letters (an element of "
                + "_chemical_formula_sum)";
            return true;
        }
        element = candidates[0];
        if (exact)
            return true;
        int rest = n - element.Length;
        if (rest > 2)
        {
            note = $"label '{label}' is not an element symbol, and reading it as {element} by its leading letters is not plausible";
            return false;
        }
        note = $"label '{label}' is not an element symbol; read as {element} by its leading letters";
        return true;
    }
}
