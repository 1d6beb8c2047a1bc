namespace Atdata;

/// <summary>
/// Where a dataset's shards come from: a fixed list of shard URLs and a way to open each one as a forward-only
/// stream. Local files and HTTP(S) are built in (<see cref="ShardSources.FromUrl"/>); S3 and custom storage plug
/// in by implementing this interface.
/// </summary>
public interface IShardSource
{
    /// <summary>The shard URLs, in order (brace patterns already expanded).</summary>
    public IReadOnlyList<string> ListShards();

    /// <summary>
    /// Opens one shard for reading from its start. The caller disposes the stream. The stream need not be
    /// seekable; readers never seek.
    /// </summary>
    /// <param name="shard">A URL from <see cref="ListShards"/>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="ShardSourceException">The shard cannot be opened (missing, refused, unsupported URL).</exception>
    public ValueTask<Stream> OpenShardAsync(string shard, CancellationToken cancellationToken = default);
}
