namespace GpuBv.Kernels.Compute;

/// <summary>Kinds of compute device GpuBv can run on.</summary>
public enum DeviceKind
{
    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda,
    /// <summary>An OpenCL device through ILGPU's OpenCL backend.</summary>
    OpenCL,
    /// <summary>The fast managed CPU path (all cores).</summary>
    Cpu,
    /// <summary>ILGPU's CPU accelerator: runs the GPU kernels on the CPU, a correctness simulator.</summary>
    IlgpuCpu,
}
