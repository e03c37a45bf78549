using System.Reflection;

namespace GpuBv.Parameters;

/// <summary>Reads the data files shipped inside GpuBv.Core (under <c>Data/</c>, embedded as <c>GpuBv.Data.NAME</c>).</summary>
internal static class EmbeddedData
{
    /// <summary>Opens an embedded data file by its file name (e.g. <c>bvse.dat</c>).</summary>
    public static TextReader Open(string fileName)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("GpuBv.Data." + fileName)
            ?? throw new InvalidOperationException($"embedded data file '{fileName}' is missing from GpuBv.Core");
        return new StreamReader(stream);
    }

    /// <summary>Non-empty, non-comment lines of a CSV/TSV file split by <paramref name="separator"/>, header skipped.</summary>
    public static IEnumerable<string[]> Rows(string fileName, char separator)
    {
        using var reader = Open(fileName);
        bool header = true;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            line = line.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (header)
            {
                header = false;
                continue;
            }
            yield return line.Split(separator);
        }
    }
}
