using GpuBv.Bvse;
using GpuBv.Chemistry;
using GpuBv.Crystal;

namespace GpuBv.Groups;

/// <summary>
/// A group named by its centre and anion elements together, <c>P-S</c> or <c>B-H</c>: the centre element and the
/// anion with the charge it carries in the structure.
/// </summary>
/// <param name="Center">The centre element.</param>
/// <param name="Anion">The anion, with the structure's (rounded) oxidation state as its charge.</param>
public sealed record GroupSpec(string Center, MobileIon Anion)
{
    /// <summary>
    /// Resolves <paramref name="text"/> (<c>CENTRE-ANION</c>) against <paramref name="structure"/> (oxidation states
    /// assigned). Throws an <see cref="InputException"/> naming <see cref="InputParameter.Group"/> for bad text or an
    /// anion absent from the structure.
    /// </summary>
    /// <param name="structure">The structure, with oxidation states.</param>
    /// <param name="text">The group as written, e.g. <c>P-S</c>.</param>
    public static GroupSpec Resolve(Structure structure, string text)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-', 2);
        if (parts.Length != 2 || !Element.IsSymbol(parts[0]) || !Element.IsSymbol(parts[1]))
        {
            throw new InputException(InputParameter.Group, text, "expected CENTRE-ANION, e.g. P-S or B-H");
        }
        var q = structure.Sites.SelectMany(x => x.Species).FirstOrDefault(x => x.Element == parts[1]).OxidationState;
        if (q is not double charge)
        {
            throw new InputException(structure.Source, InputException.Ref(InputParameter.Group), $"{parts[1]} is not in the structure");
        }
        return new GroupSpec(parts[0], new MobileIon(parts[1], (int)Math.Round(charge)));
    }
}
