using System.Text.RegularExpressions;
using Atdata.Urls;

namespace Atdata.Local;

/// <summary>
/// The <see cref="IDataStore"/> behind the legacy <c>Repo</c>: writes through an <see cref="S3DataStore"/>'s
/// client with the seed-era names (<c>{path}/atdata--{uuid4}--NNNNNN.tar</c>), returns the ONE scheme-less URL the
/// seed-era Repo recorded (<c>{bucket}/{path}/atdata--{uuid}--000000.tar</c>, or the brace range
/// <c>…--{000000..00000K}.tar</c>), and writes the metadata sidecar
/// <c>{path}/metadata/atdata-metadata--{uuid4}.msgpack</c> when the insert has metadata (interop §2.4, §7).
/// Running under <see cref="LocalIndex.InsertDatasetAsync{T}"/> keeps the insert protocol: no entry before the
/// shards are complete, and the index's cleanup and <see cref="LocalIndex.GcAsync"/> delete through
/// <see cref="DeleteAsync"/>, which takes the brace URL or single scheme-less shard URLs.
/// </summary>
internal sealed partial class LegacyRepoStore : IInsertOptionsDataStore
{
    private readonly S3DataStore _store;

    public LegacyRepoStore(S3DataStore store) => _store = store;

    /// <summary>The uuid4 of each insert (tests substitute a fixed one to reproduce the interop vector).</summary>
    internal Func<Guid> NewUuid { get; set; } = Guid.NewGuid;

    public bool SupportsStreaming => true;

    /// <summary>The bucket the shards go to (the first component of the hive path).</summary>
    internal string Bucket => _store.Bucket;

    public Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
        => WriteShardsAsync(dataset, prefix, options, new InsertOptions(), cancellationToken);

    public async Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options, InsertOptions insertOptions, CancellationToken cancellationToken)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(insertOptions);
        prefix = S3ShardSource.NormalizeKey(prefix);
        Guid uuid = NewUuid();
        var naming = S3ShardNaming.LegacyRepo(_store.Bucket, prefix, uuid);
        var shards = await _store.WriteNamedAsync(dataset, naming, options, insertOptions.CacheLocal ?? _store.Options.CacheLocal, cancellationToken).ConfigureAwait(false);
        if (insertOptions.Metadata is { } metadata)
        {
            try
            {
                byte[] packed = new DynamicSample(metadata).Pack();
                await _store.Client.PutObjectAsync(_store.Bucket, SidecarKey(prefix, uuid), packed, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await _store.DeleteKeysQuietlyAsync(Enumerable.Range(0, shards.Count).Select(naming.KeyFor)).ConfigureAwait(false);
                throw;
            }
        }

        // Seed-era Repo: one URL, the shard itself when there is one, else a brace range over the numbers.
        string url = shards.Count == 1
            ? naming.UrlFor(0)
            : $"{_store.Bucket}/{naming.BaseKey}{{{S3ShardNaming.Number(0)}..{S3ShardNaming.Number(shards.Count - 1)}}}.tar";
        return new StoredShards([url], new Dictionary<string, string>(StringComparer.Ordinal), shards);
    }

    /// <inheritdoc/>
    /// <exception cref="ShardSourceException">A URL is not <c>{bucket}/…</c> in the store's bucket.</exception>
    public IShardSource OpenSource(IReadOnlyList<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return _store.OpenSchemelessSource(urls.SelectMany(BraceExpansion.Expand).ToArray());
    }

    /// <summary>
    /// Deletes the shards (brace URLs are expanded; scheme-less <c>{bucket}/{key}</c> and <c>s3://{bucket}/{key}</c>
    /// forms are both taken) and the metadata sidecar of every insert they belong to. Missing objects are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">A URL is not in the store's bucket.</exception>
    /// <exception cref="StorageException">The server failed.</exception>
    public async Task DeleteAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var keys = new List<string>();
        var sidecars = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string url in urls.SelectMany(BraceExpansion.Expand))
        {
            if (!((S3ShardSource.TrySplitSchemeless(url, out string? bucket, out string? key) || S3ShardSource.TrySplit(url, out bucket, out key))
                && string.Equals(bucket, _store.Bucket, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"'{ShardUrl.Redact(url)}' is not a shard URL in bucket '{_store.Bucket}'.", nameof(urls));
            }

            keys.Add(key!);
            var match = LegacyShardKey().Match(key!);
            if (match.Success)
            {
                sidecars.Add(SidecarKey(match.Groups["path"].Value.TrimEnd('/'), Guid.Parse(match.Groups["uuid"].Value)));
            }
        }

        foreach (string key in keys.Concat(sidecars))
        {
            await _store.Client.DeleteObjectAsync(_store.Bucket, key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Source options reading this store's scheme-less URLs (and <c>s3://</c> ones of its bucket) with signed requests.</summary>
    internal ShardSourceOptions ShardSourceOptions() => _store.ShardSourceOptions(null, schemelessUrls: true);

    /// <summary>The sidecar key: <c>{path}/metadata/atdata-metadata--{uuid4}.msgpack</c>.</summary>
    internal static string SidecarKey(string path, Guid uuid)
        => S3ShardSource.NormalizeKey($"{path}/metadata/atdata-metadata--{uuid:D}.msgpack");

    [GeneratedRegex(@"^(?<path>(.*/)?)atdata--(?<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})--[0-9]{6,}\.tar$", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyShardKey();
}
