using GpuBv.Kernels.Bvse;
using GpuBv.Kernels.Percolation;
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
    // The percolation kernels: every one must compile for CUDA; for OpenCL, the offset union-find's 64-bit
    // compare-and-swap needs cl_khr_int64_base_atomics, without which the device's percolation runs on the CPU.
    private static readonly string[] PercolationKernels =
    [
        nameof(PercolationKernel.Scan), nameof(PercolationKernel.Keys), nameof(PercolationKernel.MergeRound),
        nameof(PercolationKernel.Ranks), nameof(PercolationKernel.Admit), nameof(PercolationKernel.Hook),
        nameof(PercolationKernel.Flatten), nameof(PercolationKernel.Link), nameof(PercolationKernel.WrapRank),
    ];

    private static readonly string[] SixtyFourBitAtomicKernels = [nameof(PercolationKernel.Link), nameof(PercolationKernel.WrapRank)];

    public static TheoryData<string> PercolationKernelNames => new(PercolationKernels);

    [Theory]
    [MemberData(nameof(PercolationKernelNames))]
    public void PercolationKernelCompilesToPtx(string name)
    {
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms());
        var backend = new PTXBackend(context, CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, null!);
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(typeof(PercolationKernel).GetMethod(name)!);
        var ptx = ((PTXCompiledKernel)backend.Compile(entry, new KernelSpecialization())).PTXAssembly;
        Assert.Contains(".entry", ptx);
        if (SixtyFourBitAtomicKernels.Contains(name))
        {
            Assert.Contains("atom.cas.b64", ptx); // the offset union-find's 64-bit compare-and-swap
        }
    }

    [Theory]
    [MemberData(nameof(PercolationKernelNames))]
    public void PercolationKernelCompilesToOpenClCWithInt64Atomics(string name)
    {
        using var context = Context.Create(b => b.OpenCL().EnableAlgorithms());
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(typeof(PercolationKernel).GetMethod(name)!);
        var with = new CLBackend(context, new CLCapabilityContext(false, false, true, true, false), CLDeviceVendor.Nvidia,
            CLCVersion.CL20);
        var kernel = (CLCompiledKernel)with.Compile(entry, new KernelSpecialization());
        Assert.Contains("kernel", kernel.Source);
        if (SixtyFourBitAtomicKernels.Contains(name))
        {
            // Without the extension the backend refuses the kernel: IlgpuPercolationProvider checks the device's
            // capability first and gives such a device the CPU union-find (with a notice).
            var without = new CLBackend(context, new CLCapabilityContext(false, false, true, false, false), CLDeviceVendor.Nvidia,
                CLCVersion.CL20);
            Assert.ThrowsAny<Exception>(() => without.Compile(entry, new KernelSpecialization()));
        }
    }
}
