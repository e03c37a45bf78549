using System.Runtime.InteropServices;

namespace GpuBv.Kernels.Compute;

/// <summary>
/// Whether a GPU runtime could be present at all, asked by <c>--device auto</c> before ILGPU is touched: loading ILGPU
/// and creating a context costs about 30 ms a call (bench/RESULTS.md, "Start-up"), which every call on a machine without
/// a GPU used to pay. CUDA needs its driver library (libcuda.so.1, nvcuda.dll). OpenCL needs the ICD loader
/// (libOpenCL.so.1, OpenCL.dll, the macOS framework) and, on Linux, an installed platform: an <c>.icd</c> file in
/// <c>/etc/OpenCL/vendors</c> (or under <c>$CONDA_PREFIX</c>), or one of the loaders' variables (<c>OCL_ICD_VENDORS</c>,
/// <c>OCL_ICD_FILENAMES</c>, <c>OPENCL_VENDOR_PATH</c>) set. Where this says no, no device of that kind could open; a
/// device named explicitly (<c>--device cuda</c>, <c>opencl</c>) is always tried.
/// </summary>
internal static class GpuRuntimeLibraries
{
    /// <summary>False when no device of <paramref name="kind"/> can be present (its runtime library or platform is missing).</summary>
    public static bool MayHave(DeviceKind kind) => kind switch
    {
        DeviceKind.Cuda => CanLoad(OperatingSystem.IsWindows() ? ["nvcuda.dll"] : ["libcuda.so.1", "libcuda.so"]),
        DeviceKind.OpenCL => OpenClPlatformPossible(),
        _ => true,
    };

    private static bool OpenClPlatformPossible()
    {
        if (OperatingSystem.IsWindows())
            return CanLoad(["OpenCL.dll"]);
        if (OperatingSystem.IsMacOS())
            return CanLoad(["/System/Library/Frameworks/OpenCL.framework/OpenCL"]);
        if (!CanLoad(["libOpenCL.so.1", "libOpenCL.so"]))
            return false;
        foreach (var variable in new[] { "OCL_ICD_VENDORS", "OCL_ICD_FILENAMES", "OPENCL_VENDOR_PATH" })
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
                return true;
        }
        var dirs = new List<string> { "/etc/OpenCL/vendors" };
        if (Environment.GetEnvironmentVariable("CONDA_PREFIX") is { Length: > 0 } conda)
            dirs.Add(Path.Combine(conda, "etc", "OpenCL", "vendors"));
        return dirs.Any(HasIcdFile);
    }

    /// <summary>Whether <paramref name="dir"/> holds an ICD file; a folder that cannot be read counts as yes (ILGPU then asks).</summary>
    private static bool HasIcdFile(string dir)
    {
        try
        {
            return Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*.icd").Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static bool CanLoad(string[] names)
    {
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                NativeLibrary.Free(handle);
                return true;
            }
        }
        return false;
    }
}
