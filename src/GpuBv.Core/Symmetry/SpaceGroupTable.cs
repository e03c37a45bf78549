using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace GpuBv.Symmetry;

/// <summary>
/// The 530 space-group settings of spglib's Hall-symbol database (embedded resource
/// <c>GpuBv.Data.spacegroups.tsv</c>, see Data/spacegroups/PROVENANCE.md), with look-ups by number, by
/// Hermann–Mauguin symbol as written in real-world CIFs, by Hall symbol and by operator set.
/// </summary>
/// <remarks>
/// The table is read once, on first use, and indexed by normalised symbol; later look-ups are dictionary hits
/// (results for each distinct input text are also cached), so they cost next to nothing per structure.
/// All members are thread-safe.
/// </remarks>
public static class SpaceGroupTable
{
    /// <summary>Name of the embedded resource holding the table.</summary>
    public const string ResourceName = "GpuBv.Data.spacegroups.tsv";

    private const int CacheLimit = 8192;
    private static readonly Lazy<TableData> Data = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<string, IReadOnlyList<SpaceGroupSetting>> HmCache = new(StringComparer.Ordinal);

    /// <summary>All 530 settings, in spglib's Hall-number order (index = Hall number − 1).</summary>
    public static IReadOnlyList<SpaceGroupSetting> All => Data.Value.All;

    /// <summary>
    /// The usual setting of space group <paramref name="number"/>: spglib's first setting for it, except that
    /// origin choice 2 is preferred where there are two origins and hexagonal axes for R groups (which is
    /// spglib's first setting there anyway).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is not in 1–230.</exception>
    public static SpaceGroupSetting DefaultForNumber(int number)
    {
        if (number is < 1 or > 230)
            throw new ArgumentOutOfRangeException(nameof(number), number, "space-group numbers run from 1 to 230");
        return Data.Value.Defaults[number];
    }

    /// <summary>All settings of space group <paramref name="number"/> with the default first, then in Hall-number
    /// order; empty when the number is not in 1–230.</summary>
    public static IReadOnlyList<SpaceGroupSetting> FindByNumber(int number) =>
        number is >= 1 and <= 230 ? Data.Value.ByNumber[number] : [];

    /// <summary>The setting with spglib's Hall number <paramref name="hallNumber"/> (1–530), or null.</summary>
    public static SpaceGroupSetting? FindByHallNumber(int hallNumber) =>
        hallNumber is >= 1 and <= 530 ? Data.Value.All[hallNumber - 1] : null;

    /// <summary>
    /// All settings a Hermann–Mauguin symbol can mean, best first; empty when the symbol is unknown.
    /// </summary>
    /// <remarks>
    /// Accepts the spellings found in ICSD, COD and Materials Project CIFs: with or without spaces
    /// (<c>Pnma</c>, <c>P n m a</c>, <c>P 1 21/n 1</c>), any case, screws as <c>21</c>, <c>2_1</c> or <c>2(1)</c>,
    /// short and full symbols, non-standard monoclinic and orthorhombic settings (<c>P 1 1 21/b</c>, <c>P b n m</c>,
    /// <c>I 1 2/a 1</c>), the older symbols without 'e' (<c>Cmca</c>, <c>Abm2</c>) and old cubic symbols without the bar
    /// (<c>Fd3m</c>, <c>Pm3</c>). A suffix selects the origin or axes: <c>:1</c> or ICSD's <c>S</c> for origin choice 1,
    /// <c>:2</c> or <c>Z</c> for origin choice 2, <c>:H</c>/<c>H</c> and <c>:R</c>/<c>R</c> for hexagonal or rhombohedral
    /// axes, or any spglib choice code after a colon (<c>:b1</c>, <c>:ba-c</c>). With a suffix only matching settings
    /// are returned (an origin suffix on a group that has one origin, or H/R on a group that is not rhombohedral,
    /// is ignored). Without one, origin choice 2 comes before origin choice 1 and hexagonal before rhombohedral axes.
    /// </remarks>
    public static IReadOnlyList<SpaceGroupSetting> FindByHermannMauguin(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (HmCache.TryGetValue(symbol, out var hit))
            return hit;
        var result = LookUpHermannMauguin(symbol);
        if (HmCache.Count < CacheLimit)
            HmCache.TryAdd(symbol, result);
        return result;
    }

