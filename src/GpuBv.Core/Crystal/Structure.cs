using System.Collections.Immutable;

namespace GpuBv.Crystal;

/// <summary>
/// An immutable crystal structure: the lattice, all sites of the cell after symmetry expansion and merging, the
/// space-group symbol whose operators expanded them (as read; "P 1" for a P1 file), and where it came from.
/// </summary>
public sealed class Structure
{
    /// <summary>Creates a structure. Fractional coordinates are wrapped into [0, 1).</summary>
    /// <param name="lattice">The cell.</param>
    /// <param name="sites">Every site of the cell.</param>
    /// <param name="spaceGroup">The symbol whose operators expanded the sites.</param>
    /// <param name="source">The file it came from.</param>
    /// <param name="warnings">Warnings raised while reading.</param>
    /// <param name="title">Data-block name or comment line.</param>
    /// <param name="missingHydrogens">H atoms per cell that the file's formula implies but no site gives.</param>
    /// <param name="formulaContradiction">How the structure contradicts the file's own formula, or null.</param>
    public Structure(Lattice lattice, IEnumerable<Site> sites, string spaceGroup = "P 1", string source = "",
        IEnumerable<string>? warnings = null, string title = "", double missingHydrogens = 0,
        string? formulaContradiction = null)
    {
        MissingHydrogens = missingHydrogens;
        FormulaContradiction = formulaContradiction;
        Lattice = lattice;
        Sites = sites.Select(s => s with { Fractional = s.Fractional.Wrap() }).ToImmutableArray();
        SpaceGroup = spaceGroup;
        Source = source;
        Title = title;
        Warnings = warnings?.ToImmutableArray() ?? [];
    }

    /// <summary>The lattice.</summary>
    public Lattice Lattice { get; }
    /// <summary>All sites in the cell.</summary>
    public ImmutableArray<Site> Sites { get; }
    /// <summary>The space-group symbol used to expand the sites, as read from the file.</summary>
    public string SpaceGroup { get; }
    /// <summary>The file the structure was read from (may be empty).</summary>
    public string Source { get; }
    /// <summary>Data-block name, comment line or similar title.</summary>
    public string Title { get; }
    /// <summary>Warnings raised while reading (metric overriding the symbol's setting, merged duplicates, ...).</summary>
    public ImmutableArray<string> Warnings { get; }

    /// <summary>
    /// Hydrogen atoms per cell that the file implies (its formula, or attached hydrogens) but no site gives: 0 when the
    /// file gives every H or says nothing. Computations that need every ion refuse such a structure unless told not to.
    /// </summary>
    public double MissingHydrogens { get; }

    /// <summary>
    /// One line saying how the structure read contradicts the file's own formula (e.g. CIF <c>_chemical_formula_sum</c>
    /// × <c>_cell_formula_units_Z</c>), after every resolution tried; null when it agrees or the file gives none.
    /// </summary>
    public string? FormulaContradiction { get; }

    /// <summary>The same structure with other findings about the file's formula.</summary>
    public Structure WithFindings(double missingHydrogens, string? formulaContradiction)
        => new(Lattice, Sites, SpaceGroup, Source, Warnings, Title, missingHydrogens, formulaContradiction);

    /// <summary>Number of atoms in the cell: the sum of occupancies over all sites.</summary>
    public double AtomCount => Sites.Sum(s => s.TotalOccupancy);

    /// <summary>Elements present, in first-seen order.</summary>
    public IReadOnlyList<string> Elements => Sites.SelectMany(s => s.Species).Select(s => s.Element).Distinct().ToList();

    /// <summary>Amount of each element in the cell (sum of occupancies).</summary>
    public IReadOnlyDictionary<string, double> Composition()
    {
        var d = new Dictionary<string, double>();
        foreach (var site in Sites)
            foreach (var sp in site.Species)
                d[sp.Element] = d.GetValueOrDefault(sp.Element) + sp.Occupancy;
        return d;
    }

    /// <summary>A copy with other sites (and the same lattice, symbol, source, warnings).</summary>
    public Structure WithSites(IEnumerable<Site> sites)
        => new(Lattice, sites, SpaceGroup, Source, Warnings, Title, MissingHydrogens, FormulaContradiction);

    /// <summary>
    /// The n1×n2×n3 supercell: cell vectors multiplied, every site repeated (labels keep their names), symbol "P 1".
    /// </summary>
    public Structure Supercell(int n1, int n2, int n3)
    {
        if (n1 < 1 || n2 < 1 || n3 < 1)
            throw new ArgumentOutOfRangeException(nameof(n1), "supercell multiples must be ≥ 1");
        var lat = Lattice.FromVectors(Lattice.A * n1, Lattice.B * n2, Lattice.C * n3);
        var sites = new List<Site>(Sites.Length * n1 * n2 * n3);
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                for (int k = 0; k < n3; k++)
                    foreach (var s in Sites)
                    {
                        var f = s.Fractional;
                        sites.Add(s with { Fractional = new Vec3((f.X + i) / n1, (f.Y + j) / n2, (f.Z + k) / n3) });
                    }
        return new Structure(lat, sites, "P 1", Source, Warnings, Title, MissingHydrogens * n1 * n2 * n3, FormulaContradiction);
    }

    /// <summary>A copy with every site moved by <paramref name="shift"/> (fractional), wrapped into the cell.</summary>
    public Structure Translated(Vec3 shift) => WithSites(Sites.Select(s => s with { Fractional = s.Fractional + shift }));
}
