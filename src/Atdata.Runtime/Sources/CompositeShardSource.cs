namespace Atdata.Sources;

/// <summary>
/// The shards of several sources, in order, each opened by the source that listed it (a dataset entry whose
/// URLs are separate patterns, possibly of different schemes).
/// </summary>
internal sealed class CompositeShardSource : IShardSource
{
    private readonly string[] _shards;
    private readonly Dictionary<string, IShardSource> _owners;

    /// <exception cref="ShardSourceException">Two sources list the same shard.</exception>
    public CompositeShardSource(IEnumerable<IShardSource> sources)
    {
        var shards = new List<string>();
        _owners = new Dictionary<string, IShardSource>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (string shard in source.ListShards())
            {
                if (!_owners.TryAdd(shard, source))
                {
                    ThrowHelper.ThrowShardSource(ShardSourceError.InvalidUrl, "A shard is listed twice", shard);
                }

                shards.Add(shard);
            }
        }

        _shards = [.. shards];
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListShards() => _shards;

    /// <inheritdoc/>
    public ValueTask<Stream> OpenShardAsync(string shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        if (!_owners.TryGetValue(shard, out var source))
        {
            ThrowHelper.ThrowShardSource(ShardSourceError.InvalidUrl, "The shard is not one of this source's shards", shard);
        }

        return source!.OpenShardAsync(shard, cancellationToken);
    }
}
