using GpuBv.Crystal;
using static GpuBv.IO.Trajectories.ReaderText;

namespace GpuBv.IO.Trajectories;

/// <summary>
/// What the XYZ-family readers (extended and plain XYZ) share: the atom-count line that starts every frame and the
/// Cartesian position columns of an atom line.
/// </summary>
internal static class XyzText
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

    /// <summary>
    /// The head of an XYZ frame: its atom count and comment line (null at the end of the file);
    /// <paramref name="missingComment"/> is the error when the file ends before the comment line.
    /// </summary>
    public static (int Atoms, string Comment)? ReadFrameHead(LineSource source, bool first, int framesRead, int atoms,
        string missingComment)
    {
        if (ReadAtomCount(source, first, first ? 0 : framesRead, atoms) is not int n)
        {
            return null;
        }
        return (n, source.Next() ?? throw source.Error(missingComment));
    }

    /// <summary>
    /// The Cartesian position (Å) in columns <paramref name="column"/> … <paramref name="column"/> + 2 of an atom line
    /// split into <paramref name="tokens"/>; a bad number is reported as "<paramref name="what"/> '…' is not a number".
    /// </summary>
    public static Vec3 ReadPosition(LineSource source, ReadOnlySpan<char> line, Range[] tokens, int column, int atom, int atoms,
        string what)
    {
        Span<double> xyz = stackalloc double[3];
        for (int k = 0; k < 3; k++)
        {
            var tok = line[tokens[column + k]];
            if (!TryNumber(tok, out xyz[k]))
            {
                throw source.Error($"atom {atom + 1} of {atoms}: {what} '{Shorten(tok)}' is not a number");
            }
        }
        return new Vec3(xyz[0], xyz[1], xyz[2]);
    }
}
