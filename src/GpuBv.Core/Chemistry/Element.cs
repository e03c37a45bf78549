using System.Collections.Frozen;
using System.Globalization;
using GpuBv.Parameters;

namespace GpuBv.Chemistry;

/// <summary>
/// A chemical element with the data GpuBv needs: atomic number, symbol, Pauling electronegativity (NaN where
/// none is defined), principal quantum number n (null where the shipped table has none), and Cordero (2008)
/// covalent radius in Å.
/// </summary>
public sealed record Element(int Z, string Symbol, double Electronegativity, int? PrincipalQuantumNumber, double CovalentRadius)
{
    private static readonly FrozenDictionary<string, Element> BySymbol = Load();

    /// <summary>All 118 elements by symbol (case-sensitive, e.g. "Li").</summary>
    public static IReadOnlyDictionary<string, Element> All => BySymbol;

    /// <summary>Looks an element up by its exact symbol ("Fe"); case is normalised ("FE", "fe" work too).</summary>
    public static bool TryGet(string symbol, out Element element)
    {
        if (BySymbol.TryGetValue(symbol, out element!))
            return true;
        if (symbol.Length is 1 or 2)
        {
            var norm = char.ToUpperInvariant(symbol[0]) + (symbol.Length == 2 ? char.ToLowerInvariant(symbol[1]).ToString() : "");
            return BySymbol.TryGetValue(norm, out element!);
        }
        element = null!;
        return false;
    }

    /// <summary>True when <paramref name="symbol"/> names an element (exact case).</summary>
    public static bool IsSymbol(string symbol) => BySymbol.ContainsKey(symbol);

    /// <summary>The element by symbol; throws <see cref="KeyNotFoundException"/> for an unknown symbol.</summary>
    public static Element Get(string symbol)
        => TryGet(symbol, out var e) ? e : throw new KeyNotFoundException($"unknown element symbol '{symbol}'");

    private static FrozenDictionary<string, Element> Load()
    {
        var x = EmbeddedData.Rows("pauling_electronegativity.csv", ',')
            .ToDictionary(r => r[0], r => double.Parse(r[1], CultureInfo.InvariantCulture));
        var n = EmbeddedData.Rows("principal_quantum_numbers.csv", ',')
            .ToDictionary(r => r[1], r => int.Parse(r[2], CultureInfo.InvariantCulture));
        var list = new List<Element>();
        foreach (var r in EmbeddedData.Rows("covalent_radii_cordero2008.csv", ','))
        {
            string sym = r[1];
            list.Add(new Element(int.Parse(r[0], CultureInfo.InvariantCulture), sym,
                x.TryGetValue(sym, out var xv) ? xv : double.NaN,
                n.TryGetValue(sym, out var nv) ? nv : null,
                double.Parse(r[2], CultureInfo.InvariantCulture)));
        }
        return list.ToFrozenDictionary(e => e.Symbol);
    }
}
