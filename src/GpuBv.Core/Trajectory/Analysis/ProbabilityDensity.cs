using System.Globalization;
using System.Text;
using GpuBv.Chemistry;
using GpuBv.Compute;
using GpuBv.Crystal;

namespace GpuBv.Trajectory.Analysis;

/// <summary>
/// Time-averaged probability density of one species on a grid, pymatgen-analysis-diffusion's
/// <c>ProbabilityDensityAnalysis</c> convention: along axis i the grid points sit at fractional 0, s/|aᵢ|, 2s/|aᵢ|, …
/// (numpy's <c>arange(0, 1, s/|aᵢ|)</c>, so nᵢ = ⌈|aᵢ|/s⌉ and the last interval is shorter); each position is counted
/// at the nearest of the 8 grid points around it (Cartesian minimum-image distance in the cell of frame 0, so right in
/// oblique cells), and P = count / (N_frames · N_atoms · V) · N_grid, so that Σ P·V/N_grid = 1 (P in Å⁻³).
/// Built by <see cref="Compute"/>.
/// </summary>
public sealed class ProbabilityDensity
{
    private const double BohrPerAngstrom = 1.0 / 0.529177210903;
    private double[]? _sortedDescending;

    private ProbabilityDensity(string species, double spacing, Lattice lattice, int n1, int n2, int n3, double[] density,
        int frames, int atoms, bool driftCorrected, IReadOnlyList<string> elements, double[] initialFractional)
    {
        Species = species;
        Spacing = spacing;
        Lattice = lattice;
        N1 = n1;
        N2 = n2;
        N3 = n3;
        Density = density;
        Frames = frames;
        AtomCount = atoms;
        DriftCorrected = driftCorrected;
        Elements = elements;
        InitialFractional = initialFractional;
        MaxDensity = density.Max();
    }

    /// <summary>The species counted.</summary>
    public string Species { get; }
    /// <summary>The requested grid spacing (Å).</summary>
    public double Spacing { get; }
    /// <summary>The cell of frame 0, which the grid divides.</summary>
    public Lattice Lattice { get; }
    /// <summary>Grid points along a.</summary>
    public int N1 { get; }
    /// <summary>Grid points along b.</summary>
    public int N2 { get; }
    /// <summary>Grid points along c.</summary>
    public int N3 { get; }
    /// <summary>Number of grid points.</summary>
    public int GridCount => N1 * N2 * N3;
    /// <summary>P (Å⁻³) at grid point (i, j, k), index (i·N2 + j)·N3 + k (third index fastest).</summary>
    public double[] Density { get; }
    /// <summary>The largest density (Å⁻³).</summary>
    public double MaxDensity { get; }
    /// <summary>Frames read.</summary>
    public int Frames { get; }
    /// <summary>Atoms of the species.</summary>
    public int AtomCount { get; }
    /// <summary>Whether positions were corrected by the framework's mean displacement.</summary>
    public bool DriftCorrected { get; }
    /// <summary>Elements of all atoms (for the structure written with the grid).</summary>
    public IReadOnlyList<string> Elements { get; }
    /// <summary>Fractional coordinates of all atoms in frame 0, 3 per atom.</summary>
    public double[] InitialFractional { get; }

    /// <summary>P at grid point (i, j, k).</summary>
    public double this[int i, int j, int k] => Density[(i * N2 + j) * N3 + k];

    /// <summary>Fractional position of grid point index <paramref name="i"/> along <paramref name="axis"/>: i·s/|a_axis|.</summary>
    public double GridCoordinate(int axis, int i) => i * (Spacing / Lattice.Vector(axis).Length);

