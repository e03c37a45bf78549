using System.CommandLine;
using GpuBv.Chemistry;
using GpuBv.Compute;
using GpuBv.Crystal;
using GpuBv.IO;
using GpuBv.IO.Structures;

namespace GpuBv.Cli.Options;

/// <summary>The options of every command that reads a structure (FILE, --oxi, --block), and the one way they are applied.</summary>
internal sealed class StructureOptions
{
    public StructureOptions(string fileDescription = "Structure file (CIF, POSCAR/.vasp, extended XYZ); - reads standard input "
        + "(with --format).")
    {
        File = new Argument<string>("file") { Description = fileDescription };
    }

    public Argument<string> File { get; }

    public Option<string?> Oxi { get; } = new("--oxi")
    {
        Description = "Oxidation states, e.g. Li=1,Ge=4,P=5,S=-2 (override the file and the bond-valence guess).",
    };

    public Option<StructureFormat> Format { get; } = new("--format")
    {
        Description = "Structure format: auto (from the name, then the content), cif, poscar or extxyz; needed for - (stdin).",
        DefaultValueFactory = _ => StructureFormat.Auto,
        CustomParser = r =>
        {
            if (r.Tokens.Count == 1 && Parse(r.Tokens[0].Value) is StructureFormat f)
            {
                return f;
            }
            r.AddError($"--format: {(r.Tokens.Count == 1 ? r.Tokens[0].Value : "")}: must be auto, cif, poscar or extxyz");
            return StructureFormat.Auto;
        },
    };

    public Option<string?> Block { get; } = new("--block")
    {
        Description = "CIF data block to read (default: the first block with atom sites).",
    };

    /// <summary>
    /// Reads the file, refuses a structure missing the hydrogens its file implies (unless
    /// <paramref name="allowMissingHydrogens"/>), and assigns oxidation states: --oxi, then the file, then the guess;
    /// throws (one-line error) when the structure has no meaningful ones. For the commands that need charges. The
    /// hydrogen check comes first, so that an H-less hydroxide is refused for what it lacks, not for its charges.
    /// </summary>
    /// <param name="p">The parsed command line.</param>
    /// <param name="allowMissingHydrogens">Accept a structure missing the hydrogens its file implies.</param>
    /// <param name="memory">The budget reading and the oxidation-state guess must fit (null: Core's default).</param>
    public LoadedStructure Load(ParseResult p, bool allowMissingHydrogens, MemoryBudget? memory = null)
    {
        var (s, explicitStates) = Read(p, memory);
        StructureChecks.RequireComplete(s, allowMissingHydrogens);
        var ox = OxidationStates.Assign(s, explicitStates, memory: memory);
        return new LoadedStructure(ox, s.Warnings.Concat(ox.Warnings).Select(ParameterNames.Render).ToList());
    }

    /// <summary>
    /// Reads the file and assigns oxidation states where the structure has meaningful ones; else the structure as read,
    /// with the reason (an element, alloy or intermetallic). For the commands that describe a structure (info).
    /// </summary>
    public LoadedStructure LoadDescribed(ParseResult p)
    {
        var (s, explicitStates) = Read(p, null);
        if (OxidationStates.TryAssign(s, out var ox, out var reason, explicitStates))
            return new LoadedStructure(ox!, s.Warnings.Concat(ox!.Warnings).Select(ParameterNames.Render).ToList());
        return new LoadedStructure(s, null, ParameterNames.Render(reason!), s.Warnings.Select(ParameterNames.Render).ToList());
    }

    private (Structure S, IReadOnlyDictionary<string, double>? ExplicitStates) Read(ParseResult p, MemoryBudget? memory)
    {
        string? oxi = p.GetValue(Oxi);
        var explicitStates = oxi is null ? null : OxidationStates.ParseExplicit(oxi);
        string file = p.GetValue(File)!;
        var cif = new CifReadOptions(p.GetValue(Block));
        Structure s = file == "-"
            ? StructureReader.ReadStream(Console.OpenStandardInput(), p.GetValue(Format), cif, memory)
            : StructureReader.ReadFile(file, p.GetValue(Format), cif, memory);
        return (s, explicitStates);
    }

    private static StructureFormat? Parse(string text) => text.ToLowerInvariant() switch
    {
        "auto" => StructureFormat.Auto,
        "cif" or "mcif" => StructureFormat.Cif,
        "poscar" or "vasp" or "contcar" => StructureFormat.Poscar,
        "extxyz" or "xyz" => StructureFormat.ExtXyz,
        _ => null,
    };

    /// <summary>How the reports name where an element's oxidation states came from.</summary>
    public static string SourceName(OxidationSource s) => s switch
    {
        OxidationSource.Explicit => "--oxi",
        OxidationSource.File => "file",
        OxidationSource.BondValence => "bond-valence guess",
        OxidationSource.HydrogenRule => "hydrogen rule",
        OxidationSource.CommonStates => "common oxidation states (pymatgen/ICSD)",
        _ => s.ToString(),
    };
}
