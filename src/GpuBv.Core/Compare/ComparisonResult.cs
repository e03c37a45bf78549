using GpuBv.Bvse;

namespace GpuBv.Compare;

/// <summary>The outcome of <see cref="StaticDynamicComparison.Run"/>.</summary>
/// <param name="Registration">How the trajectory lies on the structure.</param>
/// <param name="CationMap">The cation's BVSE map of the structure.</param>
/// <param name="EMig">E_mig (eV) of the map (E_{Dimension}D) or null.</param>
/// <param name="Coupling">The static coupling, or null (see <paramref name="CouplingReason"/>).</param>
/// <param name="CouplingReason">Why <paramref name="Coupling"/> is null.</param>
/// <param name="Paths">The MD density against the map.</param>
/// <param name="Dimensionality">The dimensionality the ions realise.</param>
/// <param name="Hops">The hop–rotation coupling, or null (see <paramref name="HopsReason"/>).</param>
/// <param name="HopsReason">Why <paramref name="Hops"/> is null.</param>
/// <param name="Frames">Frames read.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Warnings">Notes from the maps.</param>
public sealed record ComparisonResult(CellRegistration Registration, BvseResult CationMap, double? EMig, StaticCoupling? Coupling,
    string? CouplingReason, CationPathComparison Paths, DynamicDimensionality Dimensionality, HopCoupling? Hops, string? HopsReason,
    int Frames, double Seconds, IReadOnlyList<string> Warnings)
{
    /// <summary>The anions on the rotation rings and past half the site angle (<see cref="RotationRings"/>), or null.</summary>
    public RotationRingResult? Rings { get; init; }

    /// <summary>Why <see cref="Rings"/> is null.</summary>
    public string? RingsReason { get; init; }

    /// <summary>The bond-rotation angles θ(t0, t0 + τ) over all origins (<see cref="BondRotationAngles"/>), or null.</summary>
    public BondRotationAnglesResult? Angles { get; init; }

    /// <summary>Why <see cref="Angles"/> is null.</summary>
    public string? AnglesReason { get; init; }

    /// <summary>Where the lag of <see cref="Angles"/> came from ("given", "median hop window", ...).</summary>
    public string? LagSource { get; init; }
}
