namespace GpuBv;

/// <summary>
/// The user-settable parameters that an <see cref="InputException"/> can name, as the option at fault or in a remedy
/// ("supply them with the parameters file"). Core never spells a front end's flag: each front end renders these keys
/// with its own names from one table (the command line's flag, a Python keyword argument).
/// </summary>
public enum InputParameter
{
    /// <summary>The mobile ion of a BVSE run or a screen (e.g. Li1+).</summary>
    Ion,
    /// <summary>The mobile cation of a coupling run.</summary>
    Cation,
    /// <summary>The anion of the rotating groups.</summary>
    Anion,
    /// <summary>The centre element of the rotating groups.</summary>
    Center,
    /// <summary>Centre and anion of the groups together (e.g. P-S).</summary>
    Group,
    /// <summary>The BVSE grid spacing (Å).</summary>
    Resolution,
    /// <summary>The interaction cutoff (Å).</summary>
    Cutoff,
    /// <summary>The energy above which a barrier counts as none (eV).</summary>
    Encut,
    /// <summary>The percolation dimension that gives E_mig.</summary>
    Dimension,
    /// <summary>The E_mig/E_rot ratio above which the mode is "rotate".</summary>
    Threshold,
    /// <summary>The local E_rot grid spacing (Å).</summary>
    ErotSpacing,
    /// <summary>The shell tolerance around the group's bonds (Å).</summary>
    ShellTolerance,
    /// <summary>The compute device.</summary>
    Device,
    /// <summary>Explicit oxidation states.</summary>
    OxidationStates,
    /// <summary>A file of extra softBV pair parameters.</summary>
    ParametersFile,
    /// <summary>The shard I/N of a screen.</summary>
    Shard,
    /// <summary>The per-structure time limit of a screen.</summary>
    Timeout,
    /// <summary>Structures in flight at once in a screen.</summary>
    Jobs,
    /// <summary>Continuing an earlier screen from its journal.</summary>
    Resume,
    /// <summary>The trajectory's cell, for formats without one.</summary>
    Cell,
    /// <summary>The LAMMPS atom type → element map.</summary>
    Types,
    /// <summary>The species analysed in a trajectory.</summary>
    Species,
    /// <summary>Time between stored frames (fs).</summary>
    TimeStep,
    /// <summary>Start of the analysed stretch (ps).</summary>
    StartTime,
    /// <summary>Length of the analysed stretch (ps).</summary>
    TimeWindow,
    /// <summary>The framework species of a drift correction.</summary>
    Framework,
    /// <summary>A trajectory grid spacing (Å).</summary>
    Spacing,
    /// <summary>The cation atom (index) followed in a trajectory.</summary>
    CationAtom,
    /// <summary>Computing although the file implies hydrogens that no site gives.</summary>
    AllowMissingHydrogens,
    /// <summary>The memory budget of one computation (bytes; a screen divides it among its jobs).</summary>
    Memory,
    /// <summary>The format of a structure read from standard input (cif, poscar, extxyz).</summary>
    Format,
    /// <summary>The first analysed frame (0-based), when no time step is given.</summary>
    FrameStart,
    /// <summary>How many frames are analysed, when no time step is given.</summary>
    FrameCount,
    /// <summary>Barrier levels a figure counts below (eV).</summary>
    Levels,
}
