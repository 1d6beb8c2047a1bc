namespace Atdata;

/// <summary>
/// Where an index puts a dataset's shards and how it reads them back: S3 (<c>Atdata.Local.S3DataStore</c>), a
/// local directory, or a custom backend. Python atdata's <c>AbstractDataStore</c>.
/// </summary>
public interface IDataStore
{
    /// <summary>Whether <see cref="OpenSource"/> streams shards without staging them on local disk first.</summary>
    public bool SupportsStreaming { get; }

    /// <summary>
    /// Copies every sample of <paramref name="dataset"/>, in order, into new shards named
    /// <c>{prefix}/data--{uuid}--{NNNNNN}.tar</c>, rolling over at <see cref="ShardWriterOptions.MaxCount"/> samples
    /// or <see cref="ShardWriterOptions.MaxSize"/> payload bytes. Nothing is visible under a shard's URL until that
    /// shard is complete; on failure the store removes what it started (or leaves it for its documented cleanup).
    /// </summary>
    /// <param name="dataset">The samples to store.</param>
    /// <param name="prefix">The key prefix (Python's default is the dataset name); no leading or trailing <c>/</c>.</param>
    /// <param name="options">Rollover limits and header settings; null for the webdataset defaults (100000 samples, 3e9 bytes).</param>
    /// <param name="cancellationToken">Cancels the copy; partial uploads are aborted.</param>
    /// <returns>The shard URLs in order and each shard's SHA-256.</returns>
    /// <exception cref="StorageException">The backend failed.</exception>
    public Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>;

    /// <summary>A shard source reading the given URLs (as returned by <see cref="WriteShardsAsync"/>) from this store.</summary>
    /// <exception cref="ShardSourceException">A URL does not belong to this store.</exception>
    public IShardSource OpenSource(IReadOnlyList<string> urls);

    /// <summary>Deletes the given shards; URLs that no longer exist are ignored.</summary>
    /// <exception cref="StorageException">The backend failed.</exception>
    public Task DeleteAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken = default);
}
