namespace Atdata;

/// <summary>
/// Where an index keeps the shards it records: writes a dataset's shards under a prefix and gives back their
/// URLs and SHA-256 checksums, opens shards for reading, and deletes them again (cleanup after a failed insert).
/// </summary>
/// <remarks>
/// Implementations write every shard completely before returning it (temporary name plus rename on disk, a
/// completed multipart upload on S3), so a URL in <see cref="StoredShards.Urls"/> always names a whole shard.
/// </remarks>
public interface IDataStore
{
    /// <summary>Whether shards are written straight to the backend while the dataset is read (no local copy first).</summary>
    public bool SupportsStreaming { get; }

    /// <summary>Writes every sample of <paramref name="dataset"/> as shards under <paramref name="prefix"/>.</summary>
    /// <param name="dataset">The samples to store.</param>
    /// <param name="prefix">The relative location under the store's root or bucket (for example the dataset name).</param>
    /// <param name="options">Shard limits; null for the defaults (100000 samples or 3e9 payload bytes per shard, as Python's stores).</param>
    /// <param name="cancellationToken">Cancels the write; shards written so far are removed.</param>
    /// <returns>The shard URLs in order, with the SHA-256 of each.</returns>
    public Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>;

    /// <summary>A shard source that reads the given URLs (as returned by <see cref="WriteShardsAsync{T}"/>).</summary>
    public IShardSource OpenSource(IReadOnlyList<string> urls);

    /// <summary>Deletes the shards at <paramref name="urls"/>; URLs that no longer exist are ignored.</summary>
    public Task DeleteAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken = default);
}