    /// <summary>
    /// The table setting whose Hall symbol is <paramref name="hall"/> (compared after normalising spacing and case,
    /// see <see cref="HallSymbol.Normalize"/>), or null when the table has no such symbol or it is malformed;
    /// callers can then use <see cref="HallSymbol.Expand"/> directly.
    /// </summary>
    public static SpaceGroupSetting? FindByHall(string hall)
    {
        ArgumentNullException.ThrowIfNull(hall);
        string key;
        try
        {
            key = HallSymbol.Normalize(hall);
        }
        catch (FormatException)
        {
            return null;
        }
        return Data.Value.ByHall.GetValueOrDefault(key);
    }

    /// <summary>
    /// The first table setting (in Hall-number order) whose operator set equals <paramref name="operators"/>
    /// (as sets, translations modulo lattice vectors; centring translations must be included), or null.
    /// The first call expands all 530 settings (a few tens of milliseconds).
    /// </summary>
    public static SpaceGroupSetting? FindByOperators(IEnumerable<SymOp> operators)
    {
        ArgumentNullException.ThrowIfNull(operators);
        var set = new HashSet<SymOp>(operators);
        foreach (var s in Data.Value.All)
        {
            var ops = s.Operators;
            if (ops.Count == set.Count && set.SetEquals(ops))
                return s;
        }
        return null;
    }

    /// <summary>
    /// The look-up key of a Hermann–Mauguin symbol without its origin/axes suffix: lower case, no spaces, no
    /// underscores or parentheses (<c>P 2_1/c</c> → <c>p21/c</c>), bars restored in old cubic symbols
    /// (<c>Fd3m</c> → <c>fd-3m</c>).
    /// </summary>
    internal static string CompactKey(ReadOnlySpan<char> symbol)
    {
        var sb = new StringBuilder(symbol.Length);
        foreach (char ch in symbol)
        {
            char c = ch;
            if (c is >= '\u2080' and <= '\u2089')
                c = (char)('0' + (c - '\u2080')); // subscript digits
            else if (c is '\u2212' or '\u2013')
                c = '-'; // minus sign, en dash
            if (c == '\u0305') // combining overline: 4̅ → -4
            {
                if (sb.Length > 0 && char.IsDigit(sb[^1]))
                    sb.Insert(sb.Length - 1, '-');
                continue;
            }
            if (char.IsWhiteSpace(c) || c is '_' or '(' or ')' or '{' or '}' or '\'' or '"')
                continue;
            sb.Append(char.ToLowerInvariant(c));
        }
        // Old cubic symbols wrote the 3 without its bar after a glide or mirror (Pm3m, Fd3m, Ia3d, Pn3).
        for (int i = 1; i < sb.Length; i++)
            if (sb[i] == '3' && sb[i - 1] is 'm' or 'n' or 'a' or 'd')
                sb.Insert(i, '-');
        return sb.ToString();
    }

    /// <summary>Splits an origin/axes suffix (<c>:2</c>, <c> Z</c>, <c>H</c>, …) off a Hermann–Mauguin symbol.</summary>
    internal static (string Body, string? Suffix) SplitSuffix(string symbol)
    {
        string s = symbol.Trim();
        if (s.Length >= 2 && ((s[0] == '\'' && s[^1] == '\'') || (s[0] == '"' && s[^1] == '"')))
            s = s[1..^1].Trim();
        int colon = s.IndexOf(':');
        if (colon >= 0)
            return (s[..colon], s[(colon + 1)..].Trim());
        // ICSD appends S/Z (origin 1/2) and H/R (axes); no H-M symbol letter after the lattice letter is h, r, s or z.
        if (s.Length > 1 && char.ToLowerInvariant(s[^1]) is 'h' or 'r' or 's' or 'z')
            return (s[..^1], s[^1..]);
        return (s, null);
    }

