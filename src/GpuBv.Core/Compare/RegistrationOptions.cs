namespace GpuBv.Compare;

/// <summary>How closely the trajectory's cell must match an integer multiple of the structure's.</summary>
/// <param name="LengthTolerance">Largest relative difference of a cell length (0.02 = 2 %).</param>
/// <param name="AngleToleranceDeg">Largest difference of a cell angle (degrees).</param>
/// <param name="MaxRms">Largest RMS distance (Å) of the framework atoms to their nearest same-element site after the
/// origin shift; above it the framework does not superpose and the registration fails.</param>
public sealed record RegistrationOptions(double LengthTolerance = 0.02, double AngleToleranceDeg = 1.0, double MaxRms = 1.0);
