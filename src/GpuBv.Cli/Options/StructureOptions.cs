using System.CommandLine;
using GpuBv.Chemistry;
using GpuBv.Crystal;
using GpuBv.IO;
using GpuBv.IO.Structures;

namespace GpuBv.Cli.Options;

/// <summary>The options of every command that reads a structure (FILE, --oxi, --block), and the one way they are applied.</summary>
internal sealed class StructureOptions
{
    public StructureOptions(string fileDescription = "Structure file (CIF, POSCAR/.vasp, extended XYZ).")
    {
        File = new Argument<string>("file") { Description = fileDescription };
    }

    public Argument<string> File { get; }

    public Option<string?> Oxi { get; } = new("--oxi")
    {
        Description = "Oxidation states, e.g. Li=1,Ge=4,P=5,S=-2 (override the file and the bond-valence guess).",
    };

    public Option<string?> Block { get; } = new("--block")
    {
        Description = "CIF data block to read (default: the first block with atom sites).",
    };

    /// <summary>Reads the file and assigns oxidation states: --oxi, then the file, then the bond-valence guess.</summary>
    public LoadedStructure Load(ParseResult p)
    {
        string? oxi = p.GetValue(Oxi);
        var explicitStates = oxi is null ? null : OxidationStates.ParseExplicit(oxi);
        Structure s = StructureReader.ReadFile(p.GetValue(File)!, StructureFormat.Auto, new CifReadOptions(p.GetValue(Block)));
        var ox = OxidationStates.Assign(s, explicitStates);
        return new LoadedStructure(ox, s.Warnings.Concat(ox.Warnings).Select(ParameterNames.Render).ToList());
    }

    /// <summary>How the reports name where an element's oxidation states came from.</summary>
    public static string SourceName(OxidationSource s) => s switch
    {
        OxidationSource.Explicit => "--oxi",
        OxidationSource.File => "file",
        OxidationSource.BondValence => "bond-valence guess",
        OxidationSource.HydrogenRule => "hydrogen rule",
        _ => s.ToString(),
    };
}
