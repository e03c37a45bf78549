using System.Globalization;
using System.Text;

namespace GpuBv.Chemistry;

/// <summary>Chemical formulas written as pymatgen writes them: elements ordered by Pauling electronegativity.</summary>
public static class Formula
{
    /// <summary>
    /// The reduced formula (e.g. "LiFePO4" for Li4Fe4P4O16), elements in increasing electronegativity (ties by symbol;
    /// elements without a value last). When the amounts are not all integers within 1e-4 (partial occupancies) the
    /// formula is not reduced and amounts are written with up to 4 decimals, as pymatgen does.
    /// </summary>
    public static string Reduced(IReadOnlyDictionary<string, double> composition)
    {
        var items = Ordered(composition);
        bool allInt = items.All(x => Math.Abs(x.amount - Math.Round(x.amount)) < 1e-4);
        if (allInt)
        {
            long g = 0;
            foreach (var (_, a) in items)
                g = Gcd(g, (long)Math.Round(a));
            if (g > 0)
                items = items.Select(x => (x.el, Math.Round(x.amount) / g)).ToList();
        }
        return Write(items);
    }

    /// <summary>The full (unreduced) formula of the composition, e.g. "Li4Fe4P4O16".</summary>
    public static string Full(IReadOnlyDictionary<string, double> composition) => Write(Ordered(composition));

    private static List<(string el, double amount)> Ordered(IReadOnlyDictionary<string, double> composition)
        => composition.Where(kv => kv.Value > 1e-8)
            .Select(kv => (el: kv.Key, amount: kv.Value))
            .OrderBy(x => Element.TryGet(x.el, out var e) && !double.IsNaN(e.Electronegativity)
                ? e.Electronegativity
                : double.PositiveInfinity)
            .ThenBy(x => x.el, StringComparer.Ordinal)
            .ToList();

    private static string Write(List<(string el, double amount)> items)
    {
        var sb = new StringBuilder();
        foreach (var (el, a) in items)
        {
            sb.Append(el);
            if (Math.Abs(a - 1) < 1e-4)
                continue;
            if (Math.Abs(a - Math.Round(a)) < 1e-4)
                sb.Append(((long)Math.Round(a)).ToString(CultureInfo.InvariantCulture));
            else
                sb.Append(a.ToString("0.####", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return Math.Abs(a);
    }
}
