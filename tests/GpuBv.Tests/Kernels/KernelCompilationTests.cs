using GpuBv.Kernels.Bvse;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using Xunit;

namespace GpuBv.Tests.Kernels;

/// <summary>
/// The BVSE kernel goes through ILGPU's CUDA (PTX) and OpenCL C code generators on any machine, GPU or not: the
/// generic pair potentials, the number-type operations and the math intrinsics must all be supported by the backends.
/// (ILGPU's CPU accelerator runs the kernel as .NET code, so it cannot show this.) Running the generated code still
/// needs the devices (DeviceAgreementTests).
/// </summary>
public sealed class KernelCompilationTests
{
    private static readonly System.Reflection.MethodInfo Energy = typeof(BvseKernel).GetMethod(nameof(BvseKernel.Energy))!;

    [Fact]
    public void EnergyKernelCompilesToPtx()
    {
        // ILGPU 1.5.3 emits PTX for sm_80 at most; newer GPUs (the H100 is sm_90) JIT-compile it in the driver.
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms());
        var backend = new PTXBackend(context, CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, null!);
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(Energy);
        var kernel = (PTXCompiledKernel)backend.Compile(entry, new KernelSpecialization());
        var ptx = kernel.PTXAssembly;
        Assert.Contains(".target sm_80", ptx);
        Assert.Contains(".entry", ptx);
        Assert.Contains("ex2", ptx);   // exp lowered to the hardware exp2
        Assert.Contains("sqrt", ptx);
    }

    [Fact]
    public void EnergyKernelCompilesToOpenClC()
    {
        using var context = Context.Create(b => b.OpenCL().EnableAlgorithms());
        var capabilities = new CLCapabilityContext(false, false, true, false, false);
        var backend = new CLBackend(context, capabilities, CLDeviceVendor.Nvidia, CLCVersion.CL20);
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(Energy);
        var kernel = (CLCompiledKernel)backend.Compile(entry, new KernelSpecialization());
        Assert.Contains("kernel", kernel.Source);
        Assert.Contains("exp", kernel.Source);
    }
}
