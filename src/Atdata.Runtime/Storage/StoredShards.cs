namespace Atdata;

/// <summary>What <see cref="IDataStore.WriteShardsAsync"/> wrote.</summary>
/// <param name="Urls">The shard URLs, in order (for S3, <c>s3://{bucket}/{key}</c>): the entry's <c>data_urls</c>.</param>
/// <param name="Checksums">The SHA-256 of each whole shard, lowercase hex, by URL: the entry's <c>metadata["checksums"]</c>.</param>
/// <param name="Shards">Each shard's URL, checksum, sample count, payload bytes and length, in order.</param>
public sealed record StoredShards(IReadOnlyList<string> Urls, IReadOnlyDictionary<string, string> Checksums, IReadOnlyList<ShardInfo> Shards);
