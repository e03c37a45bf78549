using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GpuBv.Chemistry;
using GpuBv.IO.Structures;

namespace GpuBv.Cli.Commands;

/// <summary><c>gpubv info FILE</c>: what GpuBv reads from a structure file.</summary>
internal static class InfoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "Structure file: CIF, POSCAR/CONTCAR (.vasp), or extended XYZ (first frame); .gz accepted." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a summary." };
        var oxi = StructureOptions.Oxi();
        var block = StructureOptions.Block();
        var cmd = new Command("info", "Read a structure and print formula, cell, space group, sites, atoms and oxidation states (with where each came from).")
        {
            file, json, oxi, block,
        };
        cmd.SetAction(p =>
        {
            var loaded = StructureOptions.Load(p.GetValue(file)!, p.GetValue(oxi), p.GetValue(block));
            var s = loaded.Oxidation.Structure;
            var comp = s.Composition();
            if (p.GetValue(json))
            {
                var obj = new JsonObject
                {
                    ["file"] = s.Source,
                    ["formula"] = Formula.Reduced(comp),
                    ["full_formula"] = Formula.Full(comp),
                    ["sites"] = s.Sites.Length,
                    ["atoms"] = Math.Round(s.AtomCount, 6),
                    ["space_group"] = s.SpaceGroup,
                    ["lattice"] = new JsonObject
                    {
                        ["a"] = s.Lattice.LengthA, ["b"] = s.Lattice.LengthB, ["c"] = s.Lattice.LengthC,
                        ["alpha"] = s.Lattice.Alpha, ["beta"] = s.Lattice.Beta, ["gamma"] = s.Lattice.Gamma,
                        ["volume"] = Math.Abs(s.Lattice.Volume),
                    },
                    ["oxidation_states"] = new JsonObject(loaded.Oxidation.States.Select(kv =>
                        KeyValuePair.Create(kv.Key, (JsonNode?)new JsonArray(kv.Value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())))),
                    ["oxidation_sources"] = new JsonObject(loaded.Oxidation.Sources.Select(kv =>
                        KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(StructureOptions.SourceName(kv.Value))))),
                    ["residual_charge"] = Math.Round(loaded.Oxidation.ResidualCharge, 6),
                    ["warnings"] = new JsonArray(loaded.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
                };
                stdout.WriteLine(obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                var inv = CultureInfo.InvariantCulture;
                var l = s.Lattice;
                stdout.WriteLine($"file:             {s.Source}");
                stdout.WriteLine($"formula:          {Formula.Reduced(comp)}  (cell: {Formula.Full(comp)})");
                stdout.WriteLine(string.Create(inv, $"cell:             a={l.LengthA:0.####} b={l.LengthB:0.####} c={l.LengthC:0.####} Å  alpha={l.Alpha:0.###} beta={l.Beta:0.###} gamma={l.Gamma:0.###}°  V={Math.Abs(l.Volume):0.##} Å³"));
                stdout.WriteLine($"space group:      {s.SpaceGroup}");
                stdout.WriteLine(string.Create(inv, $"sites:            {s.Sites.Length}   atoms: {s.AtomCount:0.####}"));
                stdout.WriteLine("oxidation states: " + string.Join(", ", loaded.Oxidation.States.Select(kv =>
                    $"{kv.Key} {string.Join("/", kv.Value.Select(v => v.ToString("+0.###;-0.###;0", inv)))} ({StructureOptions.SourceName(loaded.Oxidation.Sources[kv.Key])})")));
                stdout.WriteLine(string.Create(inv, $"residual charge:  {loaded.Oxidation.ResidualCharge:+0.####;-0.####;0} e per cell"));
                foreach (var w in loaded.Warnings) stderr.WriteLine($"gpubv: warning: {s.Source}: {w}");
            }
            return 0;
        });
        return cmd;
    }
}
