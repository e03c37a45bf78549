namespace GpuBv.Tests;

/// <summary>Paths of the test data copied next to the test binary (tests/GpuBv.Tests/Data/**).</summary>
internal static class TestData
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Data");
    public static string Structure(string name) => Path.Combine(Root, "structures", name);
    public static string Paper(string name) => Path.Combine(Root, "paper", name);

    /// <summary>
    /// The repository's root (the folder holding GpuBv.sln) above the test binary, or null where the tests run without
    /// the source tree (the GPU bundle).
    /// </summary>
    public static string? RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "GpuBv.sln")))
            d = d.Parent;
        return d?.FullName;
    }

    /// <summary>Writes text to a fresh temporary file with the given name and returns its path.</summary>
    public static string TempFile(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "gpubv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
