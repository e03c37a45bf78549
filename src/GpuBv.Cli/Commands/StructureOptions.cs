using System.CommandLine;
using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.IO.Structures;

namespace GpuBv.Cli.Commands;

/// <summary>A structure read from a file with its oxidation states assigned.</summary>
internal sealed record LoadedStructure(OxidationResult Oxidation, IReadOnlyList<string> Warnings);

/// <summary>Options shared by every command that reads a structure, and the one way they are applied.</summary>
internal static class StructureOptions
{
    public static Option<string?> Oxi() => new("--oxi")
    {
        Description = "Oxidation states, e.g. Li=1,Ge=4,P=5,S=-2 (override the file and the bond-valence guess).",
    };

    public static Option<string?> Block() => new("--block")
    {
        Description = "CIF data block to read (default: the first block with atom sites).",
    };

    /// <summary>Reads the file and assigns oxidation states: --oxi, then the file, then the bond-valence guess.</summary>
    public static LoadedStructure Load(string path, string? oxi, string? block)
    {
        var explicitStates = oxi is null ? null : OxidationStates.ParseExplicit(oxi);
        Structure s = StructureReader.ReadFile(path, StructureFormat.Auto, new CifReadOptions(block));
        var ox = OxidationStates.Assign(s, explicitStates);
        return new LoadedStructure(ox, s.Warnings.Concat(ox.Warnings).ToList());
    }

    /// <summary>The shipped softBV table, with the pairs of a user file (<c>--params</c>) added when given.</summary>
    public static GpuBv.Parameters.SoftBvTable SoftBv(string? path)
    {
        var table = GpuBv.Parameters.SoftBvTable.Default;
        if (path is null) return table;
        return table.With(GpuBv.Parameters.SoftBvTable.Parse(new StringReader(StructureReader.ReadText(path)), path));
    }

    public static string SourceName(OxidationSource s) => s switch
    {
        OxidationSource.Explicit => "--oxi",
        OxidationSource.File => "file",
        OxidationSource.BondValence => "bond-valence guess",
        OxidationSource.HydrogenRule => "hydrogen rule",
        _ => s.ToString(),
    };
}
