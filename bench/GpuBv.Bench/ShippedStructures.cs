using System.Security.Cryptography;
using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using GpuBv.Kernels.Compute;

namespace GpuBv.Bench;

/// <summary>
/// The structures this repository ships, for the GPU-check benches: examples/*.cif, the test data's structures/*.cif and
/// paper/*.cif|*.vasp (see tests/GpuBv.Tests/TestData.cs), each content read once (duplicates by SHA-256 dropped), with
/// oxidation states assigned and the mobile ion chosen (Li+ where there is Li, else Na+, else Mg2+). A file that cannot be
/// read or assigned is listed with the reason, so a bench can say it skipped it.
/// </summary>
internal static class ShippedStructures
{
    /// <summary>One shipped structure: its file name, the structure (null when unreadable, with <see cref="Problem"/>) and ion.</summary>
    internal sealed record Entry(string Name, string Path, Structure? Structure, MobileIon? Ion, string? Problem);

    /// <summary>The examples/ folder beside the executable (GPU bundle) or of the repository.</summary>
    internal static string? ExamplesRoot()
    {
        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, "examples");
        if (Directory.Exists(beside))
            return beside;
        var data = Program.DataRoot();
        var repo = System.IO.Path.GetFullPath(System.IO.Path.Combine(data, "..", "..", ".."));
        var examples = System.IO.Path.Combine(repo, "examples");
        return Directory.Exists(examples) ? examples : null;
    }

    /// <summary>The shipped structure files, deduplicated by content, in name order.</summary>
    internal static List<string> Files()
    {
        var data = Program.DataRoot();
        var candidates = new List<string>();
        if (ExamplesRoot() is { } ex)
            candidates.AddRange(Directory.GetFiles(ex, "*.cif"));
        candidates.AddRange(Directory.GetFiles(System.IO.Path.Combine(data, "structures"), "*.cif"));
        var paper = System.IO.Path.Combine(data, "paper");
        if (Directory.Exists(paper))
            candidates.AddRange(Directory.GetFiles(paper).Where(f => f.EndsWith(".cif") || f.EndsWith(".vasp")));
        var seen = new HashSet<string>();
        var files = new List<string>();
        foreach (var f in candidates.OrderBy(System.IO.Path.GetFileName, StringComparer.Ordinal))
        {
            if (seen.Add(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))))
                files.Add(f);
        }
        return files;
    }

    /// <summary>Every shipped structure, read and assigned (or with the reason it could not be).</summary>
    /// <param name="only">Comma-separated file names to keep (empty: all).</param>
    internal static List<Entry> Load(string only = "")
    {
        var keep = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var list = new List<Entry>();
        foreach (var f in Files())
        {
            var name = System.IO.Path.GetFileName(f);
            if (keep.Count > 0 && !keep.Contains(name))
                continue;
            try
            {
                var s = OxidationStates.Assign(StructureReader.ReadFile(f)).Structure;
                var comp = s.Composition();
                var ion = MobileIon.Parse(comp.ContainsKey("Li") ? "Li1+" : comp.ContainsKey("Na") ? "Na1+" : "Mg2+");
                list.Add(new Entry(name, f, s, ion, null));
            }
            catch (InputException e)
            {
                list.Add(new Entry(name, f, null, null, e.Problem));
            }
        }
        return list;
    }

    /// <summary>
    /// The framework, grid and tiles of <paramref name="e"/> at <paramref name="resolution"/>, or the reason there are none.
    /// </summary>
    internal static (BvseGrid Grid, TiledFramework Tiles)? Tile(Entry e, double resolution, out string? problem)
    {
        problem = e.Problem;
        if (e.Structure is null || e.Ion is null)
            return null;
        try
        {
            var fw = BvseFramework.Build(e.Structure, e.Ion);
            var grid = BvseGrid.ForLattice(e.Structure.Lattice, resolution);
            return (grid, TiledFramework.Build(fw, grid, resolution));
        }
        catch (InputException ex)
        {
            problem = ex.Problem;
            return null;
        }
    }

    /// <summary>
    /// The device kind named by <paramref name="device"/> (cuda[:N], opencl[:N], ilgpu-cpu) and its index; null for
    /// <c>cpu</c>, which has no device of its own.
    /// </summary>
    internal static (DeviceKind Kind, int Index)? ParseDevice(string device)
    {
        var parts = device.Split(':', 2);
        int index = parts.Length == 2 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        return parts[0] switch
        {
            "cuda" => (DeviceKind.Cuda, index),
            "opencl" => (DeviceKind.OpenCL, index),
            "ilgpu-cpu" => (DeviceKind.IlgpuCpu, index),
            "cpu" => null,
            _ => throw new ArgumentException($"unknown device '{device}' (expected cuda[:N], opencl[:N], ilgpu-cpu or cpu)"),
        };
    }

    /// <summary>The doubles of the command line's comma list <paramref name="text"/>.</summary>
    internal static double[] Doubles(string text)
        => text.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
}
