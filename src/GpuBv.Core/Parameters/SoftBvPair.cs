namespace GpuBv.Parameters;

/// <summary>
/// One softBV pair (Chen &amp; Adams 2017): cation and anion with their valences, coordination number Nc, bond-valence
/// R0 (Å), cutoff (Å), Morse depth D0 (eV), equilibrium distance Rmin (Å) and softness α = 1/b (1/Å).
/// </summary>
public readonly record struct SoftBvPair(
    string Cation, int CationValence, string Anion, int AnionValence,
    double Nc, double R0, double Rcutoff, double D0, double Rmin, double Alpha)
{
    /// <summary>Bond-valence parameter b = 1/α (Å).</summary>
    public double B => 1.0 / Alpha;

    /// <summary>Bond valence s = exp((R0 − R)/b) of a bond of length <paramref name="r"/> (Å).</summary>
    public double BondValence(double r) => Math.Exp((R0 - r) * Alpha);
}
