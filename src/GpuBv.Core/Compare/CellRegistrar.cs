using System.Globalization;
using GpuBv.Crystal;
using GpuBv.Trajectory;

namespace GpuBv.Compare;

/// <summary>Finds the <see cref="CellRegistration"/> of a trajectory frame on a structure.</summary>
public static class CellRegistrar
{
    private const int MaxComponent = 24;
    private const int NearestPerRow = 150;

    /// <summary>
    /// The identity registration of a structure built from the run itself (<see cref="StructureFromRun"/>): the same cell,
    /// no shift.
    /// </summary>
    public static CellRegistration Identity(Structure structure, Frame first)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(first);
        return new CellRegistration([1, 0, 0, 0, 1, 0, 0, 0, 1], Vec3.Zero, 0, 0, structure.Lattice, first.Lattice, 0, 0, true);
    }

    /// <summary>
    /// Registers <paramref name="frame"/> (usually the first) of a trajectory on <paramref name="structure"/>: every
    /// integer M whose M·L matches the frame's cell within the tolerances (same handedness) is tried, with every origin
    /// shift that puts one framework atom of the rarest framework element on a same-element site; the pair with the
    /// smallest RMS distance of all framework atoms to their nearest same-element site wins, and the shift is refined by
    /// their mean residual. Failures are one-line <see cref="InputException"/>s naming both cells, the best M and the
    /// tolerances.
    /// </summary>
    /// <param name="structure">The structure (its sites' elements; occupancies count for the composition).</param>
    /// <param name="header">The trajectory's atoms.</param>
    /// <param name="frame">The frame registered.</param>
    /// <param name="mobile">The mobile element (left out of the superposition).</param>
    /// <param name="options">Tolerances (null: 2 %, 1°, RMS 1 Å).</param>
    public static CellRegistration Register(Structure structure, TrajectoryHeader header, Frame frame, string mobile,
        RegistrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(frame);
        options ??= new RegistrationOptions();
        var L = structure.Lattice;
        var T = frame.Lattice;
        var (accepted, best) = Candidates(L, T, options, 0);
        if (accepted.Count == 0)
            best = Candidates(L, T, options, NearestPerRow).Best;
        if (accepted.Count == 0)
        {
            throw new InputException(header.Source, "",
                $"the trajectory cell ({CellText(T)}) is no integer multiple M of the structure cell ({CellText(L)}) of "
                + $"{Path.GetFileName(structure.Source)}: the closest, M = {(best is null ? "none" : CellRegistration.Text(best.M))}"
                + (best is null ? "" : $", gives ({CellText(best.Cell)})")
                + $"; tolerance {Pct(options.LengthTolerance)} in lengths, {G(options.AngleToleranceDeg)}° in angles");
        }
        int det = Math.Abs(CellRegistration.Det(accepted[0].M));
        CheckComposition(structure, header, det, accepted[0].M);

        var fw = Enumerable.Range(0, header.AtomCount).Where(a => header.Elements[a] != mobile).ToArray();
        if (fw.Length == 0)
        {
            throw new InputException(header.Source, "", $"has no atoms besides {mobile}: no framework to register the origin by");
        }
        var sitesBy = SitesByElement(structure);
        foreach (var el in fw.Select(a => header.Elements[a]).Distinct())
        {
            if (!sitesBy.ContainsKey(el))
            {
                throw new InputException(header.Source, "", $"has {el} atoms, {Path.GetFileName(structure.Source)} no {el} site");
            }
        }
        // The anchor: an atom of the framework element with the fewest sites (fewest shifts to try).
        string anchorEl = fw.Select(a => header.Elements[a]).Distinct().MinBy(e => sitesBy[e].Length)!;
        int anchor = fw.First(a => header.Elements[a] == anchorEl);

        CellRegistration? result = null;
        double bestRms = double.PositiveInfinity;
        foreach (var c in accepted)
        {
            var probe = new CellRegistration(c.M, Vec3.Zero, 0, fw.Length, L, T, c.LengthError, c.AngleError, false);
            var pos = fw.Select(a => probe.Displacement(frame.Position(a))).ToArray();
            var pa = probe.Displacement(frame.Position(anchor));
            foreach (var site in sitesBy[anchorEl])
            {
                var shift = site - pa;
                double rms = Rms(L, header, fw, pos, shift, sitesBy, bestRms + TieRms, out _);
                // Ties (symmetry-equivalent choices) go to the M nearest a positive diagonal, then the smallest shift.
                bool tie = result is not null && Math.Abs(rms - bestRms) <= TieRms;
                if ((!tie && rms < bestRms) || (tie && Preferred(c.M, shift, result!)))
                {
                    bestRms = rms;
                    result = probe with { OriginShift = shift };
                }
            }
        }
        // Refine: move the shift by the mean residual (atom → its site), then score again.
        var reg = result!;
        var p2 = fw.Select(a => reg.Displacement(frame.Position(a))).ToArray();
        Rms(L, header, fw, p2, reg.OriginShift, sitesBy, double.PositiveInfinity, out var mean);
        var refined = reg.OriginShift + mean;
        double rms2 = Rms(L, header, fw, p2, refined, sitesBy, double.PositiveInfinity, out _);
        if (rms2 <= bestRms)
        {
            reg = reg with { OriginShift = refined };
            bestRms = rms2;
        }
        reg = reg with { OriginShift = reg.OriginShift.Wrap(), RmsDistance = bestRms };
        if (!(bestRms <= options.MaxRms))
        {
            throw new InputException(header.Source, "",
                $"the cells match (M = {reg.MatrixText}), but the framework atoms do not superpose on the sites of "
                + $"{Path.GetFileName(structure.Source)}: RMS distance {bestRms:0.###} Å after the best origin shift, more than "
                + $"{G(options.MaxRms)} Å; tolerance {Pct(options.LengthTolerance)} in lengths, {G(options.AngleToleranceDeg)}° in angles");
        }
        return reg;
    }

    private const double TieRms = 1e-4;

    private static int Diagonality(IReadOnlyList<int> m) =>
        m[0] + m[4] + m[8] - Math.Abs(m[1]) - Math.Abs(m[2]) - Math.Abs(m[3]) - Math.Abs(m[5]) - Math.Abs(m[6]) - Math.Abs(m[7]);

    private static bool Preferred(int[] m, Vec3 shift, CellRegistration current)
    {
        int a = Diagonality(m), b = Diagonality(current.Matrix);
        if (a != b)
            return a > b;
        static double Size(Vec3 v) => v.Wrap().MinimumImage().Length;
        return Size(shift) < Size(current.OriginShift) - 1e-9;
    }

    private sealed record Candidate(int[] M, Lattice Cell, double LengthError, double AngleError, double Score);

    /// <summary>The integer matrices within the tolerances, and the closest one among those tried (for the error).</summary>
    /// <param name="L">The structure's cell.</param>
    /// <param name="T">The trajectory's cell.</param>
    /// <param name="o">The tolerances.</param>
    /// <param name="nearest">Also the closest this many vectors per row, for the closest M of an error (0: only those within
    /// the tolerance).</param>
    private static (List<Candidate> Accepted, Candidate? Best) Candidates(Lattice L, Lattice T, RegistrationOptions o, int nearest)
    {
        var widths = L.PerpendicularWidths();
        var rows = new List<(int[] m, Vec3 v, double err)>[3];
        for (int i = 0; i < 3; i++)
        {
            double len = T.Vector(i).Length;
            int ra = Math.Min(MaxComponent, (int)Math.Ceiling(len * 1.3 / widths.X));
            int rb = Math.Min(MaxComponent, (int)Math.Ceiling(len * 1.3 / widths.Y));
            int rc = Math.Min(MaxComponent, (int)Math.Ceiling(len * 1.3 / widths.Z));
            var list = new List<(int[] m, Vec3 v, double err)>();
            for (int a = -ra; a <= ra; a++)
                for (int b = -rb; b <= rb; b++)
                    for (int c = -rc; c <= rc; c++)
                    {
                        if (a == 0 && b == 0 && c == 0)
                            continue;
                        var v = L.A * a + L.B * b + L.C * c;
                        double err = Math.Abs(v.Length / len - 1);
                        list.Add(([a, b, c], v, err));
                    }
            list.Sort((x, y) => x.err.CompareTo(y.err));
            // All within the tolerance, and at least the closest few for the error message.
            int keep = Math.Max(nearest, list.Count(x => x.err <= o.LengthTolerance));
            rows[i] = list.Take(keep).ToList();
        }
        var accepted = new List<Candidate>();
        Candidate? best = null;
        double detT = T.Volume;
        double[] angT = [T.Alpha, T.Beta, T.Gamma];
        foreach (var r0 in rows[0])
            foreach (var r1 in rows[1])
                foreach (var r2 in rows[2])
                {
                    double vol = Vec3.Dot(r0.v, Vec3.Cross(r1.v, r2.v));
                    if (Math.Abs(vol) < 1e-6 || Math.Sign(vol) != Math.Sign(detT))
                        continue;
                    double[] ang = [Angle(r1.v, r2.v), Angle(r0.v, r2.v), Angle(r0.v, r1.v)];
                    double angErr = 0;
                    for (int k = 0; k < 3; k++)
                        angErr = Math.Max(angErr, Math.Abs(ang[k] - angT[k]));
                    double lenErr = Math.Max(r0.err, Math.Max(r1.err, r2.err));
                    double score = Math.Max(lenErr / o.LengthTolerance, angErr / o.AngleToleranceDeg);
                    if (best is not null && score >= best.Score && !(lenErr <= o.LengthTolerance && angErr <= o.AngleToleranceDeg))
                        continue;
                    var c = new Candidate([.. r0.m, .. r1.m, .. r2.m], Lattice.FromVectors(r0.v, r1.v, r2.v), lenErr, angErr, score);
                    if (best is null || score < best.Score)
                        best = c;
                    if (lenErr <= o.LengthTolerance && angErr <= o.AngleToleranceDeg)
                        accepted.Add(c);
                }
        accepted.Sort((x, y) => x.Score.CompareTo(y.Score));
        return (accepted, best);
    }

    private static double Angle(Vec3 u, Vec3 v) =>
        Math.Acos(Math.Clamp(Vec3.Dot(u, v) / (u.Length * v.Length), -1.0, 1.0)) * 180.0 / Math.PI;

    private static void CheckComposition(Structure s, TrajectoryHeader header, int det, int[] m)
    {
        var comp = s.Composition();
        var counts = header.Elements.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
        foreach (var el in comp.Keys.Union(counts.Keys))
        {
            double want = det * comp.GetValueOrDefault(el);
            int have = counts.GetValueOrDefault(el);
            if (Math.Abs(have - want) > Math.Max(0.5, 0.02 * want))
            {
                throw new InputException(header.Source, "",
                    $"the cells match (M = {CellRegistration.Text(m)}, det {det}) but the compositions do not scale: {have} {el} in the "
                    + $"trajectory, {det} × {G(comp.GetValueOrDefault(el))} = {G(want)} expected from {Path.GetFileName(s.Source)}");
            }
        }
    }

    private static Dictionary<string, Vec3[]> SitesByElement(Structure s) =>
        s.Sites.SelectMany(site => site.Species.Where(sp => sp.Occupancy > 0).Select(sp => (sp.Element, site.Fractional)))
            .GroupBy(x => x.Element).ToDictionary(g => g.Key, g => g.Select(x => x.Fractional).Distinct().ToArray());

    /// <summary>RMS distance (Å) of the shifted atoms to their nearest same-element site; stops early above
    /// <paramref name="stop"/>. <paramref name="mean"/>: the mean fractional residual (site − atom).</summary>
    private static double Rms(Lattice L, TrajectoryHeader header, int[] fw, Vec3[] pos, Vec3 shift, Dictionary<string, Vec3[]> sites,
        double stop, out Vec3 mean)
    {
        double sum = 0;
        double limit = stop * stop * fw.Length;
        var acc = Vec3.Zero;
        for (int k = 0; k < fw.Length; k++)
        {
            var p = pos[k] + shift;
            double bestD = double.PositiveInfinity;
            Vec3 bestR = default;
            foreach (var site in sites[header.Elements[fw[k]]])
            {
                var d = (site - p).MinimumImage();
                double len = L.ToCartesian(d).Length;
                if (len < bestD)
                {
                    bestD = len;
                    bestR = d;
                }
            }
            sum += bestD * bestD;
            acc += bestR;
            if (sum > limit)
            {
                mean = Vec3.Zero;
                return double.PositiveInfinity;
            }
        }
        mean = acc * (1.0 / fw.Length);
        return Math.Sqrt(sum / fw.Length);
    }

    /// <summary>"a=14.06 b=14.18 c=14.10 Å, α=90 β=92.95 γ=90°".</summary>
    public static string CellText(Lattice l) => string.Create(CultureInfo.InvariantCulture,
        $"a={l.LengthA:0.###} b={l.LengthB:0.###} c={l.LengthC:0.###} Å, α={l.Alpha:0.##} β={l.Beta:0.##} γ={l.Gamma:0.##}°");

    private static string Pct(double f) => (100 * f).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string G(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
