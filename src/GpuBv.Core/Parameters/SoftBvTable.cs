using System.Globalization;

namespace GpuBv.Parameters;

/// <summary>
/// The softBV parameter table (shipped copy of <c>bvse.dat</c>, with provenance in <c>Data/softbv/README.md</c>).
/// Disabled rows (starting with <c>#</c>) are skipped. Lookups are by (cation, valence, anion, valence).
/// </summary>
public sealed class SoftBvTable
{
    private readonly Dictionary<(string, int, string, int), SoftBvPair> _pairs;
    private readonly Dictionary<string, SortedSet<int>> _valences;

    private SoftBvTable(IEnumerable<SoftBvPair> pairs)
    {
        _pairs = new();
        _valences = new();
        foreach (var p in pairs)
        {
            _pairs[(p.Cation, p.CationValence, p.Anion, p.AnionValence)] = p;
            Add(p.Cation, p.CationValence);
            Add(p.Anion, p.AnionValence);
        }
        void Add(string el, int v)
        {
            if (!_valences.TryGetValue(el, out var set))
                _valences[el] = set = new SortedSet<int>();
            set.Add(v);
        }
    }

    private static readonly Lazy<SoftBvTable> DefaultTable = new(() =>
    {
        using var r = EmbeddedData.Open("bvse.dat");
        return Parse(r, "bvse.dat");
    });

    /// <summary>The shipped softBV table.</summary>
    public static SoftBvTable Default => DefaultTable.Value;

    /// <summary>Number of (enabled) pairs.</summary>
    public int Count => _pairs.Count;

    /// <summary>All pairs.</summary>
    public IEnumerable<SoftBvPair> Pairs => _pairs.Values;

    /// <summary>
    /// Parses a table in bvse.dat's layout (tab or space separated, header line, <c>#</c> rows disabled).
    /// Throws <see cref="InputException"/> naming the line on a malformed row.
    /// </summary>
    public static SoftBvTable Parse(TextReader reader, string source)
    {
        var list = new List<SoftBvPair>();
        string? line;
        int lineNo = 0;
        while ((line = reader.ReadLine()) != null)
        {
            lineNo++;
            line = line.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var f = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (f[0] == "cation")
                continue;
            if (f.Length < 10)
            {
                throw new InputException(source, $"line {lineNo}",
                    $"expected 10 columns (cation cation_valence anion anion_valence Nc R0 Rcutoff D0 Rmin alpha), found {f.Length}");
            }
            try
            {
                var inv = CultureInfo.InvariantCulture;
                list.Add(new SoftBvPair(f[0], int.Parse(f[1], inv), f[2], int.Parse(f[3], inv),
                    double.Parse(f[4], inv), double.Parse(f[5], inv), double.Parse(f[6], inv),
                    double.Parse(f[7], inv), double.Parse(f[8], inv), double.Parse(f[9], inv)));
            }
            catch (FormatException)
            {
                throw new InputException(source, $"line {lineNo}", "a column is not a number");
            }
        }
        return new SoftBvTable(list);
    }

    /// <summary>This table with the pairs of <paramref name="extra"/> added (extra wins where both have a pair).</summary>
    public SoftBvTable With(SoftBvTable extra) => new(_pairs.Values.Concat(extra._pairs.Values));

    /// <summary>Looks a pair up.</summary>
    public bool TryGet(string cation, int cationValence, string anion, int anionValence, out SoftBvPair pair)
        => _pairs.TryGetValue((cation, cationValence, anion, anionValence), out pair);

    /// <summary>The pair, or an <see cref="InputException"/> that names the missing pair.</summary>
    public SoftBvPair Get(string cation, int cationValence, string anion, int anionValence)
        => TryGet(cation, cationValence, anion, anionValence, out var p)
            ? p
            : throw new InputException("softBV table", "",
                $"no softBV parameters for the pair {PairName(cation, cationValence, anion, anionValence)} "
                + $"(supply them with {InputException.Ref(InputParameter.ParametersFile)} in bvse.dat's layout)");

    /// <summary>A pair written as chemists do, e.g. <c>B3+–H1-</c>, <c>Li1+–O2-</c>.</summary>
    public static string PairName(string cation, int cationValence, string anion, int anionValence)
        => $"{cation}{Math.Abs(cationValence)}{Sign(cationValence)}–{anion}{Math.Abs(anionValence)}{Sign(anionValence)}";

    private static string Sign(int valence) => valence >= 0 ? "+" : "-";

    /// <summary>The valences the table knows for an element (positive as cation, negative as anion); empty if none.</summary>
    public IReadOnlyCollection<int> ValencesOf(string element)
        => _valences.TryGetValue(element, out var s) ? s : (IReadOnlyCollection<int>)Array.Empty<int>();
}
