namespace GpuBv.Cli.Reports;

/// <summary>Writing a file a user asked for: a failure to write is their input's problem (a path), not an internal error.</summary>
internal static class OutputFile
{
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
