using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Atdata.Urls;

namespace Atdata.Local;

/// <summary>
/// Stores dataset shards in an S3-compatible bucket (AWS S3, MinIO, Swift's s3api) under
/// <c>{prefix}/data--{uuid4}--{NNNNNN}.tar</c> and reads them back through <c>s3://</c> URLs, as Python atdata's
/// <c>S3DataStore</c> does. Requests are path-style and signed with SigV4.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="WriteShardsAsync"/> streams each shard straight into a multipart upload (no temporary file) with
/// bounded memory: at most <see cref="S3DataStoreOptions.MaxPartsInFlight"/> parts of
/// <see cref="S3DataStoreOptions.PartSize"/> bytes upload while one more fills. The SHA-256 of each shard is
/// computed while streaming. A shard becomes visible only when its upload completes. On any failure the multipart
/// upload is aborted, and shards of the same call already completed are deleted; whatever cannot be removed then
/// (the server is down) is what <see cref="GcAsync"/> finds later.
/// </para>
/// <para>
/// Idempotent steps (GET, HEAD, PUT of a part or object, list, delete, abort) are retried a bounded number of times
/// with jittered exponential backoff; CompleteMultipartUpload is sent once and, if its answer is lost, checked with a
/// HEAD. Every failure is a <see cref="StorageException"/>; no message contains the secret key.
/// </para>
/// <para>Thread-safe: one store may run several writes and reads at once.</para>
/// </remarks>
public sealed partial class S3DataStore : IInsertOptionsDataStore, IDisposable
{
    private readonly S3Client _client;
    private readonly ConcurrentDictionary<(string Key, string UploadId), byte> _failedAborts = new();

    /// <summary>Creates a store over <paramref name="bucket"/>; nothing is sent until the first call.</summary>
    /// <exception cref="ArgumentException">The bucket name is empty or contains <c>/</c>, or the options are invalid.</exception>
    public S3DataStore(S3Credentials credentials, string bucket, S3DataStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        if (bucket.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A bucket name must not contain '/'.", nameof(bucket));
        }

        Options = options ?? new S3DataStoreOptions();
        Options.Validate(nameof(options));
        Bucket = bucket;
        Endpoint = credentials.EffectiveEndpoint;
        _client = new S3Client(credentials, Options);
    }

    /// <summary>The bucket shards are stored in.</summary>
    public string Bucket { get; }

    /// <summary>The server's base URL.</summary>
    public string Endpoint { get; }

    /// <summary>The store's settings.</summary>
    public S3DataStoreOptions Options { get; }

    /// <summary>Always true: shards are read as streams, never staged on disk.</summary>
    public bool SupportsStreaming => true;

    /// <summary>
    /// Multipart uploads whose abort failed (the server was unreachable), as <c>(key, uploadId)</c>; <see cref="GcAsync"/>
    /// retries them first.
    /// </summary>
    public IReadOnlyCollection<(string Key, string UploadId)> PendingAborts => [.. _failedAborts.Keys];

