using System.Buffers;
using System.Globalization;
using GpuBv.Bvse;
using GpuBv.Compute;
using GpuBv.Crystal;

namespace GpuBv.Groups;

/// <summary>Settings of the E_rot computation (DESIGN.md §4).</summary>
/// <param name="Spacing">Local grid spacing (Å); default 0.03.</param>
/// <param name="ShellTolerance">The shell spans [shortest bond − tol, longest bond + tol] (Å); default 0.3.</param>
/// <param name="SiteRadius">A site is represented by the lowest shell point within this distance (Å); default 0.3.</param>
/// <param name="Cutoff">Interaction cutoff of the local grids' anion map (Å); null: the periodic maps' cutoff.</param>
public sealed record RotationOptions(double Spacing = 0.03, double ShellTolerance = 0.3, double SiteRadius = 0.3,
    double? Cutoff = null);

/// <summary>E_rot of one group.</summary>
/// <param name="Group">The group.</param>
/// <param name="ERot">The rotation barrier (eV), measured from the lowest energy in the shell.</param>
/// <param name="JoinCartesian">The shell point whose admission joined all the group's sites (Å).</param>
/// <param name="JoinFractional">The same point, fractional, in [0, 1).</param>
/// <param name="ShellPoints">Grid points in the shell.</param>
/// <param name="Spacing">Grid spacing used (Å): the local spacing, or the periodic grid's largest step.</param>
/// <param name="Grid">Local or global.</param>
public sealed record GroupRotation(AnionGroup Group, double ERot, Vec3 JoinCartesian, Vec3 JoinFractional, int ShellPoints,
    double Spacing, RotationGrid Grid);

/// <summary>The local grid of one group with its raw energies and shell mask (for pictures).</summary>
public sealed record ShellMap(AffineGrid Grid, float[] Energies, bool[] InShell);

/// <summary>
/// The rotation barrier of an anion group (DESIGN.md §4): on the anion's own BVSE map, the smallest level above the
/// shell's lowest energy at which the shell points below it connect all of the group's sites (each represented by its
/// basin minimum: the lowest shell point within 0.3 Å of the site), by a level-sorted union-find over the shell with
/// 26 neighbours. On a fine local grid centred on the group (default) or on the periodic screening grid.
/// </summary>
public static class RotationBarrier
{
    /// <summary>
    /// Tile edge of the local grids (points): small tiles follow the shell closely, so few points outside it are evaluated.
    /// Measured on LiFePO4's four PO4 groups at 0.03 Å: 16-point tiles (the periodic grids' rule) evaluate 6.95e6 points and
    /// 1.16e9 pairs, 4-point tiles 3.64e6 points and 6.2e8 pairs (the grid stage 1.9× faster, the tile lists 0.13 s more);
    /// every point's energy is the same either way.
    /// </summary>
    public const int LocalTileEdge = 4;

