using GpuBv.Trajectory.Analysis;

namespace GpuBv.Compare;

/// <summary>
/// The dynamic evidence of the coupling: the rotation-coupled hop fraction against its chance level (as <c>traj hops</c>).
/// </summary>
/// <param name="Hops">Hops found.</param>
/// <param name="HoppingIons">Ions with at least one hop.</param>
/// <param name="Groups">Anion groups of the trajectory.</param>
/// <param name="CoupledFraction">Fraction coupled by the paper's criterion.</param>
/// <param name="ChanceLevel">Its chance level (the same windows at every other time).</param>
/// <param name="ThresholdsDeg">The fixed θ_max thresholds (degrees).</param>
/// <param name="CoupledAbove">Fraction coupled at each threshold.</param>
/// <param name="ChanceAbove">Chance level at each threshold.</param>
/// <param name="MedianWindowFrames">Median hop window τ (frames).</param>
/// <param name="BytesPerFrame">Bytes kept per frame by the hop analysis and its chance level.</param>
/// <param name="Result">The hops themselves.</param>
public sealed record HopCoupling(int Hops, int HoppingIons, int Groups, double? CoupledFraction, double? ChanceLevel,
    IReadOnlyList<double> ThresholdsDeg, IReadOnlyList<double?> CoupledAbove, IReadOnlyList<double?> ChanceAbove, double MedianWindowFrames,
    long BytesPerFrame, HopResult Result);