    /// <summary>
    /// The isovalue whose superlevel set {P ≥ iso} holds the fraction <paramref name="fraction"/> of the total
    /// probability: the grid values are taken from the largest down until their sum reaches fraction × total, and the
    /// last value taken is returned (so fraction 1 gives the smallest positive density, a small fraction the maximum).
    /// </summary>
    /// <param name="fraction">In (0, 1].</param>
    public double IsovalueForFraction(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), "the fraction must lie in (0, 1]");
        var sorted = _sortedDescending ??= Density.Where(v => v > 0).OrderDescending().ToArray();
        if (sorted.Length == 0)
            return 0;
        double total = 0;
        foreach (var v in sorted)
            total += v;
        double target = fraction * total, sum = 0;
        foreach (var v in sorted)
        {
            sum += v;
            if (sum >= target)
                return v;
        }
        return sorted[^1];
    }

    /// <summary>
    /// Streams <paramref name="reader"/> once and accumulates the density of <paramref name="species"/>.
    /// </summary>
    /// <param name="reader">The trajectory, at its first frame.</param>
    /// <param name="species">Element counted, e.g. "Na".</param>
    /// <param name="spacing">Grid spacing s in Å (pymatgen's <c>interval</c>, e.g. 0.5).</param>
    /// <param name="framework">
    /// Elements whose mean (unwrapped) displacement is subtracted from every position (drift correction, as pymatgen's
    /// <c>from_diffusion_analyzer</c> with the non-mobile atoms), e.g. P and S; null or empty: no correction.
    /// </param>
    /// <param name="progress">Receives the number of frames read so far.</param>
    /// <param name="memory">The budget the grid must fit (null: <see cref="MemoryBudget.Default"/>), checked at the first
    /// frame before the grid is allocated.</param>
    public static ProbabilityDensity Compute(ITrajectoryReader reader, string species, double spacing,
        IReadOnlyCollection<string>? framework = null, IProgress<int>? progress = null, MemoryBudget? memory = null)
    {
        var header = reader.Header;
        string src = header.Source;
        if (!(spacing > 0) || double.IsInfinity(spacing))
            throw new InputException(src, "",
            $"the grid spacing must be positive (got {spacing} Å)");
        int[] sel = AnalysisGuards.SpeciesIndices(header, species);
        int[] fw = [];
        if (framework is { Count: > 0 })
        {
            foreach (var el in framework)
                if (!header.Elements.Contains(el))
                    throw new InputException(src, "",
                    $"no {el} atoms in the trajectory for the drift correction");
            var set = framework.ToHashSet();
            fw = Enumerable.Range(0, header.AtomCount).Where(i => set.Contains(header.Elements[i])).ToArray();
        }
        int n = header.AtomCount;

        Lattice? lat0 = null;
        double[]? initial = null;
        int[] dims = new int[3];
        double[] step = new double[3];
        long[]? counts = null;
        var unw = fw.Length > 0 ? new Unwrapper() : null;
        Vec3[]? start = null;
        double halfWidth = 0;
        int frames = 0;
        while (reader.TryRead(out var frame))
        {
            if (frame.AtomCount != n)
                throw new InputException(src, $"frame {frames + 1}", $"has {frame.AtomCount} atoms, the header {n}");
            if (lat0 is null)
            {
                lat0 = frame.Lattice;
                initial = (double[])frame.Fractional.Clone();
                CheckGrid(lat0, spacing, memory);
                for (int ax = 0; ax < 3; ax++)
                {
                    step[ax] = spacing / lat0.Vector(ax).Length;
                    double len = Math.Ceiling(1.0 / step[ax]); // numpy arange(0, 1, step) length
                    dims[ax] = Math.Max(1, (int)len);
                }
                counts = new long[(long)dims[0] * dims[1] * dims[2]];
                var w = lat0.PerpendicularWidths();
                halfWidth = 0.5 * Math.Min(w.X, Math.Min(w.Y, w.Z));
            }
            Vec3 driftFrac = Vec3.Zero;
            if (unw is not null)
            {
                unw.Add(frame);
                var pos = unw.Positions;
                start ??= pos.ToArray();
                double sx = 0, sy = 0, sz = 0;
                foreach (int a in fw)
                {
                    var d = pos[a] - start[a];
                    sx += d.X;
                    sy += d.Y;
                    sz += d.Z;
                }
                driftFrac = frame.Lattice.ToFractional(new Vec3(sx / fw.Length, sy / fw.Length, sz / fw.Length));
            }
            foreach (int a in sel)
            {
                var f = frame.Position(a) - driftFrac;
                f = new Vec3(f.X - Math.Floor(f.X), f.Y - Math.Floor(f.Y), f.Z - Math.Floor(f.Z));
                counts![Nearest(lat0, f, dims, step, halfWidth)]++;
            }
            frames++;
            progress?.Report(frames);
        }
        if (frames == 0 || lat0 is null)
            throw new InputException(src, "", "the trajectory has no frames");
        int ngrid = dims[0] * dims[1] * dims[2];
        double scale = (double)ngrid / frames / sel.Length / Math.Abs(lat0.Volume);
        var density = new double[ngrid];
        for (int i = 0; i < ngrid; i++)
            density[i] = counts![i] * scale;
        return new ProbabilityDensity(species, spacing, lat0, dims[0], dims[1], dims[2], density, frames, sel.Length, fw.Length > 0,
            header.Elements.ToArray(), initial!);
    }

    /// <summary>
    /// Bytes per density grid point at the peak: the counts and the density (8 bytes each), and the sorted copy and the
    /// files' buffers the front end makes from it.
    /// </summary>
    public const int BytesPerPoint = 32;

    /// <summary>
    /// Points of the density grid of <paramref name="lattice"/> at <paramref name="spacing"/> Å (a double: it may overflow).
    /// </summary>
    /// <param name="lattice">The cell.</param>
    /// <param name="spacing">The spacing (Å).</param>
    public static double GridPoints(Lattice lattice, double spacing)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        double count = 1;
        for (int ax = 0; ax < 3; ax++)
        {
            count *= Math.Max(1, Math.Ceiling(1.0 / (spacing / lattice.Vector(ax).Length)));
        }
        return count;
    }

    /// <summary>
    /// Refuses (an <see cref="InputException"/> on <see cref="InputParameter.Spacing"/>) a density grid over the smaller of
    /// <paramref name="memory"/> at <see cref="BytesPerPoint"/> and an array's 32-bit index, with the finest spacing
    /// (0.001 Å steps) that fits; nothing is allocated.
    /// </summary>
    /// <param name="lattice">The cell of the first frame.</param>
    /// <param name="spacing">The spacing asked for (Å, positive).</param>
    /// <param name="memory">The budget (null: <see cref="MemoryBudget.Default"/>).</param>
    public static void CheckGrid(Lattice lattice, double spacing, MemoryBudget? memory)
    {
        double count = GridPoints(lattice, spacing);
        var budget = MemoryBudget.Or(memory);
        long limit = Math.Min(Array.MaxLength, budget.MaxItems(BytesPerPoint));
        if (count <= limit)
        {
            return;
        }
        double ok = Math.Ceiling(spacing * Math.Cbrt(count / Math.Max(1, limit)) * 1000) / 1000;
        for (int i = 0; i < 100_000 && GridPoints(lattice, ok) > limit; i++)
        {
            ok = Math.Round(ok + Math.Max(0.001, Math.Round(ok * 0.002, 3)), 3);
        }
        var inv = CultureInfo.InvariantCulture;
        throw new InputException(InputParameter.Spacing, spacing.ToString(inv),
            $"the density grid would have {count:0.###e0} points ({MemoryBudget.Format(count * BytesPerPoint)}), more than fit in "
            + $"memory ({InputException.Ref(InputParameter.Memory)} {budget}, {BytesPerPoint} bytes a point) ({limit:0.###e0} points); "
            + $"use {InputException.Ref(InputParameter.Spacing)} {ok.ToString(inv)} or coarser");
    }

    // pymatgen: corner = int(f / step) per axis, the candidates are corner and corner + 1 (0 past the last point); the
    // nearest by minimum-image Cartesian distance wins, the first in (a, b, c) order on a tie.
    private static int Nearest(Lattice lat, Vec3 f, int[] dims, double[] step, double halfWidth)
    {
        Span<int> lo = stackalloc int[3], hi = stackalloc int[3];
        for (int ax = 0; ax < 3; ax++)
        {
            int c = (int)(f[ax] / step[ax]);
            if (c > dims[ax] - 1)
                c = dims[ax] - 1;
            lo[ax] = c;
            hi[ax] = c < dims[ax] - 1 ? c + 1 : 0;
        }
        double best = double.MaxValue;
        int bi = 0, bj = 0, bk = 0;
        for (int p = 0; p < 2; p++)
        {
            int i = p == 0 ? lo[0] : hi[0];
            for (int q = 0; q < 2; q++)
            {
                int j = q == 0 ? lo[1] : hi[1];
                for (int r = 0; r < 2; r++)
                {
                    int k = r == 0 ? lo[2] : hi[2];
                    var d = new Vec3(i * step[0] - f.X, j * step[1] - f.Y, k * step[2] - f.Z).MinimumImage();
                    var v = lat.ToCartesian(d);
                    double len = v.Length;
                    if (len > halfWidth)
                        len = lat.MinimumImageVector(d).Length; // the rounded image may not be the shortest
                    if (len < best)
                    {
                        best = len;
                        bi = i;
                        bj = j;
                        bk = k;
                    }
                }
            }
        }
        return (bi * dims[1] + bj) * dims[2] + bk;
    }

    /// <summary>
    /// Writes a Gaussian cube file (lengths in Bohr) with the atoms of frame 0 and P in Å⁻³, six values per line, third
    /// index fastest. The voxel vectors are cell vector / nᵢ, the uniform grid that the cube format (and pymatgen's
    /// CHGCAR) can express; the grid's own points sit at i·s/|aᵢ|, with a shorter last interval, so the file stretches
    /// the grid by at most one interval across the cell.
    /// </summary>
    public void WriteCube(string path, string? comment = null)
    {
        var inv = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        w.WriteLine((comment ??
            $"{Species} probability density, {Frames} frames, spacing {Spacing.ToString(inv)} A").ReplaceLineEndings(" "));
        w.WriteLine("probability density in 1/A^3 (sum P*V/N_grid = 1), third index fastest");
        int natoms = Elements.Count;
        w.WriteLine(string.Create(inv, $"{natoms,5} {0.0,12:F6} {0.0,12:F6} {0.0,12:F6}"));
        int[] n = [N1, N2, N3];
        for (int i = 0; i < 3; i++)
        {
            var v = Lattice.Vector(i) * (BohrPerAngstrom / n[i]);
            w.WriteLine(string.Create(inv, $"{n[i],5} {v.X,12:F6} {v.Y,12:F6} {v.Z,12:F6}"));
        }
        for (int a = 0; a < natoms; a++)
        {
            int z = Element.TryGet(Elements[a], out var el) ? el.Z : 0;
            var r = Lattice.ToCartesian(new Vec3(InitialFractional[3 * a], InitialFractional[3 * a + 1],
                InitialFractional[3 * a + 2])) * BohrPerAngstrom;
            w.WriteLine(string.Create(inv, $"{z,5} {0.0,12:F6} {r.X,12:F6} {r.Y,12:F6} {r.Z,12:F6}"));
        }
        var line = new StringBuilder();
        int count = 0;
        foreach (var v in Density)
        {
            line.Append(v.ToString(" 0.00000E+00;-0.00000E+00", inv));
            if (++count % 6 == 0 || count % N3 == 0)
            {
                w.WriteLine(line);
                line.Clear();
                if (count % N3 == 0)
                    count = 0;
            }
        }
        if (line.Length > 0)
            w.WriteLine(line);
    }

    /// <summary>
    /// Writes a VASP CHGCAR (VESTA reads it): title, scale 1, the cell, the element runs and counts, the frame-0
    /// structure in direct coordinates, a blank line, <c>N1 N2 N3</c>, then P × V (V in Å³, as VASP stores ρ·V), first
    /// index fastest, five per line. (pymatgen's <c>to_chgcar</c> multiplies by V in Bohr³ instead.)
    /// </summary>
    public void WriteChgcar(string path, string? title = null)
    {
        var inv = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        w.WriteLine((title ?? $"{Species} probability density").ReplaceLineEndings(" "));
        w.WriteLine("   1.00000000000000");
        for (int i = 0; i < 3; i++)
        {
            var v = Lattice.Vector(i);
            w.WriteLine(string.Create(inv, $" {v.X,22:F16} {v.Y,22:F16} {v.Z,22:F16}"));
        }
        var runs = new List<(string El, int Count)>();
        foreach (var el in Elements)
        {
            if (runs.Count > 0 && runs[^1].El == el)
                runs[^1] = (el, runs[^1].Count + 1);
            else
                runs.Add((el, 1));
        }
        w.WriteLine("   " + string.Join(' ', runs.Select(r => r.El.PadLeft(4))));
        w.WriteLine("   " + string.Join(' ', runs.Select(r => r.Count.ToString(inv).PadLeft(4))));
        w.WriteLine("Direct");
        for (int a = 0; a < Elements.Count; a++)
            w.WriteLine(string.Create(inv,
                $" {InitialFractional[3 * a],19:F16} {InitialFractional[3 * a + 1],19:F16} {InitialFractional[3 * a + 2],19:F16}"));
        w.WriteLine();
        w.WriteLine(string.Create(inv, $" {N1,5} {N2,5} {N3,5}"));
        double vol = Math.Abs(Lattice.Volume);
        var line = new StringBuilder();
        int count = 0;
        for (int k = 0; k < N3; k++)
            for (int j = 0; j < N2; j++)
                for (int i = 0; i < N1; i++)
                {
                    line.Append(' ').Append((this[i, j, k] * vol).ToString("0.00000000000E+00", inv));
                    if (++count % 5 == 0)
                    {
                        w.WriteLine(line);
                        line.Clear();
                    }
                }
        if (line.Length > 0)
            w.WriteLine(line);
    }
}
