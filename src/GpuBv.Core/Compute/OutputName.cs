using System.Reflection;
using System.Text.Json.Serialization;

namespace GpuBv.Compute;

/// <summary>
/// How an enum value of a result is spelled in every output (CSV, JSON, Parquet, text): its
/// <see cref="JsonStringEnumMemberNameAttribute"/>, so that one attribute fixes the spelling everywhere.
/// </summary>
public static class OutputName
{
    /// <summary>The output spelling of <paramref name="value"/> (its member name when it has no attribute).</summary>
    /// <typeparam name="T">The enum type.</typeparam>
    /// <param name="value">The value.</param>
    public static string Of<T>(T value)
        where T : struct, Enum => Names<T>.Map.TryGetValue(value, out var name) ? name : value.ToString();

    /// <summary>The value spelled <paramref name="name"/>, or null.</summary>
    /// <typeparam name="T">The enum type.</typeparam>
    /// <param name="name">The output spelling.</param>
    public static T? Parse<T>(string name)
        where T : struct, Enum
    {
        foreach (var (value, spelling) in Names<T>.Map)
        {
            if (spelling == name)
            {
                return value;
            }
        }
        return null;
    }

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Map = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => (T)f.GetValue(null)!, f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);
    }
}
