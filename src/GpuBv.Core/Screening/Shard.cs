using System.Text;

namespace GpuBv.Screening;

/// <summary>
/// A deterministic partition of the inputs into N shards by a 64-bit FNV-1a hash of each structure's output name: a
/// structure's shard depends only on its name, not on file order or on the other inputs.
/// </summary>
/// <param name="Index">This shard, 0 ≤ Index &lt; Count.</param>
/// <param name="Count">Number of shards.</param>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>All inputs in one shard.</summary>
    public static Shard All => new(0, 1);

    /// <summary>True when <paramref name="name"/> belongs to this shard.</summary>
    public bool Contains(string name) => Count <= 1 || (int)(Hash(name) % (ulong)Count) == Index;

    /// <summary>FNV-1a of the UTF-8 bytes.</summary>
    public static ulong Hash(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        return h;
    }

    /// <summary>
    /// Parses <c>I/N</c> (0-based I); when <paramref name="text"/> is null, uses Slurm's job-array variables
    /// (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN over SLURM_ARRAY_TASK_COUNT) when set, else all inputs.
    /// </summary>
    public static Shard Parse(string? text, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (text is null)
        {
            var id = environment("SLURM_ARRAY_TASK_ID");
            var count = environment("SLURM_ARRAY_TASK_COUNT");
            if (id is null || count is null || !int.TryParse(id, out int i) || !int.TryParse(count, out int n) || n < 1)
                return All;
            int min = int.TryParse(environment("SLURM_ARRAY_TASK_MIN"), out int m) ? m : 0;
            return new Shard(i - min, n);
        }
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int idx) || !int.TryParse(parts[1], out int cnt)
            || cnt < 1 || idx < 0 || idx >= cnt)
            throw new InputException(InputParameter.Shard, text, "expected I/N with 0 ≤ I < N, e.g. 0/4");
        return new Shard(idx, cnt);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
