namespace Atdata.Local;

public sealed partial class LocalIndex
{
    /// <summary>
    /// The dataset an entry points at, read through the index's data store: <c>s3://</c> URLs (and the legacy Repo's
    /// scheme-less ones) of an <see cref="S3DataStore"/>'s bucket with signed requests, paths under a
    /// <see cref="LocalDiskStore"/>'s root as files.
    /// </summary>
    /// <remarks>
    /// An entry's URLs come from whoever wrote the index, so only the data store's own URLs and those under
    /// <see cref="LocalIndexOptions.AllowedUrlPrefixes"/> are opened; any other URL (a file outside the store, an
    /// internal host, <c>pipe:</c>) raises <see cref="ShardSourceException"/> with
    /// <see cref="ShardSourceError.NotAllowed"/> before anything is read.
    /// </remarks>
    /// <param name="entry">The entry (from <see cref="GetEntryByNameAsync"/>, <see cref="GetEntryAsync"/> or a listing).</param>
    /// <param name="options">How shards are read; null for the defaults.</param>
    /// <param name="sourceOptions">Source options to use instead of the data store's (for URL schemes of a custom store).</param>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    /// <exception cref="ShardSourceException">A URL is outside the store and the allowed prefixes, or no source reads it.</exception>
    public Dataset<T> OpenDataset<T>(LocalDatasetEntry entry, DatasetOptions? options = null, ShardSourceOptions? sourceOptions = null)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(entry);
        IndexUrlPolicy.EnsureAllowed(entry.DataUrls, DataStore, Options.AllowedUrlPrefixes);
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
