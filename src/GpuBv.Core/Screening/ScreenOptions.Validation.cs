using System.Globalization;
using GpuBv.Compute;

namespace GpuBv.Screening;

/// <summary>The checks of a screen's settings, made before any structure is read, and its share of the memory budget.</summary>
public sealed partial record ScreenOptions
{
    /// <summary>The least memory one structure in flight is given; fewer jobs run when the budget holds less per job.</summary>
    public const long MinimumJobMemory = 256L << 20;

    /// <summary>The budget of the whole screen (null: <see cref="MemoryBudget.Default"/>); <see cref="JobMemory"/> divides it.</summary>
    public MemoryBudget? Memory { get; init; }

    /// <summary>The budget of one structure: <see cref="Memory"/> divided by the jobs in flight.</summary>
    public MemoryBudget JobMemory => MemoryBudget.Or(Memory).Divide(Jobs > 0 ? Jobs : Environment.ProcessorCount);

    /// <summary>
    /// Checks the settings that are wrong for every input before any structure is read (as a single run refuses them): a
    /// positive finite resolution, a cutoff in (0, 50] Å, a positive encut, a positive finite timeout, a job count ≥ 0.
    /// </summary>
    public void Validate()
    {
        var inv = CultureInfo.InvariantCulture;
        if (!(Resolution > 0) || !double.IsFinite(Resolution))
        {
            throw new InputException(InputParameter.Resolution, Resolution.ToString(inv), "must be a positive number of Å");
        }
        if (!(Cutoff > 0) || Cutoff > 50)
        {
            throw new InputException(InputParameter.Cutoff, Cutoff.ToString(inv), "the cutoff must be in (0, 50] Å");
        }
        if (!(Encut > 0))
        {
            throw new InputException(InputParameter.Encut, Encut.ToString(inv), "must be a positive energy in eV");
        }
        if (Timeout is TimeSpan t && !(t > TimeSpan.Zero))
        {
            throw new InputException(InputParameter.Timeout, t.TotalSeconds.ToString(inv), "must be a positive number of seconds");
        }
        if (Jobs < 0)
        {
            throw new InputException(InputParameter.Jobs, Jobs.ToString(inv), "must be ≥ 0");
        }
    }

    /// <summary>
    /// The per-structure limit from a number of seconds as typed (null: none). NaN, infinite, zero or negative values are
    /// an <see cref="InputException"/> (a <see cref="TimeSpan"/> cannot even hold NaN).
    /// </summary>
    /// <param name="seconds">The seconds, or null.</param>
    public static TimeSpan? TimeoutFromSeconds(double? seconds)
    {
        if (seconds is not double s)
        {
            return null;
        }
        if (!(s > 0) || s > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new InputException(InputParameter.Timeout, s.ToString(CultureInfo.InvariantCulture),
                "must be a positive number of seconds");
        }
        return TimeSpan.FromSeconds(s);
    }

    /// <summary>
    /// These settings with <see cref="Jobs"/> capped at what <paramref name="cores"/> and the memory budget allow
    /// (<see cref="MinimumJobMemory"/> per job, at least one job), and a warning (with parameter keys) when capped.
    /// </summary>
    /// <param name="cores">The cores of this machine (<see cref="Environment.ProcessorCount"/>).</param>
    public (ScreenOptions Options, string? Warning) CapJobs(int cores)
    {
        cores = Math.Max(1, cores);
        int asked = Jobs > 0 ? Jobs : cores;
        var budget = MemoryBudget.Or(Memory);
        long byMemory = Math.Max(1, budget.Bytes / MinimumJobMemory);
        int cap = (int)Math.Min(cores, byMemory);
        if (asked <= cap)
        {
            return (this with { Jobs = asked }, null);
        }
        string why = cap < cores
            ? $"{InputException.Ref(InputParameter.Memory)} {budget} holds {cap} job(s) of {MemoryBudget.Format(MinimumJobMemory)}"
            : $"this machine has {cores} core(s)";
        return (this with { Jobs = cap }, $"{InputException.Ref(InputParameter.Jobs)} {asked} capped at {cap}: {why}");
    }
}
