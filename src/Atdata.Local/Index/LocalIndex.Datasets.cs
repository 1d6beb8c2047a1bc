namespace Atdata.Local;

public sealed partial class LocalIndex
{
    /// <summary>
    /// The dataset an entry points at, read through the index's data store where it needs one: <c>s3://</c> URLs
    /// (and the legacy Repo's scheme-less ones) of an <see cref="S3DataStore"/>'s bucket with signed requests; local
    /// paths and <c>http(s)://</c> URLs as they are.
    /// </summary>
    /// <param name="entry">The entry (from <see cref="GetEntryByNameAsync"/>, <see cref="GetEntryAsync"/> or a listing).</param>
    /// <param name="options">How shards are read; null for the defaults.</param>
    /// <param name="sourceOptions">Source options to use instead of the data store's (for URL schemes of a custom store).</param>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    /// <exception cref="ShardSourceException">A URL's scheme is not allowed or no source reads it.</exception>
    public Dataset<T> OpenDataset<T>(LocalDatasetEntry entry, DatasetOptions? options = null, ShardSourceOptions? sourceOptions = null)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(entry);
        var source = ShardSources.FromUrls(entry.DataUrls, sourceOptions ?? StoreSourceOptions());
        return new Dataset<T>(source, string.Join(" ", entry.DataUrls), options);
    }

    /// <summary>The dataset recorded under <paramref name="name"/> (see <see cref="OpenDataset{T}"/>).</summary>
    /// <param name="name">The dataset name.</param>
    /// <param name="options">How shards are read; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <exception cref="DatasetNotFoundException">No entry has the name.</exception>
    /// <exception cref="IndexException">The index failed.</exception>
    public async Task<Dataset<T>> LoadDatasetAsync<T>(string name, DatasetOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
    {
        var entry = await GetEntryByNameAsync(name, cancellationToken).ConfigureAwait(false);
        return OpenDataset<T>(entry, options);
    }

    /// <summary>The source options that let this index's data store read its own URLs, or null when plain URLs do.</summary>
    private ShardSourceOptions? StoreSourceOptions() => DataStore switch
    {
        S3DataStore s3 => s3.ShardSourceOptions(),
        LegacyRepoStore legacy => legacy.ShardSourceOptions(),
        _ => null,
    };
}