    /// <summary>Creates the bucket when it does not exist yet.</summary>
    /// <exception cref="StorageException">The server refused or failed.</exception>
    public Task EnsureBucketAsync(CancellationToken cancellationToken = default) => _client.CreateBucketAsync(Bucket, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// Samples are copied as they are stored (key and msgpack bytes), without decoding, shard by shard in order; a
    /// new shard starts before a write once the current one holds <see cref="ShardWriterOptions.MaxCount"/> samples or
    /// <see cref="ShardWriterOptions.MaxSize"/> payload bytes (webdataset's rule), and an empty dataset still gives
    /// one empty shard. With <see cref="S3DataStoreOptions.CacheLocal"/>, shards are written to a temporary directory
    /// first and uploaded afterwards.
    /// </remarks>
    public Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
        => WriteStoreShardsAsync(dataset, prefix, options, Options.CacheLocal, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Uses <see cref="InsertOptions.CacheLocal"/> when set, else <see cref="S3DataStoreOptions.CacheLocal"/>.</remarks>
    Task<StoredShards> IInsertOptionsDataStore.WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options, InsertOptions insertOptions, CancellationToken cancellationToken)
        => WriteStoreShardsAsync(dataset, prefix, options, insertOptions.CacheLocal ?? Options.CacheLocal, cancellationToken);

    private async Task<StoredShards> WriteStoreShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options, bool cacheLocal, CancellationToken cancellationToken)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var done = await WriteNamedAsync(dataset, S3ShardNaming.Store(Bucket, prefix, Guid.NewGuid()), options, cacheLocal, cancellationToken).ConfigureAwait(false);
        var urls = done.Select(s => s.Url!).ToArray();
        var checksums = done.Where(s => s.Sha256 is not null).ToDictionary(s => s.Url!, s => s.Sha256!, StringComparer.Ordinal);
        return new StoredShards(urls, checksums, done);
    }

    /// <summary>
    /// Writes <paramref name="dataset"/> into shards named by <paramref name="naming"/>, streaming or (with
    /// <paramref name="cacheLocal"/>) staged in a temporary directory first. On failure the shards already completed
    /// are deleted (what cannot be is left for <see cref="GcAsync"/>) and the error propagates.
    /// </summary>
    /// <returns>The finished shards, in order, with the URLs <paramref name="naming"/> gives.</returns>
    internal async Task<IReadOnlyList<ShardInfo>> WriteNamedAsync<T>(Dataset<T> dataset, S3ShardNaming naming, ShardWriterOptions? options, bool cacheLocal, CancellationToken cancellationToken)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new ShardWriterOptions();
        var done = new List<ShardInfo>();
        try
        {
            if (cacheLocal)
            {
                await WriteCachedAsync(dataset, naming, options, done, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WriteStreamingAsync(dataset, naming, options, done, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await DeleteKeysQuietlyAsync(Enumerable.Range(0, done.Count).Select(naming.KeyFor)).ConfigureAwait(false);
            throw;
        }

        return done;
    }

    /// <inheritdoc/>
    /// <exception cref="ShardSourceException">A URL is not <c>s3://{Bucket}/…</c>.</exception>
    public IShardSource OpenSource(IReadOnlyList<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return new S3ShardSource(_client, Bucket, urls);
    }

    /// <summary>
    /// Source options that let <see cref="ShardSources.FromUrl"/> and <c>new Dataset&lt;T&gt;("s3://…", options)</c>
    /// read <c>s3://</c> URLs (brace patterns included) of this store's bucket with signed requests.
    /// </summary>
    /// <param name="baseOptions">Options to extend (their other schemes are kept); null for none.</param>
    /// <param name="schemelessUrls">
    /// Also read scheme-less <c>{bucket}/{key}</c> URLs, brace patterns included, as objects of this bucket: the
    /// URLs the legacy <c>Repo</c> records (<c>my-bucket/datasets/atdata--{uuid}--{000000..000003}.tar</c>). Plain
    /// local paths then no longer open as files with these options, so use them only for such entries.
    /// </param>
    public ShardSourceOptions ShardSourceOptions(ShardSourceOptions? baseOptions = null, bool schemelessUrls = false)
    {
        var schemes = new Dictionary<string, Func<string, IShardSource>>(StringComparer.Ordinal);
        if (baseOptions?.Schemes is { } existing)
        {
            foreach (var (scheme, factory) in existing)
            {
                schemes[scheme] = factory;
            }
        }

        schemes["s3"] = pattern => OpenSource(BraceExpansion.Expand(pattern));
        if (schemelessUrls)
        {
            schemes[string.Empty] = pattern => OpenSchemelessSource(BraceExpansion.Expand(pattern));
        }

        return (baseOptions ?? new ShardSourceOptions()) with { Schemes = schemes };
    }

    /// <summary>A source reading legacy Repo's scheme-less <c>{bucket}/{key}</c> URLs (expanded) from this store's bucket.</summary>
    /// <exception cref="ShardSourceException">A URL is not <c>{Bucket}/…</c>.</exception>
    internal IShardSource OpenSchemelessSource(IReadOnlyList<string> urls) => new S3ShardSource(_client, Bucket, urls, schemeless: true);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A URL is not <c>s3://{Bucket}/…</c>.</exception>
    public async Task DeleteAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var keys = urls.Select(u => S3ShardSource.TrySplit(u, out string? b, out string? k) && b == Bucket
            ? k!
            : throw new ArgumentException($"'{ShardUrl.Redact(u)}' is not an s3:// URL in bucket '{Bucket}'.", nameof(urls))).ToArray();
        foreach (string key in keys)
        {
            await _client.DeleteObjectAsync(Bucket, key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Cleans up after failed or interrupted inserts: aborts multipart uploads started longer ago than
    /// <see cref="S3GcOptions.StaleUploadAge"/> (and those whose abort failed earlier), and deletes shard objects
    /// (<c>…/data--{uuid}--{NNNNNN}.tar</c>) older than <see cref="S3GcOptions.OrphanObjectAge"/> that
    /// <paramref name="isReferenced"/> does not claim. Other objects are never touched.
    /// </summary>
    /// <param name="isReferenced">Whether the index references an <c>s3://{bucket}/{key}</c> URL (for example, a set of every entry's <c>data_urls</c>).</param>
    /// <param name="options">Prefix, ages and dry run; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <exception cref="StorageException">Listing or removing failed.</exception>
    public async Task<S3GcReport> GcAsync(Func<string, bool> isReferenced, S3GcOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isReferenced);
        options ??= new S3GcOptions();
        var now = DateTimeOffset.UtcNow;
        var aborted = new List<string>();
        var deleted = new List<string>();
        int referenced = 0;

        foreach (var pending in _failedAborts.Keys)
        {
            if (options.Prefix is null || pending.Key.StartsWith(options.Prefix, StringComparison.Ordinal))
            {
                if (!options.DryRun)
                {
                    await _client.AbortMultipartUploadAsync(Bucket, pending.Key, pending.UploadId, cancellationToken).ConfigureAwait(false);
                    _failedAborts.TryRemove(pending, out _);
                }

                aborted.Add(pending.Key);
            }
        }

        var uploads = new List<(string Key, string UploadId)>();
        await foreach (var u in _client.ListMultipartUploadsAsync(Bucket, options.Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (now - u.Initiated >= options.StaleUploadAge && !_failedAborts.ContainsKey((u.Key, u.UploadId)))
            {
                uploads.Add((u.Key, u.UploadId));
            }
        }

        foreach (var (key, uploadId) in uploads)
        {
            if (!options.DryRun)
            {
                await _client.AbortMultipartUploadAsync(Bucket, key, uploadId, cancellationToken).ConfigureAwait(false);
            }

            aborted.Add(key);
        }

        var orphans = new List<string>();
        await foreach (var o in _client.ListObjectsAsync(Bucket, options.Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!ShardKey().IsMatch(o.Key))
            {
                continue;
            }

            string url = $"s3://{Bucket}/{o.Key}";
            if (isReferenced(url))
            {
                referenced++;
            }
            else if (now - o.LastModified >= options.OrphanObjectAge)
            {
                orphans.Add(o.Key);
            }
        }

        foreach (string key in orphans)
        {
            if (!options.DryRun)
            {
                await _client.DeleteObjectAsync(Bucket, key, cancellationToken).ConfigureAwait(false);
            }

            deleted.Add($"s3://{Bucket}/{key}");
        }

        return new S3GcReport(aborted, deleted, referenced);
    }

    /// <summary>Releases the store's HTTP client (not one given in the options).</summary>
    public void Dispose() => _client.Dispose();

    /// <summary>Lists the multipart uploads open under <paramref name="prefix"/>: <c>(key, uploadId, initiated)</c>.</summary>
    internal IAsyncEnumerable<(string Key, string UploadId, DateTimeOffset Initiated)> ListUploadsAsync(string? prefix, CancellationToken cancellationToken = default)
        => _client.ListMultipartUploadsAsync(Bucket, prefix, cancellationToken);

    internal S3Client Client => _client;

    [GeneratedRegex(@"(^|/)(data|atdata)--[0-9a-f-]{8,36}--[0-9]{6,}\.tar$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardKey();

    private S3UploadStream NewUpload(string key) => new(_client, Bucket, key, Options, (_, k, id) => _failedAborts[(k, id)] = 0);

    private async Task WriteStreamingAsync<T>(Dataset<T> dataset, S3ShardNaming naming, ShardWriterOptions options, List<ShardInfo> done, CancellationToken cancellationToken)
        where T : IPackable<T>
    {
        // Unlike ShardWriter's file patterns, each shard here is its own upload stream, so the rollover rule
        // (webdataset's: before a write, once count ≥ MaxCount or payload ≥ MaxSize) is applied here.
        int shard = 0;
        long count = 0, size = 0;
        var upload = NewUpload(naming.KeyFor(shard));
        var writer = new ShardWriter(upload, naming.UrlFor(shard), options, leaveOpen: true);
        try
        {
            foreach (string url in dataset.ShardList)
            {
                await foreach (var sample in ShardReader.ReadAsync(dataset.Source, url, dataset.Options.ReaderOptions, cancellationToken).ConfigureAwait(false))
                {
                    if (count >= options.MaxCount || size >= options.MaxSize)
                    {
                        done.Add(await FinishAsync(writer, upload, cancellationToken).ConfigureAwait(false));
                        await upload.DisposeAsync().ConfigureAwait(false);
                        shard++;
                        count = size = 0;
                        upload = NewUpload(naming.KeyFor(shard));
                        writer = new ShardWriter(upload, naming.UrlFor(shard), options, leaveOpen: true);
                    }

                    await writer.WriteAsync(sample.Key, sample.Msgpack, cancellationToken).ConfigureAwait(false);
                    count++;
                    size += sample.Msgpack.Length;
                }
            }

            done.Add(await FinishAsync(writer, upload, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            await writer.AbortAsync().ConfigureAwait(false);
            await upload.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<ShardInfo> FinishAsync(ShardWriter writer, S3UploadStream upload, CancellationToken cancellationToken)
    {
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await upload.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return writer.Shards[0];
    }

    private async Task WriteCachedAsync<T>(Dataset<T> dataset, S3ShardNaming naming, ShardWriterOptions options, List<ShardInfo> done, CancellationToken cancellationToken)
        where T : IPackable<T>
    {
        string dir = Path.Combine(Options.CacheDirectory ?? Path.GetTempPath(), "atdata-s3-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        Directory.CreateDirectory(dir);
        try
        {
            // The staging writer must not report its temporary files as finished shards: an index records what
            // ShardCompleted reports for its cleanup. Each shard is reported once uploaded, under its S3 URL.
            var writer = new ShardWriter(Path.Combine(dir, "shard-%06d.tar"), options with { ShardCompleted = null });
            try
            {
                foreach (string url in dataset.ShardList)
                {
                    await foreach (var sample in ShardReader.ReadAsync(dataset.Source, url, dataset.Options.ReaderOptions, cancellationToken).ConfigureAwait(false))
                    {
                        await writer.WriteAsync(sample.Key, sample.Msgpack, cancellationToken).ConfigureAwait(false);
                    }
                }

                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await writer.AbortAsync().ConfigureAwait(false);
            }

            for (int i = 0; i < writer.Shards.Count; i++)
            {
                var local = writer.Shards[i];
                var upload = NewUpload(naming.KeyFor(i));
                await using (upload.ConfigureAwait(false))
                {
                    var file = new FileStream(local.Url!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    await using (file.ConfigureAwait(false))
                    {
                        await file.CopyToAsync(upload, Options.PartSize, cancellationToken).ConfigureAwait(false);
                    }

                    await upload.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }

                var uploaded = local with { Url = naming.UrlFor(i) };
                done.Add(uploaded);
                if (options.ShardCompleted is { } completed)
                {
                    await completed(uploaded, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Deletes objects of a failed write, best effort: what cannot be deleted now is left for <see cref="GcAsync"/>.</summary>
    internal async Task DeleteKeysQuietlyAsync(IEnumerable<string> keys)
    {
        foreach (string key in keys)
        {
            try
            {
                await _client.DeleteObjectAsync(Bucket, key, CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageException)
            {
                // Left for GcAsync: the object is not referenced by any entry.
            }
        }
    }
}
