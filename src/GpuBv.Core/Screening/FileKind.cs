using System.Runtime.InteropServices;

namespace GpuBv.Screening;

/// <summary>
/// Whether a path is a regular file, asked before it is opened: opening a FIFO blocks until a writer comes, and a device
/// such as <c>/dev/zero</c> never ends, so a screen must not open either.
/// </summary>
public static class FileKind
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    /// <summary>
    /// Null when <paramref name="path"/> is a regular file (or cannot be asked: Windows, a missing file, which reading then
    /// reports); otherwise what it is instead, e.g. "a FIFO (named pipe)".
    /// </summary>
    /// <param name="path">The path to check (links followed).</param>
    public static string? NotRegular(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > 0)
        {
            // Only special files (and empty regular ones) report length 0: a file with content is regular.
            return null;
        }
        int mode;
        try
        {
            var status = new byte[512];
            if (Stat(path, status) != 0)
            {
                return null;
            }
            mode = BitConverter.ToInt32(status, 4);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Cannot ask: a length-0 file is an error row either way, and it is not opened (it may be a FIFO).
            return "empty, or a special file";
        }
        return (mode & TypeMask) switch
        {
            Regular => null,
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            0x4000 => "a folder",
            _ => "a special file",
        };
    }

    /// <summary>
    /// Refuses an output path that exists and is not a regular file (a device such as <c>/dev/full</c>, a FIFO): results
    /// are written beside it and renamed onto it, which would replace the device. Throws an <see cref="InputException"/>.
    /// </summary>
    /// <param name="path">The output to be written.</param>
    public static void RequireRegularOutput(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path) && NotRegular(path) is string kind)
        {
            throw new InputException(path, "", $"is {kind}, not a file results can be written to; give the path of the results CSV");
        }
    }

    // The runtime's own stat (the layout of its FileStatus is fixed across platforms: Flags, then Mode with the type bits).
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] output);
}
