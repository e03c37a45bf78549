using System.CommandLine;
using System.Globalization;
using GpuBv.Cli.Plots;
using GpuBv.Screening;

namespace GpuBv.Cli.Commands;

/// <summary>
/// <c>gpubv plot coupling|barriers RESULTS.csv</c>: figures of a screen's table (PNG and/or SVG). Reads the table through
/// Core (<see cref="ResultTable"/>, <see cref="CouplingScatter"/>, <see cref="BarrierDistribution"/>) and draws it.
/// </summary>
internal static class PlotCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var cmd = new Command("plot", "Figures of a screen's results table (PNG and/or SVG).");
        cmd.Subcommands.Add(Coupling(stdout));
        cmd.Subcommands.Add(Barriers(stdout));
        return cmd;
    }

    private static (Argument<string> Table, Option<string?> Png, Option<string?> Svg) Common()
    {
        var table = new Argument<string>("results") { Description = "A results CSV written by gpubv screen (or merge)." };
        var png = new Option<string?>("--png") { Description = "Write the figure as PNG to FILE." };
        var svg = new Option<string?>("--svg") { Description = "Write the figure as SVG to FILE." };
        return (table, png, svg);
    }

    /// <summary>The PNG path: the given one, or beside the table when neither --png nor --svg is given.</summary>
    private static string? PngOrDefault(ParseResult p, Option<string?> png, Option<string?> svg, string table, string kind)
        => p.GetValue(png) ?? (p.GetValue(svg) is null ? Path.ChangeExtension(table, null) + $".{kind}.png" : null);

    private static Command Coupling(TextWriter stdout)
    {
        var (table, png, svg) = Common();
        var threshold = new Option<double>("--threshold")
        {
            Description = "Ratio E_mig/E_rot of the line between rotate and vibrate; points are classified by it.",
            DefaultValueFactory = _ => 2.0,
        };
        var dimension = new Option<int>("--dimension")
        {
            Description = "Which barrier is E_mig: 1, 2 or 3 (a screen's E_mig is E_3D).",
            DefaultValueFactory = _ => 3,
        };
        var labels = new Option<int>("--labels")
        {
            Description = "Label the N points farthest from the line with their formula (0: none).",
            DefaultValueFactory = _ => 15,
        };
        var cmd = new Command("coupling",
            "The seed paper's Figure 1(a): E_rot against E_mig for every ok row of a screen --coupling table, with the line "
                + "E_mig = threshold·E_rot; points coloured by mode; E_mig above encut drawn at the top edge; rows without "
                + "groups counted in the legend.")
        {
            table, png, svg, threshold, dimension, labels,
        };
        cmd.SetAction(p =>
        {
            string path = p.GetValue(table)!;
            if (p.GetValue(labels) < 0)
            {
                throw new InputException("--labels", p.GetValue(labels).ToString(Inv), "must be 0 or more");
            }
            var rows = ResultTable.ReadCsv(path, ["E_1D", "E_2D", "E_3D", "E_rot", "mode"]);
            var data = CouplingScatter.From(rows, path, p.GetValue(threshold), p.GetValue(dimension));
            string title = string.Create(Inv,
                $"{Path.GetFileName(path)}: {data.Points.Count} structures with groups, threshold {data.Threshold:0.##}");
            string? pngPath = PngOrDefault(p, png, svg, path, "coupling");
            CouplingFigure.Save(data, title, p.GetValue(labels), pngPath, p.GetValue(svg));
            int rotate = data.Points.Count(x => x.Mode == Groups.CouplingMode.Rotate);
            stdout.WriteLine(string.Create(Inv, $"{data.Points.Count} structures with groups: {rotate} rotate, "
                + $"{data.Points.Count - rotate} vibrate (threshold {data.Threshold:0.##}, E_mig = E_{data.Dimension}D), "
                + $"{data.AboveEncut} with E_mig above encut; {data.NoGroups} without groups and {data.NotOk} not ok, not drawn"));
            foreach (var f in new[] { pngPath, p.GetValue(svg) }.OfType<string>())
            {
                stdout.WriteLine($"wrote {f}");
            }
            return 0;
        });
        return cmd;
    }

    private static Command Barriers(TextWriter stdout)
    {
        var (table, png, svg) = Common();
        var levels = new Option<string>("--levels")
        {
            Description = "Levels (eV) to count the structures below, comma-separated.",
            DefaultValueFactory = _ => "0.3,0.5,1",
        };
        var cmd = new Command("barriers",
            "Distribution of E_1D, E_2D and E_3D over a screen's ok rows: structures with a barrier at or below E against E, "
                + "with counts below the levels and above encut (empty barriers).")
        {
            table, png, svg, levels,
        };
        cmd.SetAction(p =>
        {
            string path = p.GetValue(table)!;
            var lv = ParseLevels(p.GetValue(levels)!);
            var rows = ResultTable.ReadCsv(path, ["E_1D", "E_2D", "E_3D"]);
            var data = BarrierDistribution.From(rows, path, lv);
            string? pngPath = PngOrDefault(p, png, svg, path, "barriers");
            BarrierFigure.Save(data, $"{Path.GetFileName(path)}: {data.Values[0].Length + data.AboveEncut[0]} ok structures",
                pngPath, p.GetValue(svg));
            for (int d = 0; d < 3; d++)
            {
                string counts = string.Join(", ", data.Levels.Select((l, k) => string.Create(Inv, $"{data.Below[d][k]} ≤ {l:0.##} eV")));
                stdout.WriteLine($"E_{d + 1}D: {counts}; {data.AboveEncut[d]} above encut");
            }
            foreach (var f in new[] { pngPath, p.GetValue(svg) }.OfType<string>())
            {
                stdout.WriteLine($"wrote {f}");
            }
            return 0;
        });
        return cmd;
    }

    private static double[] ParseLevels(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, Inv, out values[i]))
            {
                throw new InputException(InputParameter.Levels, text, "must be numbers of eV separated by commas, e.g. 0.3,0.5,1");
            }
        }
        return values;
    }
}
