using GpuBv.Crystal;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;

namespace GpuBv.Compare;

/// <summary>
/// The structure of a run where no structure file exists: in the first frame's cell, every atom of the non-diffusing
/// species at the time average of its unwrapped position (frame 0 the minimum-image reference, the framework's mean
/// displacement removed each frame, as the density's drift correction does), and the mobile ions where they are on
/// frame 0. No oxidation states (assign them as for a file). Memory: O(atoms).
/// </summary>
public static class StructureFromRun
{
    /// <summary>The title the built structure carries.</summary>
    public const string Title = "built from the run";

    /// <summary>Reads <paramref name="reader"/> to its end and builds the structure; see <see cref="StructureFromRun"/>.</summary>
    /// <param name="reader">The trajectory, at its first frame.</param>
    /// <param name="mobile">The mobile element (taken from frame 0).</param>
    /// <param name="frames">Frames averaged.</param>
    /// <exception cref="InputException">No frames, or the mobile element is not in the trajectory.</exception>
    public static Structure Build(ITrajectoryReader reader, string mobile, out int frames)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.Header;
        header.ResolveSpecies(mobile, InputParameter.Cation);
        int n = header.AtomCount;
        var fw = Enumerable.Range(0, n).Where(a => header.Elements[a] != mobile).ToArray();
        var unw = new Unwrapper();
        Frame? first = null;
        Vec3[]? start = null;
        var sum = new Vec3[n];
        frames = 0;
        while (reader.TryRead(out var f))
        {
            if (f.AtomCount != n)
                throw new InputException(header.Source, $"frame {frames + 1}", $"has {f.AtomCount} atoms, the header {n}");
            first ??= f;
            unw.Add(f);
            var pos = unw.Positions;
            start ??= pos.ToArray();
            var drift = Vec3.Zero;
            foreach (int a in fw)
                drift += pos[a] - start[a];
            if (fw.Length > 0)
                drift *= 1.0 / fw.Length;
            foreach (int a in fw)
                sum[a] += pos[a] - drift;
            frames++;
        }
        if (first is null)
            throw new InputException(header.Source, "", "the trajectory has no frames");
        var lat = first.Lattice;
        var sites = new List<Site>(n);
        var count = new Dictionary<string, int>();
        for (int a = 0; a < n; a++)
        {
            string el = header.Elements[a];
            int k = count[el] = count.GetValueOrDefault(el) + 1;
            var f = el == mobile ? first.Position(a) : lat.ToFractional(sum[a] * (1.0 / frames));
            sites.Add(new Site($"{el}{k}", f, [new SiteSpecies(el, 1.0)]));
        }
        return new Structure(lat, sites, "P 1", header.Source, title: Title);
    }
}