    /// <summary>
    /// E_rot on a local cubic grid of spacing <see cref="RotationOptions.Spacing"/> centred on the group's centre (moved by
    /// <paramref name="gridShift"/> Å, for convergence checks). <paramref name="evaluate"/> fills tiles with the anion's
    /// raw BVSE (any device); tiles that miss the shell are not evaluated. <see cref="PrepareLocal"/> then
    /// <see cref="FinishLocal"/>, for callers that evaluate several groups' grids in one call.
    /// </summary>
    public static GroupRotation Local(AnionGroup group, BvseFramework anionMap, Func<TiledFramework, float[]> evaluate,
        RotationOptions options, Vec3 gridShift = default, Action<ShellMap>? inspect = null)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        var shell = PrepareLocal(group, anionMap, options, gridShift);
        return FinishLocal(shell, evaluate(shell.Tiles), inspect);
    }

    /// <summary>
    /// The host stage of <see cref="Local"/>: the local cubic grid of <paramref name="group"/> and the anion framework
    /// tiled over it (only tiles that reach the shell), ready for the device.
    /// </summary>
    /// <param name="group">The group.</param>
    /// <param name="anionMap">The anion's framework, reaching past the cell.</param>
    /// <param name="options">Spacing and shell tolerance.</param>
    /// <param name="gridShift">Moves the grid's centre (Å), for convergence checks.</param>
    /// <param name="tileEdge">Tile edge in points (default <see cref="LocalTileEdge"/>).</param>
    public static LocalShellGrid PrepareLocal(AnionGroup group, BvseFramework anionMap, RotationOptions options,
        Vec3 gridShift = default, int tileEdge = LocalTileEdge)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(options);
        // The caller checks its budget (CouplingCalculator does, with the user's); here only the index cap.
        CheckLocalGrids([group], options, MemoryBudget.Unlimited);
        double inner = Math.Max(0, group.ShortestBond - options.ShellTolerance), outer = group.LongestBond + options.ShellTolerance;
        double h = options.Spacing;
        var centre = group.CenterCartesian;
        var grid = AffineGrid.Cube(centre + gridShift, outer + h, h);
        // Only the shell's points are wanted (the same test as FinishLocal's mask): tiles that miss it are left out, and in
        // the tiles kept the points outside it are not evaluated.
        var tiles = TiledFramework.Build(anionMap, grid, h, (c, r) =>
        {
            double d = (c - centre).Length;
            return d + r >= inner && d - r <= outer;
        }, p =>
        {
            double d = (p - centre).Length;
            return d >= inner && d <= outer;
        }, tileEdge, singlePrecision: true, allWanted: (c, r) =>
        {
            // Every point of the tile lies within r of c: well inside the shell (1e-9 Å spare for rounding), all are wanted.
            double d = (c - centre).Length;
            return d - r >= inner + 1e-9 && d + r <= outer - 1e-9;
        });
        return new LocalShellGrid(group, tiles, inner, outer, h, options.SiteRadius);
    }

    /// <summary>
    /// <see cref="PrepareLocal(AnionGroup, BvseFramework, RotationOptions, Vec3, int)"/> for each of
    /// <paramref name="groups"/>, in parallel (their grids are independent; the host stage was a third of a sulfide's
    /// E_rot on one core), in the groups' order. An exception of one group is rethrown as itself.
    /// </summary>
    /// <param name="groups">The groups.</param>
    /// <param name="anionMap">The anion's framework, reaching past the cell.</param>
    /// <param name="options">Spacing and shell tolerance.</param>
    public static IReadOnlyList<LocalShellGrid> PrepareLocalAll(
        IReadOnlyList<AnionGroup> groups, BvseFramework anionMap, RotationOptions options)
    {
        var shells = new LocalShellGrid[groups.Count];
        try
        {
            Parallel.For(0, groups.Count, g => shells[g] = PrepareLocal(groups[g], anionMap, options));
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        return [.. shells];
    }

    /// <summary>
    /// The last stage of <see cref="Local"/>, on the CPU: the shell mask and the level-sorted union-find over the shell of
    /// <paramref name="shell"/>, given its grid's raw energies.
    /// </summary>
    /// <param name="shell">The prepared local grid.</param>
    /// <param name="energies">The raw anion BVSE at every point of its grid, third index fastest.</param>
    /// <param name="inspect">Given the grid with its energies and shell mask.</param>
    public static GroupRotation FinishLocal(LocalShellGrid shell, float[] energies, Action<ShellMap>? inspect = null)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(energies);
        var grid = shell.Grid;
        var group = shell.Group;
        double h = shell.Spacing;
        var inShell = InShell(shell);
        var (level, node, count) = Join(grid, energies, inShell, group, shell.SiteRadius, InputParameter.ErotSpacing, h);
        var join = grid.Point(node / (grid.N2 * grid.N3), node / grid.N3 % grid.N2, node % grid.N3);
        inspect?.Invoke(new ShellMap(grid, energies, inShell));
        var lattice = shell.Tiles.Framework.Structure.Lattice;
        return new GroupRotation(group, level, join, lattice.ToFractional(join).Wrap(), count, h, RotationGrid.Local);
    }

    /// <summary>
    /// E_rot on the periodic screening grid: the shell points are the grid points whose distance from the centre (over
    /// periodic images) lies in the shell; connectivity is the grid's 26 neighbours.
    /// </summary>
    public static GroupRotation Global(
        AnionGroup group, Lattice lattice, BvseGrid grid, ReadOnlySpan<float> energies, RotationOptions options)
    {
        double inner = Math.Max(0, group.ShortestBond - options.ShellTolerance), outer = group.LongestBond + options.ShellTolerance;
        var w = lattice.PerpendicularWidths();
        int m1 = (int)Math.Ceiling(outer / (w.X / grid.N1)) + 1,
            m2 = (int)Math.Ceiling(outer / (w.Y / grid.N2)) + 1,
            m3 = (int)Math.Ceiling(outer / (w.Z / grid.N3)) + 1;
        var f = group.CenterFractional;
        int c1 = (int)Math.Floor(f.X * grid.N1), c2 = (int)Math.Floor(f.Y * grid.N2), c3 = (int)Math.Floor(f.Z * grid.N3);
        // A local box of the periodic grid around the centre: point (u, v, w) is grid point (c1 − m1 + u, ...) unwrapped.
        var box = new AffineGrid(2 * m1 + 1, 2 * m2 + 1, 2 * m3 + 1,
            lattice.ToCartesian(new Vec3((double)(c1 - m1) / grid.N1, (double)(c2 - m2) / grid.N2, (double)(c3 - m3) / grid.N3)),
            lattice.A * (1.0 / grid.N1), lattice.B * (1.0 / grid.N2), lattice.C * (1.0 / grid.N3));
        var boxEnergies = new float[box.Count];
        var inShell = new bool[box.Count];
        for (int u = 0; u < box.N1; u++)
            for (int v = 0; v < box.N2; v++)
                for (int t = 0; t < box.N3; t++)
                {
                    int gi = Mod(c1 - m1 + u, grid.N1), gj = Mod(c2 - m2 + v, grid.N2), gk = Mod(c3 - m3 + t, grid.N3);
                    int b = box.Index(u, v, t);
                    boxEnergies[b] = energies[grid.Index(gi, gj, gk)];
                    double d = (box.Point(u, v, t) - group.CenterCartesian).Length;
                    inShell[b] = d >= inner && d <= outer;
                }
        double spacing = Math.Max(lattice.LengthA / grid.N1, Math.Max(lattice.LengthB / grid.N2, lattice.LengthC / grid.N3));
        var (level, node, count) = Join(box, boxEnergies, inShell, group, options.SiteRadius, InputParameter.Resolution, spacing);
        var join = box.Point(node / (box.N2 * box.N3), node / box.N3 % box.N2, node % box.N3);
        return new GroupRotation(group, level, join, lattice.ToFractional(join).Wrap(), count, spacing, RotationGrid.Global);
    }

    /// <summary>
    /// The largest range (eV) over a group's shell of the energy a shorter local cutoff may drop (see
    /// <see cref="ChooseLocalCutoff"/>). On the shipped structures the E_rot change was at most half the range.
    /// </summary>
    public const double LocalCutoffTolerance = 0.003;

    /// <summary>Spacing (Å) of the coarse grids on which <see cref="ChooseLocalCutoff"/> measures the dropped tail.</summary>
    public const double LocalCutoffTestSpacing = 0.15;

    /// <summary>The shortest local cutoff tried (Å); candidates go up in steps of <see cref="LocalCutoffStep"/>.</summary>
    public const double ShortestLocalCutoff = 6.0;

    /// <summary>Step (Å) between tried local cutoffs.</summary>
    public const double LocalCutoffStep = 0.5;

    /// <summary>
    /// Chooses the interaction cutoff of the local E_rot grids by a convergence test of what matters to E_rot, the
    /// variation across the shell: on coarse local grids (<see cref="LocalCutoffTestSpacing"/>) the map at the full
    /// cutoff is compared with the maps at <see cref="ShortestLocalCutoff"/>, +<see cref="LocalCutoffStep"/>, ... and the
    /// first cutoff whose dropped tail varies over every group's shell by at most <see cref="LocalCutoffTolerance"/> is
    /// chosen (the full cutoff when none does). E_rot is a difference of two shell energies (the join level and the shell
    /// minimum), so for fixed site points it moves by at most that range; the soft pairs' long Morse tails (iodides,
    /// tellurides) make the range larger and so the chosen cutoff longer, structure by structure.
    /// </summary>
    /// <param name="groups">The groups whose shells are gridded.</param>
    /// <param name="frameworkAt">The anion's framework at a cutoff (Å), reaching past the cell as the local grids need.</param>
    /// <param name="fullCutoff">The full cutoff (Å).</param>
    /// <param name="options">Shell tolerance and site radius (the spacing is the test's own).</param>
    /// <param name="evaluate">Evaluates tiled grids (any device).</param>
    public static LocalCutoffChoice ChooseLocalCutoff(IReadOnlyList<AnionGroup> groups, Func<double, BvseFramework> frameworkAt,
        double fullCutoff, RotationOptions options, Func<IReadOnlyList<TiledFramework>, IReadOnlyList<float[]>> evaluate)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(frameworkAt);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(evaluate);
        var tried = new List<(double, double)>();
        double h = Math.Max(LocalCutoffTestSpacing, options.Spacing);
        var coarse = options with { Spacing = h };
        if (groups.Count == 0 || fullCutoff <= ShortestLocalCutoff)
        {
            return new LocalCutoffChoice(fullCutoff, fullCutoff, 0, LocalCutoffTolerance, h, tried);
        }
        var full = frameworkAt(fullCutoff);
        var fullShells = PrepareLocalAll(groups, full, coarse);
        var fullEnergies = evaluate(fullShells.Select(x => x.Tiles).ToList());
        var masks = fullShells.Select(InShell).ToList();
        // Candidates ascending; the dropped tail shrinks as rc grows, so the first that passes is found by bisection (a
        // passing candidate is always within the tolerance, whatever the order it was tried in).
        var candidates = new List<double>();
        for (double rc = ShortestLocalCutoff; rc < fullCutoff - 1e-9; rc += LocalCutoffStep)
        {
            candidates.Add(rc);
        }
        var ranges = new Dictionary<double, double>();
        double Range(double rc)
        {
            var fw = frameworkAt(rc);
            var shells = PrepareLocalAll(groups, fw, coarse);
            var energies = evaluate(shells.Select(x => x.Tiles).ToList());
            double range = 0;
            for (int g = 0; g < groups.Count; g++)
            {
                double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
                float[] a = fullEnergies[g], b = energies[g];
                var mask = masks[g];
                for (int i = 0; i < mask.Length; i++)
                {
                    if (mask[i] && a[i] != float.MaxValue && b[i] != float.MaxValue)
                    {
                        double t = (double)a[i] - b[i];
                        lo = Math.Min(lo, t);
                        hi = Math.Max(hi, t);
                    }
                }
                range = Math.Max(range, hi >= lo ? hi - lo : 0);
            }
            ranges[rc] = range;
            return range;
        }
        int lo = 0, hi = candidates.Count; // the answer is in [lo, hi]; hi = Count: the full cutoff
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (Range(candidates[mid]) <= LocalCutoffTolerance)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        tried.AddRange(ranges.OrderBy(x => x.Key).Select(x => (x.Key, x.Value)));
        return hi < candidates.Count
            ? new LocalCutoffChoice(candidates[hi], fullCutoff, ranges[candidates[hi]], LocalCutoffTolerance, h, tried)
            : new LocalCutoffChoice(fullCutoff, fullCutoff, 0, LocalCutoffTolerance, h, tried);
    }

    /// <summary>Bytes per local grid point at the peak: energies, shell mask, union-find parents, shell list.</summary>
    public const int LocalBytesPerPoint = 16;

    /// <summary>
    /// Points per axis of the local grid of a group whose shell reaches <paramref name="outer"/> Å, at <paramref name="h"/> Å.
    /// </summary>
    /// <param name="outer">The shell's outer radius (Å).</param>
    /// <param name="h">The spacing (Å).</param>
    public static double LocalAxisPoints(double outer, double h) => 2 * Math.Ceiling((outer + h) / h) + 1;

    /// <summary>
    /// Checks, before anything is allocated, that the local grid of every group in <paramref name="groups"/> fits
    /// <paramref name="memory"/> (and the 32-bit index of an array); otherwise an <see cref="InputException"/> on
    /// <see cref="InputParameter.ErotSpacing"/> with the finest spacing (0.001 Å steps) that fits.
    /// </summary>
    /// <param name="groups">The groups whose shells are gridded.</param>
    /// <param name="options">Spacing and shell tolerance.</param>
    /// <param name="memory">The budget (null: <see cref="MemoryBudget.Default"/>).</param>
    public static void CheckLocalGrids(IReadOnlyList<AnionGroup> groups, RotationOptions options, MemoryBudget? memory)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        if (groups.Count == 0 || !(options.Spacing > 0))
        {
            return;
        }
        double outer = groups.Max(g => g.LongestBond) + Math.Max(0, options.ShellTolerance);
        var budget = MemoryBudget.Or(memory);
        long limit = Math.Min(Array.MaxLength / 4, budget.MaxItems(LocalBytesPerPoint));
        double n = LocalAxisPoints(outer, options.Spacing);
        double count = n * n * n;
        if (count <= limit)
        {
            return;
        }
        int nMax = (int)Math.Floor(Math.Cbrt(limit));
        double h = Math.Ceiling(outer / Math.Max(1, Math.Floor((nMax - 3) / 2.0)) * 1000) / 1000;
        for (int i = 0; i < 100_000 && Math.Pow(LocalAxisPoints(outer, h), 3) > limit; i++)
        {
            h = Math.Round(h + 0.001, 3);
        }
        var inv = CultureInfo.InvariantCulture;
        throw new InputException(InputParameter.ErotSpacing, options.Spacing.ToString(inv),
            $"the local E_rot grid would have {n:0}³ = {count:0.###e0} points ({MemoryBudget.Format(count * LocalBytesPerPoint)}), "
            + $"more than fit in memory ({InputException.Ref(InputParameter.Memory)} {budget}, {LocalBytesPerPoint} bytes a point) "
            + $"or an array's index ({limit:0.###e0} points); "
            + $"use {InputException.Ref(InputParameter.ErotSpacing)} {h.ToString(inv)} or coarser");
    }

    private static int Mod(int a, int n) => ((a % n) + n) % n;

    /// <summary>
    /// The shell mask of a local grid: points whose distance from <paramref name="centre"/> lies in [inner, outer]. On an
    /// axis-aligned grid (the local cube) only the run of each row that can reach the shell is tested; the test itself is
    /// the same expression at every point, so the mask does not depend on the shortcut.
    /// </summary>
    private static bool[] ShellMask(AffineGrid grid, Vec3 centre, double inner, double outer)
    {
        var mask = new bool[grid.Count];
        bool aligned = grid.StepA.Y == 0 && grid.StepA.Z == 0 && grid.StepB.X == 0 && grid.StepB.Z == 0
            && grid.StepC.X == 0 && grid.StepC.Y == 0 && grid.StepC.Z > 0;
        for (int i = 0; i < grid.N1; i++)
            for (int j = 0; j < grid.N2; j++)
            {
                int k0 = 0, k1 = grid.N3 - 1;
                if (aligned)
                {
                    var row = grid.Point(i, j, 0) - centre;
                    double rest = outer * outer - row.X * row.X - row.Y * row.Y;
                    if (rest < -1e-9 * outer * outer)
                        continue;
                    double reach = Math.Sqrt(Math.Max(0, rest)) / grid.StepC.Z, mid = -row.Z / grid.StepC.Z;
                    k0 = Math.Max(0, (int)Math.Floor(mid - reach) - 1);
                    k1 = Math.Min(grid.N3 - 1, (int)Math.Ceiling(mid + reach) + 1);
                }
                for (int k = k0; k <= k1; k++)
                {
                    double d = (grid.Point(i, j, k) - centre).Length;
                    mask[grid.Index(i, j, k)] = d >= inner && d <= outer;
                }
            }
        return mask;
    }

    /// <summary>
    /// The shell mask of a prepared local grid: its tiles' point mask, made by the same test in <see cref="PrepareLocal"/>,
    /// or (tiles too large for a point mask) the test again.
    /// </summary>
    private static bool[] InShell(LocalShellGrid shell)
        => shell.Tiles.PointMask is null
            ? ShellMask(shell.Grid, shell.Group.CenterCartesian, shell.Inner, shell.Outer)
            : WantedMask(shell.Tiles);

    /// <summary>The wanted points of <paramref name="tiles"/> as a mask over its grid.</summary>
    private static bool[] WantedMask(TiledFramework tiles)
    {
        var mask = new bool[tiles.Grid.Count];
        Span<int> points = stackalloc int[tiles.Tile * tiles.Tile * tiles.Tile];
        for (int s = 0; s < tiles.ActiveTiles.Length; s++)
        {
            int n = tiles.TilePoints(s, points, wantedOnly: true);
            for (int p = 0; p < n; p++)
            {
                mask[points[p]] = true;
            }
        }
        return mask;
    }

    /// <summary>The index range (inclusive, clamped to the grid) of the points of <paramref name="box"/> within r of p.</summary>
    private static (int[] Lo, int[] Hi) IndexBox(AffineGrid box, Vec3 p, double r)
    {
        // Rows of the inverse of [StepA StepB StepC]: index coordinate u = row · (p − origin); |Δu| ≤ r·|row|.
        Vec3 a = box.StepA, b = box.StepB, c = box.StepC;
        double det = Vec3.Dot(a, Vec3.Cross(b, c));
        Vec3[] rows = [Vec3.Cross(b, c) * (1 / det), Vec3.Cross(c, a) * (1 / det), Vec3.Cross(a, b) * (1 / det)];
        int[] n = [box.N1, box.N2, box.N3];
        var lo = new int[3];
        var hi = new int[3];
        var q = p - box.Origin;
        for (int x = 0; x < 3; x++)
        {
            double u = Vec3.Dot(rows[x], q), du = r * rows[x].Length;
            lo[x] = Math.Max(0, (int)Math.Floor(u - du) - 1);
            hi[x] = Math.Min(n[x] - 1, (int)Math.Ceiling(u + du) + 1);
        }
        return (lo, hi);
    }

    /// <summary>
    /// Level-sorted union-find over the shell points of a box (non-periodic, 26 neighbours): returns the level (above the
    /// shell minimum) at which all site representatives are connected, the point added then, and the shell size. A grid
    /// too coarse to resolve the shell is an <see cref="InputException"/> naming <paramref name="spacingParameter"/>.
    /// </summary>
    internal static (double level, int node, int shellPoints) Join(AffineGrid box, float[] energies, bool[] inShell, AnionGroup group,
        double siteRadius, InputParameter spacingParameter, double spacing)
    {
        string spacingText = spacing.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        int shellCount = 0;
        foreach (bool b in inShell)
            shellCount += b ? 1 : 0;
        if (shellCount == 0)
        {
            throw new InputException(spacingParameter, spacingText,
                $"the shell of {group.Formula} holds no grid point: the grid is too coarse for this group");
        }

        var reps = Representatives(box, energies, inShell, group, siteRadius, spacingParameter, spacingText);
        // The work arrays come from the shared pool: the groups of a structure (and of a screen) reuse them, instead of
        // each faulting in fresh pages (the parents span the whole box).
        var nodes = ArrayPool<int>.Shared.Rent(shellCount);
        var parent = ArrayPool<int>.Shared.Rent(energies.Length);
        var bandOf = ArrayPool<byte>.Shared.Rent(shellCount);
        var words = ArrayPool<ulong>.Shared.Rent(shellCount);
        var scratch = ArrayPool<ulong>.Shared.Rent(shellCount);
        try
        {
            for (int i = 0, m = 0; i < inShell.Length; i++)
                if (inShell[i])
                    nodes[m++] = i;
            var (level, node) = Sweep(box, energies, nodes.AsSpan(0, shellCount), reps, parent, bandOf, words, scratch);
            return (level, node, shellCount);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(nodes);
            ArrayPool<int>.Shared.Return(parent);
            ArrayPool<byte>.Shared.Return(bandOf);
            ArrayPool<ulong>.Shared.Return(words);
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    /// <summary>The lowest shell point within <paramref name="siteRadius"/> of each site of <paramref name="group"/>.</summary>
    private static int[] Representatives(AffineGrid box, float[] energies, bool[] inShell, AnionGroup group, double siteRadius,
        InputParameter spacingParameter, string spacingText)
    {
        var reps = new int[group.Anions.Length];
        double r2 = siteRadius * siteRadius;
        for (int a = 0; a < reps.Length; a++)
        {
            int best = -1;
            float bestE = float.PositiveInfinity;
            var site = group.Anions[a].Cartesian;
            // Only the index box around the site can hold points within the radius; scanned in index order, as the
            // shell list is, so ties go to the same (lowest-index) point.
            var (lo, hi) = IndexBox(box, site, siteRadius);
            for (int i = lo[0]; i <= hi[0]; i++)
                for (int j = lo[1]; j <= hi[1]; j++)
                    for (int k = lo[2]; k <= hi[2]; k++)
                    {
                        int n = box.Index(i, j, k);
                        var d = box.Point(i, j, k) - site;
                        if (inShell[n] && Vec3.Dot(d, d) <= r2 && energies[n] < bestE)
                        {
                            bestE = energies[n];
                            best = n;
                        }
                    }
            if (best < 0)
            {
                throw new InputException(spacingParameter, spacingText,
                    $"no shell point within {siteRadius} Å of anion site {group.Anions[a].Site}: the grid is too coarse");
            }
            reps[a] = best;
        }
        return reps;
    }

    /// <summary>
    /// The sweep of <see cref="Join"/> over <paramref name="nodes"/> (the shell, ascending): the level above the shell minimum
    /// at which <paramref name="reps"/> connect, and the point added then. The other arrays are work space (parent: the box's
    /// size; the others: the shell's), of any content.
    /// </summary>
    private static (double Level, int Node) Sweep(AffineGrid box, float[] energies, ReadOnlySpan<int> nodes, int[] reps,
        int[] parent, byte[] bandOf, ulong[] words, ulong[] scratch)
    {
        // Shell points by energy, then index (ties, which cannot change the level, in index order), as packed (monotone
        // float key, index) words. The sites usually join far below the shell's top, so the points are sorted band by band
        // from the bottom (bands growing in width) and the sweep stops in the band that joins them: the same order as one
        // full sort, without sorting what lies above the answer.
        float shellMinF = float.PositiveInfinity;
        foreach (int n in nodes)
        {
            shellMinF = Math.Min(shellMinF, energies[n]);
        }
        double shellMin = shellMinF;
        // Parents are read only for added points, which a bit set tells (one bit a point, a cache line for 512 points, so
        // the neighbour tests stay in cache; the parents need no filling).
        var added = new ulong[(energies.Length + 63) / 64];
        int repsAdded = 0;
        var offsets = NeighbourOffsets(box);
        // Band b holds the points whose x = (E − min)/w (w = 0.125 eV) has x² in (2^(b−1), 2^b] (band 0: x ≤ 1; the last
        // band: the rest): widths growing by √2, so little above the answer is sorted. Filled in one counting pass (the
        // band from x²'s binary exponent); each band is sorted when the sweep reaches it.
        const double FirstWidth = 0.125;
        const int Bands = 64;
        var bandStart = new int[Bands + 1];
        for (int m = 0; m < nodes.Length; m++)
        {
            double x = (energies[nodes[m]] - shellMin) / FirstWidth;
            int b = x > 1 ? Math.Min(Percolation.PercolationAnalysis.CeilingLog2(x * x), Bands - 1) : 0;
            bandOf[m] = (byte)b;
            bandStart[b + 1]++;
        }
        for (int b = 0; b < Bands; b++)
        {
            bandStart[b + 1] += bandStart[b];
        }
        var fill = (int[])bandStart.Clone();
        for (int m = 0; m < nodes.Length; m++)
        {
            int n = nodes[m];
            words[fill[bandOf[m]]++] = ((ulong)Percolation.PercolationAnalysis.MonotoneKey(energies[n]) << 32) | (uint)n;
        }
        for (int b = 0; b < Bands; b++)
        {
            var band = words.AsSpan(bandStart[b], bandStart[b + 1] - bandStart[b]);
            Percolation.PercolationAnalysis.SortPacked(band, scratch);
            foreach (ulong word in band)
            {
                int node = (int)(uint)word;
                parent[node] = node;
                added[node >> 6] |= 1UL << (node & 63);
                foreach (int r in reps)
                {
                    repsAdded += r == node ? 1 : 0; // a point can represent several sites
                }
                Unite(box, parent, added, offsets, node);
                if (repsAdded == reps.Length && Joined(parent, reps))
                {
                    return (energies[node] - shellMin, node);
                }
            }
        }
        throw new InvalidOperationException("the shell's sites never joined");
    }

    /// <summary>
    /// Joins <paramref name="node"/> with its 26 neighbours already added (inside the box, no wrap): an interior point by
    /// the precomputed index offsets, a point on the box's face with bounds checks.
    /// </summary>
    private static void Unite(AffineGrid box, int[] parent, ulong[] added, int[] offsets, int node)
    {
        int n1 = box.N1, n2 = box.N2, n3 = box.N3;
        int i = node / (n2 * n3), j = node / n3 % n2, k = node % n3;
        int root = Find(parent, node);
        if (i > 0 && i < n1 - 1 && j > 0 && j < n2 - 1 && k > 0 && k < n3 - 1)
        {
            foreach (int offset in offsets)
            {
                int nb = node + offset;
                if ((added[nb >> 6] & (1UL << (nb & 63))) == 0)
                {
                    continue;
                }
                int other = Find(parent, nb);
                if (other != root)
                {
                    parent[root] = other;
                    root = other;
                }
            }
            return;
        }
        for (int di = -1; di <= 1; di++)
        {
            int ii = i + di;
            if (ii < 0 || ii >= n1)
            {
                continue;
            }
            for (int dj = -1; dj <= 1; dj++)
            {
                int jj = j + dj;
                if (jj < 0 || jj >= n2)
                {
                    continue;
                }
                for (int dk = -1; dk <= 1; dk++)
                {
                    int kk = k + dk;
                    if (kk < 0 || kk >= n3)
                    {
                        continue;
                    }
                    int nb = (ii * n2 + jj) * n3 + kk;
                    if (nb == node || (added[nb >> 6] & (1UL << (nb & 63))) == 0)
                    {
                        continue;
                    }
                    int other = Find(parent, nb);
                    if (other != root)
                    {
                        parent[root] = other;
                        root = other;
                    }
                }
            }
        }
    }

    /// <summary>Index offsets of the 26 neighbours of an interior point of <paramref name="box"/>.</summary>
    private static int[] NeighbourOffsets(AffineGrid box)
    {
        var offsets = new List<int>(26);
        for (int di = -1; di <= 1; di++)
            for (int dj = -1; dj <= 1; dj++)
                for (int dk = -1; dk <= 1; dk++)
                    if (di != 0 || dj != 0 || dk != 0)
                        offsets.Add((di * box.N2 + dj) * box.N3 + dk);
        return offsets.ToArray();
    }

    /// <summary>True when every representative has the same root.</summary>
    private static bool Joined(int[] parent, int[] reps)
    {
        int root = Find(parent, reps[0]);
        for (int a = 1; a < reps.Length; a++)
        {
            if (Find(parent, reps[a]) != root)
            {
                return false;
            }
        }
        return true;
    }

    private static int Find(int[] parent, int x)
    {
        int root = x;
        while (parent[root] != root)
            root = parent[root];
        while (parent[x] != root)
        {
            int next = parent[x];
            parent[x] = root;
            x = next;
        }
        return root;
    }
}
