using System.Globalization;
using GpuBv.Chemistry;

namespace GpuBv.Crystal;

/// <summary>
/// The checks a computation that needs every ion makes on a structure before it runs, and the notes a screen row carries
/// when a structure may be read wrong (issue 11): hydrogens the file implies but gives no site for, a contradiction with
/// the file's own formula, and a residual charge beyond the neutrality tolerance.
/// </summary>
public static class StructureChecks
{
    /// <summary>
    /// Refuses a structure that lacks hydrogens its file implies (<see cref="Structure.MissingHydrogens"/> &gt; 0): its
    /// bond-valence energies and barriers would be computed without those ions.
    /// </summary>
    /// <param name="structure">The structure as read.</param>
    /// <param name="allowMissingHydrogens">Run anyway (<see cref="InputParameter.AllowMissingHydrogens"/>).</param>
    /// <exception cref="InputException">One line naming the file and the number of missing H per cell.</exception>
    public static void RequireComplete(Structure structure, bool allowMissingHydrogens)
    {
        ArgumentNullException.ThrowIfNull(structure);
        if (allowMissingHydrogens || !(structure.MissingHydrogens > 0))
        {
            return;
        }
        throw new InputException(structure.Source, "", MissingHydrogensProblem(structure.MissingHydrogens)
            + $"; add the H positions, or pass {InputException.Ref(InputParameter.AllowMissingHydrogens)} to compute without them");
    }

    /// <summary>"4 H per cell that the file's formula implies have no site (implicit hydrogens)".</summary>
    /// <param name="missingHydrogens">H per cell.</param>
    public static string MissingHydrogensProblem(double missingHydrogens)
        => string.Create(CultureInfo.InvariantCulture,
            $"{missingHydrogens:0.###} H per cell that the file implies have no site (implicit hydrogens)");

    /// <summary>
    /// What a screen row must say about a structure that was computed but may be read wrong: the contradiction with the
    /// file's formula, the hydrogens it lacks (when allowed), a residual charge beyond
    /// <see cref="OxidationStates.NeutralTolerance"/>; several joined by "; ". Null for a clean structure.
    /// </summary>
    /// <param name="oxidation">The structure with its oxidation states (it keeps the reader's findings).</param>
    public static string? Concerns(OxidationResult oxidation)
    {
        ArgumentNullException.ThrowIfNull(oxidation);
        var s = oxidation.Structure;
        var notes = new List<string>(3);
        if (!string.IsNullOrWhiteSpace(s.FormulaContradiction))
        {
            notes.Add(s.FormulaContradiction.Trim());
        }
        if (s.MissingHydrogens > 0)
        {
            notes.Add(MissingHydrogensProblem(s.MissingHydrogens));
        }
        double positive = s.Sites.SelectMany(x => x.Species)
            .Where(x => x.OxidationState > 0)
            .Sum(x => x.Occupancy * x.OxidationState!.Value);
        double tolerance = OxidationStates.NeutralTolerance(positive);
        if (Math.Abs(oxidation.ResidualCharge) > tolerance)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"oxidation states are not charge-neutral: residual {oxidation.ResidualCharge:+0.###;-0.###} e per cell "
                + $"(tolerance {tolerance:0.###} e)"));
        }
        return notes.Count == 0 ? null : string.Join("; ", notes);
    }
}
