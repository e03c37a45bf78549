using System.Globalization;

namespace GpuBv.Cli.Commands.Traj;

/// <summary>Number formatting and file writing shared by the trajectory subcommands.</summary>
internal static class TrajOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A number for CSV: round-trip precision, "" for NaN.</summary>
    public static string F(double v) => double.IsNaN(v) ? "" : v.ToString("R", Inv);

    /// <summary>A number for text output.</summary>
    public static string G(double v, string format = "0.####") => v.ToString(format, Inv);

    /// <summary>An integer for CSV and text.</summary>
    public static string I(long v) => v.ToString(Inv);

    /// <summary>"true" or "false" for CSV.</summary>
    public static string Bool(bool b) => b ? "true" : "false";

    /// <summary>A CSV field, quoted where it must be.</summary>
    public static string CsvField(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>A JSON number rounded to <paramref name="digits"/> decimals; null for NaN/∞.</summary>
    public static double? Num(double v, int digits = 10) => double.IsFinite(v) ? Math.Round(v, digits) : null;

    /// <summary>A JSON number at full precision; null for NaN/∞.</summary>
    public static double? Exact(double v) => double.IsFinite(v) ? v : null;

    /// <summary>JSON numbers rounded to <paramref name="digits"/> decimals.</summary>
    public static double?[] Array(IEnumerable<double> xs, int digits = 10) => xs.Select(x => Num(x, digits)).ToArray();

    /// <summary>Runs a write; I/O failures become an <see cref="InputException"/> naming the file.</summary>
    public static void Write(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, "", $"cannot write: {e.Message}");
        }
    }
}
