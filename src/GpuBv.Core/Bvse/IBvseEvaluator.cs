namespace GpuBv.Bvse;

/// <summary>Something that fills a BVSE grid: the managed CPU path or an ILGPU accelerator.</summary>
public interface IBvseEvaluator
{
    /// <summary>What it runs on, for reports (e.g. "cpu (16 threads)", "cuda: NVIDIA H100").</summary>
    string DeviceName { get; }

    /// <summary>
    /// Raw energies (eV, not shifted) at every grid point, third index fastest. <paramref name="cancel"/> stops the work
    /// between tiles on the CPU path (OperationCanceledException); a GPU kernel in flight runs to its end.
    /// </summary>
    float[] Evaluate(TiledFramework tiles, CancellationToken cancel = default);
}
