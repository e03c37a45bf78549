namespace GpuBv.Groups;

/// <summary>
/// The interaction cutoff chosen for the local E_rot grids (DESIGN.md §4.1) and the test behind it: for each tried cutoff
/// rc the largest range over a group's shell of the energy that rc drops from the full cutoff's map
/// (max − min over the shell points of a coarse local grid of E_full − E_rc). For fixed site points E_rot cannot move by
/// more than that range, so the smallest rc whose range is within <see cref="Tolerance"/> is used.
/// </summary>
/// <param name="Cutoff">The cutoff used (Å): the first tried one that passed, or the full cutoff.</param>
/// <param name="FullCutoff">The full cutoff (Å), the periodic maps' (default 10).</param>
/// <param name="TailRange">The dropped tail's largest range over the shells at <see cref="Cutoff"/> (eV; 0 at the full cutoff).</param>
/// <param name="Tolerance">The largest range accepted (eV).</param>
/// <param name="TestSpacing">Spacing of the coarse test grids (Å).</param>
/// <param name="Tried">Each tried cutoff with its range (eV), ascending (tried by bisection).</param>
public sealed record LocalCutoffChoice(double Cutoff, double FullCutoff, double TailRange, double Tolerance, double TestSpacing,
    IReadOnlyList<(double Cutoff, double TailRange)> Tried);
