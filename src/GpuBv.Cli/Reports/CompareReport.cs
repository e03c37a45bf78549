using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using GpuBv.Compare;
using GpuBv.Crystal;
using GpuBv.Groups;

namespace GpuBv.Cli.Reports;

/// <summary>The output contract of <c>gpubv compare</c>: its JSON object (key order as written here) and its text summary.</summary>
internal sealed record CompareReport
{
    /// <summary>What the Boltzmann overlap means, said with every value.</summary>
    public const string OverlapNote = "qualitative: BVSE energies are not free energies";

    [JsonPropertyName("structure")] public string? Structure { get; init; }
    [JsonPropertyName("structure_source")] public required string StructureSource { get; init; }
    [JsonPropertyName("trajectory")] public required string Trajectory { get; init; }
    [JsonPropertyName("cation")] public required string Cation { get; init; }
    [JsonPropertyName("frames")] public int Frames { get; init; }
    [JsonPropertyName("frame_ini")] public int FrameIni { get; init; }
    [JsonPropertyName("atoms")] public int Atoms { get; init; }
    [JsonPropertyName("dt_fs")] public double? DtFs { get; init; }
    [JsonPropertyName("registration")] public required RegistrationBlock Registration { get; init; }
    [JsonPropertyName("static")] public required StaticBlock Static { get; init; }
    [JsonPropertyName("coupling")] public CouplingBlock? Coupling { get; init; }
    [JsonPropertyName("coupling_reason")] public string? CouplingReason { get; init; }
    [JsonPropertyName("paths")] public required PathsBlock Paths { get; init; }
    [JsonPropertyName("dimensionality")] public required DimensionalityBlock Dimensionality { get; init; }
    [JsonPropertyName("hops")] public HopsBlock? Hops { get; init; }
    [JsonPropertyName("hops_reason")] public string? HopsReason { get; init; }
    [JsonPropertyName("rings")] public RingsBlock? Rings { get; init; }
    [JsonPropertyName("rings_reason")] public string? RingsReason { get; init; }
    [JsonPropertyName("angles")] public AnglesBlock? Angles { get; init; }
    [JsonPropertyName("angles_reason")] public string? AnglesReason { get; init; }
    [JsonPropertyName("oxidation_states")]
    public required IReadOnlyDictionary<string, ImmutableArray<double>> OxidationStates { get; init; }
    [JsonPropertyName("png")] public string? Png { get; init; }
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("input_error")] public string? InputError { get; init; }
    [JsonPropertyName("warnings")] public required IReadOnlyList<string> Warnings { get; init; }

    internal sealed record CellBlock(
        [property: JsonPropertyName("a")] double A, [property: JsonPropertyName("b")] double B, [property: JsonPropertyName("c")] double C,
        [property: JsonPropertyName("alpha")] double Alpha, [property: JsonPropertyName("beta")] double Beta,
        [property: JsonPropertyName("gamma")] double Gamma)
    {
        public static CellBlock From(Lattice l) => new(R(l.LengthA, 4), R(l.LengthB, 4), R(l.LengthC, 4), R(l.Alpha, 3), R(l.Beta, 3),
            R(l.Gamma, 3));
    }

    internal sealed record RegistrationBlock
    {
        [JsonPropertyName("built_from_run")] public bool BuiltFromRun { get; init; }
        [JsonPropertyName("matrix")] public required int[][] Matrix { get; init; }
        [JsonPropertyName("det")] public int Det { get; init; }
        [JsonPropertyName("origin_shift")] public required double[] OriginShift { get; init; }
        [JsonPropertyName("rms_distance_A")] public double RmsDistance { get; init; }
        [JsonPropertyName("framework_atoms")] public int FrameworkAtoms { get; init; }
        [JsonPropertyName("length_deviation")] public double LengthDeviation { get; init; }
        [JsonPropertyName("angle_deviation_deg")] public double AngleDeviationDeg { get; init; }
        [JsonPropertyName("length_tolerance")] public double LengthTolerance { get; init; }
        [JsonPropertyName("angle_tolerance_deg")] public double AngleToleranceDeg { get; init; }
        [JsonPropertyName("structure_cell")] public required CellBlock StructureCell { get; init; }
        [JsonPropertyName("trajectory_cell")] public required CellBlock TrajectoryCell { get; init; }
    }

    internal sealed record StaticBlock
    {
        [JsonPropertyName("E_1D")] public double? E1D { get; init; }
        [JsonPropertyName("E_2D")] public double? E2D { get; init; }
        [JsonPropertyName("E_3D")] public double? E3D { get; init; }
        [JsonPropertyName("E_mig")] public double? EMig { get; init; }
        [JsonPropertyName("E_mig_dimension")] public int EMigDimension { get; init; }
        [JsonPropertyName("resolution")] public double Resolution { get; init; }
        [JsonPropertyName("grid")] public required int[] Grid { get; init; }
        [JsonPropertyName("device")] public required string Device { get; init; }
    }

    internal sealed record CouplingBlock
    {
        [JsonPropertyName("anion")] public required string Anion { get; init; }
        [JsonPropertyName("centre")] public required string Centre { get; init; }
        [JsonPropertyName("groups")] public int Groups { get; init; }
        [JsonPropertyName("E_mig")] public double? EMig { get; init; }
        [JsonPropertyName("E_rot")] public double? ERot { get; init; }
        [JsonPropertyName("ratio")] public double? Ratio { get; init; }
        [JsonPropertyName("mode")] public CouplingMode Mode { get; init; }
        [JsonPropertyName("threshold")] public double Threshold { get; init; }
    }

    internal sealed record LevelEntry(
        [property: JsonPropertyName("level")] double Level, [property: JsonPropertyName("fraction")] double Fraction,
        [property: JsonPropertyName("volume_fraction")] double VolumeFraction, [property: JsonPropertyName("label")] string? Label);

    internal sealed record OverlapBlock(
        [property: JsonPropertyName("temperature_K")] double Temperature,
        [property: JsonPropertyName("bhattacharyya")] double Bhattacharyya,
        [property: JsonPropertyName("note")] string Note);

    internal sealed record PathsBlock
    {
        [JsonPropertyName("grid")] public required int[] Grid { get; init; }
        [JsonPropertyName("sigma_A")] public double? Sigma { get; init; }
        [JsonPropertyName("ions")] public int Ions { get; init; }
        [JsonPropertyName("samples")] public long Samples { get; init; }
        [JsonPropertyName("samples_per_voxel")] public double SamplesPerVoxel { get; init; }
        [JsonPropertyName("occupied_voxels")] public int OccupiedVoxels { get; init; }
        [JsonPropertyName("samples_per_occupied_voxel")] public double SamplesPerOccupiedVoxel { get; init; }
        [JsonPropertyName("drift_corrected")] public bool DriftCorrected { get; init; }
        [JsonPropertyName("fraction_at_E_mig")] public double? FractionAtEMig { get; init; }
        [JsonPropertyName("volume_fraction_at_E_mig")] public double? VolumeAtEMig { get; init; }
        [JsonPropertyName("enclosing_levels")] public required IReadOnlyDictionary<string, double> Enclosing { get; init; }
        [JsonPropertyName("region95_dimension")] public int Region95Dimension { get; init; }
        [JsonPropertyName("boltzmann_overlap")] public OverlapBlock? Overlap { get; init; }
        [JsonPropertyName("levels")] public required IReadOnlyList<LevelEntry> Levels { get; init; }
    }

    internal sealed record DimensionalityBlock
    {
        [JsonPropertyName("dynamic")] public int Dynamic { get; init; }
        [JsonPropertyName("net")] public int Net { get; init; }
        [JsonPropertyName("region95")] public int Region95 { get; init; }
        [JsonPropertyName("static_at_E_mig")] public int? StaticAtEMig { get; init; }
        [JsonPropertyName("crossing_ions")] public int CrossingIons { get; init; }
        [JsonPropertyName("ions")] public int Ions { get; init; }
        [JsonPropertyName("translations")] public required IReadOnlyList<int[]> Translations { get; init; }
        [JsonPropertyName("max_displacement_cells")] public required double[] MaxDisplacementCells { get; init; }
    }

    internal sealed record HopsBlock
    {
        [JsonPropertyName("hops")] public int Hops { get; init; }
        [JsonPropertyName("hopping_ions")] public int HoppingIons { get; init; }
        [JsonPropertyName("groups")] public int Groups { get; init; }
        [JsonPropertyName("coupled_fraction")] public double? CoupledFraction { get; init; }
        [JsonPropertyName("chance_level")] public double? ChanceLevel { get; init; }
        [JsonPropertyName("coupled_fraction_above")]
        public required IReadOnlyDictionary<string, double?> CoupledAbove { get; init; }
        [JsonPropertyName("chance_level_above")] public required IReadOnlyDictionary<string, double?> ChanceAbove { get; init; }
        [JsonPropertyName("median_window_frames")] public double MedianWindowFrames { get; init; }
        [JsonPropertyName("bytes_per_frame")] public long BytesPerFrame { get; init; }
    }

    internal sealed record RingGroupBlock
    {
        [JsonPropertyName("centre_atom")] public int CentreAtom { get; init; }
        [JsonPropertyName("formula")] public required string Formula { get; init; }
        [JsonPropertyName("E_rot")] public double? ERot { get; init; }
        [JsonPropertyName("shell_samples")] public long ShellSamples { get; init; }
        [JsonPropertyName("level_samples")] public long LevelSamples { get; init; }
        [JsonPropertyName("ring_samples")] public long RingSamples { get; init; }
        [JsonPropertyName("ring_fraction")] public double? RingFraction { get; init; }
        [JsonPropertyName("ring_note")] public string? RingNote { get; init; }
        [JsonPropertyName("rms_site_distance_A")] public double? RmsSiteDistance { get; init; }
        [JsonPropertyName("flip_threshold_deg")] public double FlipThresholdDeg { get; init; }
        [JsonPropertyName("flip_fraction")] public double FlipFraction { get; init; }
    }

    internal sealed record RingsBlock
    {
        [JsonPropertyName("site_radius_A")] public double SiteRadius { get; init; }
        [JsonPropertyName("energy_lookup")] public required string EnergyLookup { get; init; }
        [JsonPropertyName("ring_fraction")] public double? RingFraction { get; init; }
        [JsonPropertyName("flip_fraction")] public double FlipFraction { get; init; }
        [JsonPropertyName("groups")] public required IReadOnlyList<RingGroupBlock> Groups { get; init; }
    }

    internal sealed record AnglesBlock
    {
        [JsonPropertyName("lag_frames")] public int Lag { get; init; }
        [JsonPropertyName("lag_fs")] public double? LagFs { get; init; }
        [JsonPropertyName("lag_source")] public string? LagSource { get; init; }
        [JsonPropertyName("bonds")] public int Bonds { get; init; }
        [JsonPropertyName("origins")] public int Origins { get; init; }
        [JsonPropertyName("samples")] public long Samples { get; init; }
        [JsonPropertyName("mean_deg")] public double MeanDeg { get; init; }
        [JsonPropertyName("median_deg")] public double MedianDeg { get; init; }
        [JsonPropertyName("max_deg")] public double MaxDeg { get; init; }
        [JsonPropertyName("percentiles_deg")] public required IReadOnlyDictionary<string, double> Percentiles { get; init; }
        [JsonPropertyName("bin_edges_deg")] public required IReadOnlyList<double> BinEdges { get; init; }
        [JsonPropertyName("counts")] public required IReadOnlyList<long> Counts { get; init; }
        [JsonPropertyName("bytes_per_frame")] public long BytesPerFrame { get; init; }
    }

    private static RingsBlock RingsFrom(RotationRingResult rr) => new()
    {
        SiteRadius = rr.SiteRadius,
        EnergyLookup = rr.EnergyLookup,
        RingFraction = R(rr.RingFraction, 6),
        FlipFraction = R(rr.FlipFraction, 6),
        Groups = rr.Groups.Select(g => new RingGroupBlock
        {
            CentreAtom = g.CenterAtom, Formula = g.Formula, ERot = R(g.ERot, 6), ShellSamples = g.ShellSamples,
            LevelSamples = g.LevelSamples, RingSamples = g.RingSamples, RingFraction = R(g.RingFraction, 6), RingNote = g.RingNote,
            RmsSiteDistance = R(g.RmsSiteDistance, 4), FlipThresholdDeg = R(g.FlipThresholdDeg, 3), FlipFraction = R(g.FlipFraction, 6),
        }).ToList(),
    };

    private static AnglesBlock AnglesFrom(BondRotationAnglesResult a, double? dtFs, string? source) => new()
    {
        Lag = a.Lag,
        LagFs = dtFs is double dt ? R(a.Lag * dt, 6) : null,
        LagSource = source,
        Bonds = a.Bonds,
        Origins = a.Origins,
        Samples = a.Samples,
        MeanDeg = R(a.MeanDeg, 4),
        MedianDeg = R(a.MedianDeg, 4),
        MaxDeg = R(a.MaxDeg, 4),
        Percentiles = a.Percentiles.Select((q, i) => (q, i))
            .ToDictionary(x => x.q.ToString("0.##", CultureInfo.InvariantCulture), x => R(a.PercentileValuesDeg[x.i], 4)),
        BinEdges = a.BinEdgesDeg,
        Counts = a.Counts,
        BytesPerFrame = a.BytesPerFrame,
    };

    private static Dictionary<string, double?> ByThreshold(HopCoupling h, IReadOnlyList<double?> values) =>
        h.ThresholdsDeg.Select((t, i) => (t, i)).ToDictionary(x => x.t.ToString("0", CultureInfo.InvariantCulture), x => R(values[x.i], 6));

    private static double R(double v, int digits) => Math.Round(v, digits);

    private static double? R(double? v, int digits) => v is double d ? Math.Round(d, digits) : null;

    /// <summary>The report of <paramref name="r"/>.</summary>
    public static CompareReport From(string? structurePath, string trajectory, ComparisonOptions o, ComparisonResult r, int frameIni,
        int atoms, double? dtFs, IReadOnlyDictionary<string, ImmutableArray<double>> states, IReadOnlyList<string> warnings, string? png,
        string? error)
    {
        var reg = r.Registration;
        var m = reg.Matrix;
        var perc = r.CationMap.Percolation;
        var p = r.Paths;
        var d = r.Dimensionality;
        var inv = CultureInfo.InvariantCulture;
        return new CompareReport
        {
            Structure = structurePath,
            StructureSource = reg.BuiltFromRun ? "built from the run" : "file",
            Trajectory = trajectory,
            Cation = o.Cation.ToString(),
            Frames = r.Frames,
            FrameIni = frameIni,
            Atoms = atoms,
            DtFs = dtFs,
            Registration = new RegistrationBlock
            {
                BuiltFromRun = reg.BuiltFromRun,
                Matrix = [[m[0], m[1], m[2]], [m[3], m[4], m[5]], [m[6], m[7], m[8]]],
                Det = reg.Determinant,
                OriginShift = ReportValues.Frac(reg.OriginShift),
                RmsDistance = R(reg.RmsDistance, 4),
                FrameworkAtoms = reg.FrameworkAtoms,
                LengthDeviation = R(reg.LengthDeviation, 6),
                AngleDeviationDeg = R(reg.AngleDeviationDeg, 4),
                LengthTolerance = o.Registration.LengthTolerance,
                AngleToleranceDeg = o.Registration.AngleToleranceDeg,
                StructureCell = CellBlock.From(reg.StructureCell),
                TrajectoryCell = CellBlock.From(reg.TrajectoryCell),
            },
            Static = new StaticBlock
            {
                E1D = ReportValues.Round6(perc.E1D),
                E2D = ReportValues.Round6(perc.E2D),
                E3D = ReportValues.Round6(perc.E3D),
                EMig = ReportValues.Round6(r.EMig),
                EMigDimension = o.Dimension,
                Resolution = o.Resolution,
                Grid = [r.CationMap.Grid.N1, r.CationMap.Grid.N2, r.CationMap.Grid.N3],
                Device = r.CationMap.Device,
            },
            Coupling = r.Coupling is { } c ? new CouplingBlock
            {
                Anion = c.Anion.ToString(),
                Centre = c.Centre,
                Groups = c.Groups,
                EMig = ReportValues.Round6(c.EMig),
                ERot = ReportValues.Round6(c.ERot),
                Ratio = ReportValues.Round6(c.Ratio),
                Mode = c.Mode,
                Threshold = o.Threshold,
            } : null,
            CouplingReason = r.CouplingReason is string cr ? Options.ParameterNames.Render(cr) : null,
            Paths = new PathsBlock
            {
                Grid = [p.Grid.N1, p.Grid.N2, p.Grid.N3],
                Sigma = p.Sigma,
                Ions = p.Ions,
                Samples = p.Samples,
                SamplesPerVoxel = R(p.SamplesPerVoxel, 6),
                OccupiedVoxels = p.OccupiedVoxels,
                SamplesPerOccupiedVoxel = R(p.SamplesPerOccupiedVoxel, 4),
                DriftCorrected = p.DriftCorrected,
                FractionAtEMig = R(p.FractionAtEMig, 6),
                VolumeAtEMig = R(p.VolumeAtEMig, 6),
                Enclosing = p.Enclosing.ToDictionary(e => e.Fraction.ToString("0.##", inv), e => R(e.Level, 6)),
                Region95Dimension = p.Region95Dimension,
                Overlap = p.Overlap is { } ov ? new OverlapBlock(ov.Temperature, R(ov.Bhattacharyya, 6), OverlapNote) : null,
                Levels = p.Levels.Select(l => new LevelEntry(R(l.Level, 6), R(l.Fraction, 6), R(l.VolumeFraction, 6), l.Label)).ToList(),
            },
            Dimensionality = new DimensionalityBlock
            {
                Dynamic = d.PathRank,
                Net = d.NetRank,
                Region95 = p.Region95Dimension,
                StaticAtEMig = r.EMig is double em ? d.StaticDimensionAt(em) : null,
                CrossingIons = d.CrossingIons,
                Ions = d.Ions,
                Translations = d.Translations,
                MaxDisplacementCells = d.MaxDisplacement,
            },
            Hops = r.Hops is { } h ? new HopsBlock
            {
                Hops = h.Hops,
                HoppingIons = h.HoppingIons,
                Groups = h.Groups,
                CoupledFraction = R(h.CoupledFraction, 6),
                ChanceLevel = R(h.ChanceLevel, 6),
                CoupledAbove = ByThreshold(h, h.CoupledAbove),
                ChanceAbove = ByThreshold(h, h.ChanceAbove),
                MedianWindowFrames = h.MedianWindowFrames,
                BytesPerFrame = h.BytesPerFrame,
            } : null,
            HopsReason = r.HopsReason is string hr ? Options.ParameterNames.Render(hr) : null,
            Rings = r.Rings is { } rr ? RingsFrom(rr) : null,
            RingsReason = r.RingsReason is string rgr ? Options.ParameterNames.Render(rgr) : null,
            Angles = r.Angles is { } an ? AnglesFrom(an, dtFs, r.LagSource) : null,
            AnglesReason = r.AnglesReason is string ar ? Options.ParameterNames.Render(ar) : null,
            OxidationStates = states,
            Png = png,
            Seconds = R(r.Seconds, 3),
            InputError = error,
            Warnings = warnings,
        };
    }

    /// <summary>The text summary.</summary>
    public void WriteText(TextWriter w)
    {
        var inv = CultureInfo.InvariantCulture;
        string F(double? v, string f = "0.###") => v is double x ? x.ToString(f, inv) : "none";
        var reg = Registration;
        w.WriteLine($"structure:  {(Structure ?? "-")} ({StructureSource})");
        w.WriteLine($"trajectory: {Trajectory} ({Frames} frames from frame {FrameIni}, {Atoms} atoms)");
        string mtx = "[" + string.Join(",", reg.Matrix.Select(r => "[" + string.Join(",", r) + "]")) + "]";
        w.WriteLine(reg.BuiltFromRun
            ? "registration: M = I (structure built from the run: time-averaged framework, cations of the first frame)"
            : $"registration: M = {mtx} (det {reg.Det}), "
                + $"origin shift ({string.Join(", ", reg.OriginShift.Select(x => x.ToString("0.####", inv)))}), "
                + $"framework RMS {F(reg.RmsDistance)} Å over {reg.FrameworkAtoms} atoms");
        w.WriteLine($"static:     {Cation} E_1D {F(Static.E1D)}, E_2D {F(Static.E2D)}, E_3D {F(Static.E3D)} eV "
            + $"(grid {string.Join("×", Static.Grid)}, {Static.Device})");
        w.WriteLine(Coupling is { } c
            ? $"coupling:   {c.Centre}–{c.Anion} groups ({c.Groups}): E_mig {F(c.EMig)} eV, E_rot {F(c.ERot)} eV, "
                + $"ratio {F(c.Ratio, "0.##")}, "
                + $"mode {c.Mode.ToString().ToLowerInvariant()}"
            : $"coupling:   none ({CouplingReason})");
        var p = Paths;
        string sigma = p.Sigma is double s ? $"σ {s.ToString("0.###", inv)} Å" : "unsmoothed";
        w.WriteLine($"paths:      {p.Samples} samples ({p.Ions} ions), {F(p.SamplesPerVoxel, "0.####")} per voxel, "
            + $"{F(p.SamplesPerOccupiedVoxel, "0.##")} per occupied voxel, {sigma}");
        w.WriteLine($"            fraction of MD probability within E_mig: {F(p.FractionAtEMig)} (of the volume: {F(p.VolumeAtEMig)})");
        w.WriteLine("            levels enclosing "
            + string.Join(", ", p.Enclosing.Select(e => $"{double.Parse(e.Key, inv) * 100:0} %: {e.Value.ToString("0.###", inv)} eV")));
        foreach (var l in p.Levels.Where(l => l.Label is not null))
            w.WriteLine($"            within {l.Label} = {l.Level.ToString("0.###", inv)} eV: {l.Fraction.ToString("0.###", inv)} "
                + $"(volume {l.VolumeFraction.ToString("0.###", inv)})");
        if (p.Overlap is { } ov)
            w.WriteLine($"            Bhattacharyya overlap with exp(−ΔE/kT) at {ov.Temperature.ToString("0.#", inv)} K: "
                + $"{ov.Bhattacharyya.ToString("0.###", inv)} ({ov.Note})");
        var d = Dimensionality;
        w.WriteLine($"dimension:  dynamic {d.Dynamic} (net {d.Net}; {d.CrossingIons} of {d.Ions} ions crossed a structure cell), "
            + $"95 % region {d.Region95}, static at E_mig {(d.StaticAtEMig?.ToString(inv) ?? "-")}");
        w.WriteLine(Hops is { } h
            ? $"hops:       {h.Hops} by {h.HoppingIons} ions near {h.Groups} groups; rotation-coupled {F(h.CoupledFraction)} "
                + $"(chance {F(h.ChanceLevel)}); median window {h.MedianWindowFrames.ToString("0.#", inv)} frames"
            : $"hops:       none ({HopsReason})");
        w.WriteLine(Rings is { } rg
            ? $"rings:      anion probability on the ring (within E_rot, > {F(rg.SiteRadius)} Å from every site) {F(rg.RingFraction)}; "
                + $"bond-frames past half the site angle {F(rg.FlipFraction, "0.####")}"
            : $"rings:      none ({RingsReason})");
        w.WriteLine(Angles is { } a
            ? $"angles:     θ(t0, t0 + {a.Lag} frames) over {a.Samples} bond-origins ({a.LagSource}): mean {F(a.MeanDeg, "0.#")}°, "
                + $"median {F(a.MedianDeg, "0.#")}°, max {F(a.MaxDeg, "0.#")}°"
            : $"angles:     none ({AnglesReason})");
        if (Png is not null)
            w.WriteLine($"png:        {Png}");
    }
}
