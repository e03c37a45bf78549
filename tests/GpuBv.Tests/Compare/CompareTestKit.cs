using System.Globalization;
using System.Text;
using GpuBv.Bvse;
using GpuBv.Compare;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.IO.Trajectories;

namespace GpuBv.Tests.Compare;

/// <summary>Synthetic trajectories for the comparison tests, written as small XDATCAR files.</summary>
internal static class CompareTestKit
{
    /// <summary>
    /// Writes an XDATCAR: the cell vectors <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/> (Å), atoms grouped by
    /// element in the order of <paramref name="elements"/> (each run of one element together), and one block of fractional
    /// coordinates per frame.
    /// </summary>
    public static string WriteXdatcar(string name, Vec3 a, Vec3 b, Vec3 c, IReadOnlyList<string> elements,
        IReadOnlyList<IReadOnlyList<Vec3>> frames)
    {
        var inv = CultureInfo.InvariantCulture;
        var runs = new List<(string El, int Count)>();
        foreach (var el in elements)
        {
            if (runs.Count > 0 && runs[^1].El == el)
                runs[^1] = (el, runs[^1].Count + 1);
            else
                runs.Add((el, 1));
        }
        var sb = new StringBuilder();
        sb.AppendLine("synthetic");
        sb.AppendLine("1.0");
        foreach (var v in new[] { a, b, c })
            sb.AppendLine(string.Create(inv, $"  {v.X:F8} {v.Y:F8} {v.Z:F8}"));
        sb.AppendLine("  " + string.Join(' ', runs.Select(r => r.El)));
        sb.AppendLine("  " + string.Join(' ', runs.Select(r => r.Count.ToString(inv))));
        for (int f = 0; f < frames.Count; f++)
        {
            sb.AppendLine(string.Create(inv, $"Direct configuration= {f + 1,5}"));
            foreach (var p in frames[f])
            {
                var w = p.Wrap();
                sb.AppendLine(string.Create(inv, $"  {w.X:F8} {w.Y:F8} {w.Z:F8}"));
            }
        }
        return TestData.TempFile(name, sb.ToString());
    }

    /// <summary>The structure's atoms sorted by element (framework order of the file), with fractional positions.</summary>
    public static (List<string> Elements, List<Vec3> Positions) Atoms(Structure s)
    {
        var atoms = s.Sites.Select(site => (site.Species[0].Element, site.Fractional)).OrderBy(x => x.Element, StringComparer.Ordinal)
            .ToList();
        return (atoms.Select(x => x.Element).ToList(), atoms.Select(x => x.Fractional).ToList());
    }

    /// <summary>Runs the comparison on the CPU.</summary>
    public static ComparisonResult RunCompare(Structure s, string trajectory, ComparisonOptions o)
    {
        using var cpu = FallbackComputeProvider.Cpu();
        using var reader = TrajectoryFile.Open(trajectory);
        return StaticDynamicComparison.Run(s, reader, o, cpu);
    }

    /// <summary>The cation's BVSE map of <paramref name="s"/> on the CPU.</summary>
    public static BvseResult Map(Structure s, MobileIon ion, double resolution)
    {
        using var cpu = FallbackComputeProvider.Cpu();
        return BvseCalculator.Run(s, new BvseOptions(ion, resolution), cpu);
    }

    /// <summary>A small deterministic displacement (Å-scale amplitude <paramref name="amp"/>) for atom <paramref name="k"/>.</summary>
    public static Vec3 Jitter(int k, double amp) =>
        new Vec3(Math.Sin(1.7 * k + 0.3), Math.Sin(2.3 * k + 1.1), Math.Sin(3.1 * k + 2.9)) * amp;
}
