using GpuBv.Bvse;
using GpuBv.Groups;

namespace GpuBv.Compare;

/// <summary>The static prediction of the coupling (from <see cref="CouplingCalculator"/>).</summary>
/// <param name="Anion">The anion of the groups.</param>
/// <param name="EMig">E_mig (eV) or null above encut.</param>
/// <param name="ERot">Smallest E_rot over the groups (eV).</param>
/// <param name="Ratio">E_mig/E_rot or null.</param>
/// <param name="Mode">Rotate, vibrate or none.</param>
/// <param name="Groups">Groups in the structure.</param>
/// <param name="Centre">The most common centre element of the groups.</param>
public sealed record StaticCoupling(MobileIon Anion, double? EMig, double? ERot, double? Ratio, CouplingMode Mode, int Groups,
    string Centre);
