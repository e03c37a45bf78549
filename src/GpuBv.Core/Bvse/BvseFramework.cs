using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.Parameters;

namespace GpuBv.Bvse;

/// <summary>
/// The framework a mobile ion feels (DESIGN.md §2): every ion except the mobile species, each periodic image that can
/// lie within the cutoff of some point of the cell, weighted by its site occupancy, with its softBV Morse parameters
/// (counter-ions) or screened-Coulomb parameters (same-sign ions). Mixed sites keep their other species.
/// </summary>
public sealed class BvseFramework
{
    private BvseFramework(
        Structure structure, MobileIon ion, double cutoff, FrameworkIon[] morse, FrameworkIon[] coulomb, IReadOnlyList<string> warnings)
    {
        Structure = structure;
        Ion = ion;
        Cutoff = cutoff;
        Morse = morse;
        Coulomb = coulomb;
        Warnings = warnings;
    }

    /// <summary>The structure (with oxidation states) the framework was built from.</summary>
    public Structure Structure { get; }
    /// <summary>The mobile ion.</summary>
    public MobileIon Ion { get; }
    /// <summary>The interaction cutoff (Å).</summary>
    public double Cutoff { get; }
    /// <summary>Counter-ion images with Morse parameters (see <see cref="MorsePotential"/>).</summary>
    public FrameworkIon[] Morse { get; }
    /// <summary>Same-sign ion images with screened-Coulomb parameters (see <see cref="ScreenedCoulombPotential"/>).</summary>
    public FrameworkIon[] Coulomb { get; }
    /// <summary>Notes for the user (e.g. rounded mixed valences).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Builds the framework of <paramref name="structure"/> (every species must carry an oxidation state) for
    /// <paramref name="ion"/> within <paramref name="cutoff"/> Å. Throws an <see cref="InputException"/> when the ion is
    /// absent from the structure or a softBV pair or quantum number is missing (naming it). <paramref name="margin"/> (Å)
    /// widens the region covered beyond the cell, for points evaluated outside it (local grids around groups).
    /// </summary>
    public static BvseFramework Build(
        Structure structure, MobileIon ion, double cutoff = 10.0, SoftBvTable? table = null, double margin = 0)
    {
        table ??= SoftBvTable.Default;
        if (!(cutoff > 0) || cutoff > 50)
            throw new InputException(InputParameter.Cutoff, $"{cutoff}", "the cutoff must be in (0, 50] Å");
        if (!structure.Composition().ContainsKey(ion.Element))
            throw new InputException(structure.Source, InputException.Ref(InputParameter.Ion),
                $"the mobile ion {ion} is not in the structure (elements: {string.Join(", ", structure.Elements)})");
        if (!Element.TryGet(ion.Element, out var ionEl) || ionEl.PrincipalQuantumNumber is not int nA)
            throw new InputException(InputParameter.Ion, ion.ToString(), $"no principal quantum number is known for {ion.Element}");
        var warnings = new List<string>();
        var mobileStates = structure.Sites
            .SelectMany(s => s.Species)
            .Where(s => s.Element == ion.Element)
            .Select(s => s.OxidationState)
            .Distinct()
            .ToList();
        if (mobileStates.Any(q => q is double v && Math.Abs(v - ion.Charge) > 1e-6))
            warnings.Add($"the structure's {ion.Element} has oxidation state(s) {string.Join("/", mobileStates)}, "
                + $"the mobile ion {ion}: the mobile ion's charge is used");

        var lat = structure.Lattice;
        var widths = lat.PerpendicularWidths();
        var reach = new Vec3((cutoff + margin) / widths.X, (cutoff + margin) / widths.Y, (cutoff + margin) / widths.Z);
        var morse = new List<FrameworkIon>();
        var coulomb = new List<FrameworkIon>();
        var rounded = new HashSet<string>();
        foreach (var site in structure.Sites)
        {
            foreach (var sp in site.Species)
            {
                if (sp.Element == ion.Element)
                    continue; // the mobile species is what moves
                if (sp.OxidationState is not double q)
                    throw new InputException(structure.Source, $"site {site.Label}", $"{sp.Element} has no oxidation state");
                if (q == 0 || sp.Occupancy <= 0)
                    continue;
                double p0, p1, p2;
                bool counter = Math.Sign(q) != Math.Sign(ion.Charge);
                if (counter)
                {
                    int qi = (int)Math.Round(q);
                    if (Math.Abs(q - qi) > 1e-6 && rounded.Add(sp.Element))
                        warnings.Add($"{sp.Element} has the fractional oxidation state {q:0.###}; "
                            + $"softBV parameters of {sp.Element}{qi:+0;-0} are used for its Morse term");
                    SoftBvPair pair;
                    bool found = ion.IsCation
                        ? table.TryGet(ion.Element, ion.Charge, sp.Element, qi, out pair)
                        : table.TryGet(sp.Element, qi, ion.Element, ion.Charge, out pair);
                    if (!found)
                    {
                        string name = ion.IsCation
                            ? SoftBvTable.PairName(ion.Element, ion.Charge, sp.Element, qi)
                            : SoftBvTable.PairName(sp.Element, qi, ion.Element, ion.Charge);
                        throw new InputException(structure.Source, $"site {site.Label}",
                            $"no softBV parameters for the pair {name}; "
                            + $"supply them with {InputException.Ref(InputParameter.ParametersFile)} "
                            + "(bvse.dat's layout: cation cation_valence anion anion_valence Nc R0 Rcutoff D0 Rmin alpha)");
                    }
                    p0 = sp.Occupancy * pair.D0 / 2;
                    p1 = pair.Rmin;
                    p2 = pair.Alpha;
                }
                else
                {
                    var el = Element.Get(sp.Element);
                    if (el.PrincipalQuantumNumber is not int nB)
                        throw new InputException(
                            structure.Source, $"site {site.Label}", $"no principal quantum number is known for {sp.Element}");
                    p0 = sp.Occupancy * BvsePhysics.CoulombConstant * ion.Charge * q / Math.Sqrt(nA * nB);
                    p1 = 1.0 / (BvsePhysics.ScreeningFactor * (ionEl.CovalentRadius + el.CovalentRadius));
                    p2 = 0;
                }
                var target = counter ? morse : coulomb;
                var f = site.Fractional;
                for (int ta = (int)Math.Floor(-reach.X - f.X); ta <= (int)Math.Ceiling(1 + reach.X - f.X); ta++)
                {
                    double fa = f.X + ta;
                    if (fa < -reach.X || fa > 1 + reach.X)
                        continue;
                    for (int tb = (int)Math.Floor(-reach.Y - f.Y); tb <= (int)Math.Ceiling(1 + reach.Y - f.Y); tb++)
                    {
                        double fb = f.Y + tb;
                        if (fb < -reach.Y || fb > 1 + reach.Y)
                            continue;
                        for (int tc = (int)Math.Floor(-reach.Z - f.Z); tc <= (int)Math.Ceiling(1 + reach.Z - f.Z); tc++)
                        {
                            double fc = f.Z + tc;
                            if (fc < -reach.Z || fc > 1 + reach.Z)
                                continue;
                            var r = lat.ToCartesian(new Vec3(fa, fb, fc));
                            target.Add(new FrameworkIon(r.X, r.Y, r.Z, p0, p1, p2));
                        }
                    }
                }
            }
        }
        if (morse.Count == 0)
            throw new InputException(structure.Source, InputException.Ref(InputParameter.Ion),
                $"the framework has no counter-ions for {ion} (nothing of opposite charge)");
        return new BvseFramework(structure, ion, cutoff, morse.ToArray(), coulomb.ToArray(), warnings);
    }
}