    private static IReadOnlyList<SpaceGroupSetting> LookUpHermannMauguin(string symbol)
    {
        var (body, suffix) = SplitSuffix(symbol);
        string key = CompactKey(body);
        if (key.Length == 0 || !Data.Value.ByHm.TryGetValue(key, out var list))
            return [];
        if (string.IsNullOrEmpty(suffix))
            return list;

        string sfx = suffix.ToLowerInvariant();
        Func<SpaceGroupSetting, bool> match;
        bool applies;
        switch (sfx)
        {
            case "1" or "s":
                match = x => x.OriginChoice == 1;
                applies = list.Any(x => x.OriginChoice is not null);
                break;
            case "2" or "z":
                match = x => x.OriginChoice == 2;
                applies = list.Any(x => x.OriginChoice is not null);
                break;
            case "h":
                match = x => x.Choice == "H";
                applies = list.Any(x => x.Choice is "H" or "R");
                break;
            case "r":
                match = x => x.Choice == "R";
                applies = list.Any(x => x.Choice is "H" or "R");
                break;
            default:
                match = x => string.Equals(x.Choice, suffix, StringComparison.OrdinalIgnoreCase);
                applies = true;
                break;
        }
        if (!applies)
            return list;
        return Array.AsReadOnly(list.Where(match).ToArray());
    }

    // ------------------------------------------------------------------ loading

    private sealed class TableData
    {
        public required ReadOnlyCollection<SpaceGroupSetting> All;
        public required SpaceGroupSetting[] Defaults;                       // index = number
        public required IReadOnlyList<SpaceGroupSetting>[] ByNumber;        // index = number
        public required Dictionary<string, IReadOnlyList<SpaceGroupSetting>> ByHm;
        public required Dictionary<string, SpaceGroupSetting> ByHall;
    }

    /// <summary>Older symbols (International Tables A, before 'e' glides) for the six settings of groups 39, 41, 64, 67, 68,
    /// keyed by number and spglib's choice code without the origin digit.</summary>
    private static readonly Dictionary<(int Number, string Choice), string> OldSymbols = BuildOldSymbols();

    private static Dictionary<(int, string), string> BuildOldSymbols()
    {
        string[] choices = ["", "ba-c", "cab", "-cba", "bca", "a-cb"];
        var table = new (int, string[])[]
        {
            (39, ["Abm2", "Bma2", "B2cm", "C2mb", "Cm2a", "Ac2m"]),
            (41, ["Aba2", "Bba2", "B2cb", "C2cb", "Cc2a", "Ac2a"]),
            (64, ["Cmca", "Ccmb", "Abma", "Acam", "Bbcm", "Bmab"]),
            (67, ["Cmma", "Cmmb", "Abmm", "Acmm", "Bmcm", "Bmam"]),
            (68, ["Ccca", "Cccb", "Abaa", "Acaa", "Bbcb", "Bbab"]),
        };
        var d = new Dictionary<(int, string), string>();
        foreach (var (n, names) in table)
            for (int i = 0; i < 6; i++)
                d[(n, choices[i])] = names[i];
        return d;
    }

