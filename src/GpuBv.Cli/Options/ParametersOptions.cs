using System.CommandLine;
using GpuBv.IO;
using GpuBv.IO.Structures;
using GpuBv.Parameters;

namespace GpuBv.Cli.Options;

/// <summary>The --params option: extra softBV pairs added to the shipped table.</summary>
internal sealed class ParametersOptions(string description = "Extra softBV pair parameters (bvse.dat's layout).")
{
    public Option<string?> Params { get; } = new("--params") { Description = description };

    /// <summary>The shipped softBV table, with the pairs of the user's file added when given.</summary>
    public SoftBvTable Table(ParseResult p)
    {
        var path = p.GetValue(Params);
        var table = SoftBvTable.Default;
        if (path is null)
        {
            return table;
        }
        return table.With(SoftBvTable.Parse(new StringReader(StructureReader.ReadText(path)), path));
    }
}
