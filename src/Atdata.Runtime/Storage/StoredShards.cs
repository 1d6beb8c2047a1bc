namespace Atdata;

/// <summary>The shards a <see cref="IDataStore"/> wrote: their URLs in order and the SHA-256 (lowercase hex) of each, by URL.</summary>
/// <param name="Urls">The shard URLs in order.</param>
/// <param name="Checksums">The SHA-256 of each whole shard file by URL (Python's <c>metadata["checksums"]</c>); empty when the store computes none.</param>
public sealed record StoredShards(IReadOnlyList<string> Urls, IReadOnlyDictionary<string, string> Checksums);