    private static TableData Load()
    {
        var asm = typeof(SpaceGroupTable).Assembly;
        using var stream = asm.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource '{ResourceName}' is missing from {asm.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);

        var all = new List<SpaceGroupSetting>(530);
        string? line;
        int lineNo = 0;
        bool header = false;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (!header)
            {
                header = true;
                if (line.StartsWith("hall_number", StringComparison.Ordinal))
                    continue;
            }
            var f = line.Split('\t');
            if (f.Length != 7
                || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out int hallNumber)
                || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int number)
                || number is < 1 or > 230 || hallNumber != all.Count + 1)
                throw new InvalidDataException($"{ResourceName}: line {lineNo}: malformed row '{line}'");
            all.Add(new SpaceGroupSetting(hallNumber, number, f[2], f[3], f[4], f[5], f[6]));
        }
        if (all.Count != 530)
            throw new InvalidDataException($"{ResourceName}: expected 530 settings, found {all.Count}");

        var defaults = new SpaceGroupSetting[231];
        var byNumber = new IReadOnlyList<SpaceGroupSetting>[231];
        foreach (var g in all.GroupBy(s => s.Number))
        {
            var settings = g.ToList();
            var def = settings[0].OriginChoice == 1 ? settings.First(s => s.OriginChoice == 2) : settings[0];
            defaults[g.Key] = def;
            byNumber[g.Key] = Array.AsReadOnly(settings.OrderBy(s => s == def ? 0 : 1).ThenBy(s => s.HallNumber).ToArray());
        }
        for (int n = 1; n <= 230; n++)
            if (defaults[n] is null)
                throw new InvalidDataException($"{ResourceName}: space group {n} has no setting");

        var hm = new Dictionary<string, List<SpaceGroupSetting>>(StringComparer.Ordinal);
        void Add(string symbol, SpaceGroupSetting s)
        {
            string key = CompactKey(symbol);
            if (key.Length == 0)
                return;
            if (!hm.TryGetValue(key, out var list))
                hm[key] = list = [];
            if (!list.Contains(s))
                list.Add(s);
        }
        foreach (var s in all)
        {
            Add(s.HermannMauguinSetting, s);
            Add(s.HermannMauguinFull, s);
            Add(CompleteFull(s.HermannMauguinFull), s);
            // spglib's short monoclinic symbol is the standard one for every setting; use this setting's own instead.
            Add(s.Number is >= 3 and <= 15 ? MonoclinicShort(s.HermannMauguinSetting) : s.HermannMauguinShort, s);
            string axes = s.OriginChoice is null ? s.Choice : s.Choice[1..];
            if (OldSymbols.TryGetValue((s.Number, axes), out var old))
            {
                Add(old, s);
                Add(ReplaceE(s.HermannMauguinFull, old), s);
            }
        }
        var byHm = new Dictionary<string, IReadOnlyList<SpaceGroupSetting>>(hm.Count, StringComparer.Ordinal);
        foreach (var (key, list) in hm)
            byHm[key] = Array.AsReadOnly(list.OrderBy(s => s.OriginChoice == 1 ? 1 : 0).ThenBy(s => s.HallNumber).ToArray());

        var byHall = new Dictionary<string, SpaceGroupSetting>(StringComparer.Ordinal);
        foreach (var s in all)
            byHall.TryAdd(HallSymbol.Normalize(s.Hall), s);

        return new TableData
        {
            All = all.AsReadOnly(),
            Defaults = defaults,
            ByNumber = byNumber,
            ByHm = byHm,
            ByHall = byHall,
        };
    }

    /// <summary><c>P 1 2_1/c 1</c> → <c>P 2_1/c</c>, <c>B 1 1 2</c> → <c>B 2</c>.</summary>
    private static string MonoclinicShort(string setting)
    {
        var t = setting.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (t.Length != 4)
            return setting;
        var rest = t.Skip(1).Where(x => x != "1").ToList();
        return rest.Count == 1 ? $"{t[0]} {rest[0]}" : setting;
    }

    /// <summary>spglib abbreviates a few full symbols (<c>P 4/n 2_1/m m</c> for 127–130); International Tables write
    /// <c>P 4/n 2_1/m 2/m</c>. Prefixes <c>2/</c> to bare glide/mirror letters when other positions have one.</summary>
    private static string CompleteFull(string full)
    {
        var t = full.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (t.Length < 3 || !t.Skip(1).Any(x => x.Contains('/')))
            return full;
        for (int i = 1; i < t.Length; i++)
            if (t[i].Length == 1 && char.IsLetter(t[i][0]))
                t[i] = "2/" + t[i];
        return string.Join(' ', t);
    }

    /// <summary>Writes the old glide letters of <paramref name="old"/> (e.g. <c>Cmca</c>) into a full symbol with 'e'
    /// (<c>C 2/m 2/c 2_1/e</c> → <c>C 2/m 2/c 2_1/a</c>).</summary>
    private static string ReplaceE(string full, string old)
    {
        var t = full.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (t.Length != 4 || old.Length != 4)
            return full;
        for (int i = 1; i <= 3; i++)
            if (t[i].EndsWith('e'))
                t[i] = t[i][..^1] + old[i];
        return string.Join(' ', t);
    }
}
