using static GpuBv.IO.Trajectories.ReaderText;

namespace GpuBv.IO.Trajectories;

/// <summary>The atom-count line that starts every frame of an XYZ-family file (extended and plain XYZ).</summary>
internal static class XyzFrameStart
{
    /// <summary>
    /// Skips blank lines and reads the atom count of frame <paramref name="index"/> + 1; null at the end of the file.
    /// Later frames must have <paramref name="atoms"/> atoms, as the first one had.
    /// </summary>
    public static int? ReadAtomCount(LineSource source, bool first, int index, int atoms)
    {
        source.Frame = index + 1;
        string? line = source.Next();
        while (line is not null && IsBlank(line))
        {
            line = source.Next();
        }
        if (line is null)
        {
            return null;
        }
        var t0 = Tokens(line);
        if (!TryInt(t0[0], out int n))
        {
            throw source.Error($"expected the number of atoms at the start of frame {index + 1}, found '{Shorten(line.Trim())}'");
        }
        if (n <= 0 || n > 100_000_000)
        {
            throw source.Error($"the number of atoms must be between 1 and 100 million, found {n}");
        }
        if (!first && n != atoms)
        {
            throw source.Error($"frame {index + 1} has {n} atoms but frame 1 has {atoms} (atom-count mismatch)");
        }
        return n;
    }
}
