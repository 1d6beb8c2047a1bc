using System.Security.Cryptography;
using Atdata.Local;
using Atdata.Reliability.Tests.Infrastructure;

namespace Atdata.Reliability.Tests.FaultMatrix;

/// <summary>Checks of a committed entry against its store, shared by the fault-matrix and history tests.</summary>
internal static class EntryChecks
{
    /// <summary>
    /// Reads every shard of <paramref name="entry"/> through <paramref name="store"/> and compares its SHA-256 with
    /// the entry's <c>metadata.checksums</c>; returns one line per shard that is missing a checksum or differs.
    /// A shard that is gone makes the read throw.
    /// </summary>
    public static async Task<List<string>> Sha256MismatchesAsync(LocalDatasetEntry entry, IDataStore store)
    {
        var problems = new List<string>();
        var checksums = entry.Metadata?.GetValueOrDefault("checksums") as IEnumerable<KeyValuePair<string, object?>>;
        var expected = checksums?.ToDictionary(p => p.Key, p => p.Value as string, StringComparer.Ordinal) ?? [];
        var source = store.OpenSource(entry.DataUrls);
        var shards = source.ListShards();
        if (shards.Count != entry.DataUrls.Count)
        {
            problems.Add($"{shards.Count} shards listed for {entry.DataUrls.Count} URLs");
            return problems;
        }

        for (int i = 0; i < shards.Count; i++)
        {
            await using var stream = await source.OpenShardAsync(shards[i]);
            string actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
            Figures.Add("shards_sha256_verified");
            if (!expected.TryGetValue(entry.DataUrls[i], out string? want) || want != actual)
            {
                problems.Add($"{entry.DataUrls[i]}: recorded {want ?? "(none)"}, read {actual}");
            }
        }

        return problems;
    }
}
