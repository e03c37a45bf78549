using System.CommandLine;
using System.Globalization;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Cli.Commands.Traj;

/// <summary>The options of <c>gpubv traj hops</c> beyond the common ones, and the settings read from them.</summary>
internal sealed class HopsOptions
{
    /// <summary>The fixed θ_max thresholds (degrees) every run reports.</summary>
    public static readonly double[] Thresholds = [30, 45, 60, 120];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly Option<string> _species = new("--species") { Description = "The mobile species, e.g. Li.", Required = true };
    private readonly Option<string?> _center = new("--center")
    {
        Description = "Centre element of the anion groups, e.g. P (groups found on the first analysed frame).",
    };
    private readonly Option<string?> _anion = new("--anion") { Description = "Anion element of the groups, e.g. S." };
    private readonly Option<int> _minResidence = new("--min-residence")
    {
        Description = "Frames an ion must stay on a new site for the change to count as a hop.",
        DefaultValueFactory = _ => HopOptions.DefaultMinResidence,
    };
    private readonly Option<double> _groupRadius = new("--group-radius")
    {
        Description = "A group is near a hop when its centre comes within this distance (Å) of the cation during the hop window.",
        DefaultValueFactory = _ => HopOptions.DefaultGroupRadius,
    };
    private readonly Option<double?> _siteRadius = new("--site-radius")
    {
        Description =
            "An ion is on a site only within this distance (Å) of it; farther it is in transit (default: always on its nearest site).",
    };
    private readonly Option<double> _bondCutoff = new("--bond-cutoff")
    {
        Description = "Longest centre–anion bond (Å) when the groups are found.",
        DefaultValueFactory = _ => TrajectoryGroups.DefaultBondCutoff,
    };
    private readonly Option<string> _criterion = new("--criterion")
    {
        Description = "Rotation coupling reported in the 'coupled' column: paper (some near group's θ_max over the hop window exceeds its "
            + "average over all windows of that length) or a fixed θ_max threshold in degrees.",
        DefaultValueFactory = _ => "paper",
    };
    private readonly Option<string?> _png = new("--png")
    {
        Description = "Draw the Fig. S3-style panels of one hop (--png-hop) to FILE. Keeps the positions of the species, centre and anion "
            + "atoms of every frame (24 bytes per atom per frame).",
    };
    private readonly Option<int?> _pngHop = new("--png-hop")
    {
        Description = "The hop to draw with --png: K as in the table's hop column (0-based; default: the hop with the largest θ_max).",
    };
    private readonly Option<int> _pad = new("--hop-pad")
    {
        Description = "Frames drawn before and after the hop window.",
        DefaultValueFactory = _ => 10
    };
    private readonly Option<bool> _baseline = new("--baseline")
    {
        Description =
            "Also the chance level of each criterion: the fraction of coupled hops if every hop window (same length, same near groups) "
            + "were moved to every other time of the run, averaged over the hops. Keeps the bond directions of every frame once more; "
            + "costs about N_frames × hops × near groups.",
    };

    /// <summary>Creates the options.</summary>
    public HopsOptions()
    {
        _criterion.AcceptOnlyFromAmong("paper", "30", "45", "60", "120");
    }

    /// <summary>The options, in the order of the help.</summary>
    public Option[] All =>
        [_species, _center, _anion, _minResidence, _groupRadius, _siteRadius, _bondCutoff, _criterion, _png, _pngHop, _pad, _baseline];

    /// <summary>Reads and checks the settings against the trajectory of <paramref name="run"/>.</summary>
    public HopSettings Parse(ParseResult p, TrajectoryRun run)
    {
        string el = run.Species(p.GetValue(_species)!);
        var (ce, an) = AcfCommand.CenterAnion(run, p.GetValue(_center), p.GetValue(_anion));
        int mr = p.GetValue(_minResidence);
        if (mr < 1)
        {
            throw new InputException("--min-residence", mr.ToString(Inv), "must be ≥ 1 frame");
        }
        double gr = p.GetValue(_groupRadius);
        double bc = p.GetValue(_bondCutoff);
        Positive("--group-radius", gr);
        Positive("--bond-cutoff", bc);
        double? sr = p.GetValue(_siteRadius);
        if (sr is double s)
        {
            Positive("--site-radius", s);
        }
        string crit = p.GetValue(_criterion)!;
        int critIndex = crit == "paper" ? -1 : Array.IndexOf(Thresholds, double.Parse(crit, Inv));
        string? png = p.GetValue(_png);
        int? hop = p.GetValue(_pngHop);
        if (hop is not null && png is null)
        {
            throw new InputException("--png-hop", hop.Value.ToString(Inv), "give the image file with --png FILE");
        }
        int pad = p.GetValue(_pad);
        if (pad < 0)
        {
            throw new InputException("--hop-pad", pad.ToString(Inv), "must be ≥ 0");
        }
        return new HopSettings(el, ce, an, mr, gr, sr, bc, crit, critIndex, png, hop, pad, p.GetValue(_baseline));
    }

    private static void Positive(string flag, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new InputException(flag, value.ToString(Inv), "must be a positive number of Å");
        }
    }
}

/// <summary>The settings of one <c>traj hops</c> run.</summary>
internal sealed record HopSettings(string Species, string? Center, string? Anion, int MinResidence, double GroupRadius, double? SiteRadius,
    double BondCutoff, string Criterion, int CriterionIndex, string? Png, int? PngHop, int Pad, bool Baseline)
{
    /// <summary>Whether <paramref name="h"/> is coupled under the chosen criterion.</summary>
    public bool Coupled(Hop h) => CriterionIndex < 0 ? h.CoupledPaper : h.CoupledAbove[CriterionIndex];
}
