namespace Atdata.Reliability.Tests.Properties;

/// <summary>
/// How many mutated inputs a run tries. The default (110,000 in total) fits about a minute on two cores;
/// ATDATA_FUZZ_ITERATIONS sets the total for longer opt-in runs, split in the same proportions.
/// </summary>
internal static class FuzzBudget
{
    public const long DefaultTotal = 110_000;

    public static long Total { get; } = long.TryParse(Environment.GetEnvironmentVariable("ATDATA_FUZZ_ITERATIONS"), out long n) && n > 0 ? n : DefaultTotal;

    /// <summary>Shards: half of the budget (the largest inputs, the most code).</summary>
    public static long Shards => Total * 50 / 110;

    /// <summary>Msgpack samples.</summary>
    public static long Samples => Total * 40 / 110;

    /// <summary>Array payloads.</summary>
    public static long Arrays => Total - Shards - Samples;

    /// <summary>An explicit CsCheck seed to replay a reported failure (ATDATA_FUZZ_SEED), else null for a fresh one.</summary>
    public static string? Seed => Environment.GetEnvironmentVariable("ATDATA_FUZZ_SEED") is { Length: > 0 } s ? s : null;
}
