using StackExchange.Redis;

namespace Atdata.Local;

public sealed partial class LocalIndex
{
    /// <summary>
    /// Writes <paramref name="dataset"/>'s shards through <see cref="DataStore"/>, then records the entry (with
    /// <c>metadata.checksums</c> from the store) under <paramref name="name"/> in one atomic step.
    /// </summary>
    /// <param name="dataset">The samples to store.</param>
    /// <param name="name">The dataset name (see <see cref="ValidateName"/>).</param>
    /// <param name="prefix">Where the store puts the shards; null for the name.</param>
    /// <param name="options">Overwrite, schema reference and schema, metadata, shard limits.</param>
    /// <param name="cancellationToken">Cancels the upload (its shards are removed) or stops waiting for the index.</param>
    /// <remarks>
    /// <para>Protocol:</para>
    /// <list type="number">
    /// <item>One round trip checks the name (this SDK's name hash and Python's label) and registers a pending
    /// insert (<c>atdata:pending</c>); a taken name fails here, before anything is uploaded.</item>
    /// <item>The store writes the shards; each finished shard's URL is appended to the pending record (through
    /// <see cref="ShardWriterOptions.ShardCompleted"/>), so a crashed process leaves shards <see cref="GcAsync"/> finds.</item>
    /// <item>One Lua script checks the name again and writes the entry hash, the name mapping, the CID set, the
    /// label and (if absent) the schema, and clears the pending record. No entry is visible before this step.</item>
    /// </list>
    /// <para>
    /// If the upload fails, the store removes its shards and the error propagates. If the index step fails, the
    /// shards are deleted and <see cref="IndexException"/> is thrown (listing in
    /// <see cref="IndexException.OrphanedUrls"/> any that could not be deleted; <see cref="GcAsync"/> removes
    /// them later). A name taken meanwhile by a concurrent insert gives <see cref="DatasetExistsException"/>
    /// after the loser's shards are deleted. A timed-out index step is read back before reporting failure.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The index has no data store.</exception>
    /// <exception cref="DatasetExistsException">Another entry has the name and <see cref="InsertOptions.Overwrite"/> is off.</exception>
    /// <exception cref="IndexException">Redis failed or timed out.</exception>
    public async Task<LocalDatasetEntry> InsertDatasetAsync<T>(Dataset<T> dataset, string name, string? prefix = null, InsertOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ValidateName(name, nameof(name));
        var store = DataStore ?? throw new InvalidOperationException("This LocalIndex has no data store; create it with one to insert datasets.");
        options ??= new InsertOptions();
        prefix ??= name;
        string schemaRef = options.SchemaRef ?? DefaultSchemaRef<T>();
        string insertId = Guid.NewGuid().ToString("N");

        // 1. Check the name and register the pending insert in one round trip.
        long now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var (ours, label) = await RunAsync("insert", async db =>
        {
            var batch = db.CreateBatch();
            var a = batch.HashGetAsync(RedisKeys.Names, name);
            var b = batch.HashGetAsync(RedisKeys.Label(name), "cid");
            var c = batch.SortedSetAddAsync(RedisKeys.Pending, insertId, now);
            batch.Execute();
            await c.ConfigureAwait(false);
            return ((string?)await a.ConfigureAwait(false), (string?)await b.ConfigureAwait(false));
        }, cancellationToken).ConfigureAwait(false);
        if (!options.Overwrite && (ours ?? label) is { Length: > 0 } taken)
        {
            await ForgetPendingAsync(insertId).ConfigureAwait(false);
            throw ThrowHelper.DatasetExists(name, taken);
        }

        // 2. Upload.
        var db = await DatabaseAsync("insert", cancellationToken).ConfigureAwait(false);
        var writerOptions = new ShardWriterOptions
        {
            MaxCount = options.MaxCount ?? 100_000,
            MaxSize = options.MaxSize ?? 3_000_000_000,
            ShardCompleted = async (shard, ct) =>
            {
                if (shard.Url is { } url)
                {
                    await db.ListRightPushAsync(RedisKeys.PendingUrls(insertId), url).WaitAsync(ct).ConfigureAwait(false);
                }
            },
        };
        StoredShards stored;
        try
        {
            stored = await store.WriteShardsAsync(dataset, prefix, writerOptions, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ForgetPendingAsync(insertId).ConfigureAwait(false);
            throw;
        }

        // 3. Index, atomically.
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (options.Metadata is not null)
        {
            foreach (var (key, value) in options.Metadata)
            {
                metadata[key] = value;
            }
        }

        if (stored.Checksums.Count > 0)
        {
            metadata["checksums"] = stored.Urls.Where(stored.Checksums.ContainsKey)
                .Select(u => new KeyValuePair<string, object?>(u, stored.Checksums[u])).ToDictionary(StringComparer.Ordinal);
        }

        var entry = new LocalDatasetEntry(name, schemaRef, stored.Urls, metadata.Count > 0 || options.Metadata is not null ? metadata : null);
        try
        {
            return await WriteEntryAsync(entry, options, insertId, "insert", cancellationToken).ConfigureAwait(false);
        }
        catch (DatasetExistsException)
        {
            await DiscardAsync(store, stored.Urls, insertId).ConfigureAwait(false);
            throw;
        }
        catch (IndexException e)
        {
            if (e.InnerException is RedisTimeoutException && await WasWrittenAsync(entry).ConfigureAwait(false))
            {
                return entry;
            }

            var orphaned = await DiscardAsync(store, stored.Urls, insertId).ConfigureAwait(false);
            throw ThrowHelper.Index("insert",
                orphaned.Count == 0
                    ? $"The index write for '{name}' failed after its {stored.Urls.Count} shards were written; the shards were deleted."
                    : $"The index write for '{name}' failed after its shards were written; {orphaned.Count} could not be deleted (run GcAsync later).",
                e.InnerException ?? e, orphaned);
        }
    }

    /// <summary>Reads back an entry whose write timed out with an unknown outcome (reliability F6).</summary>
    private async Task<bool> WasWrittenAsync(LocalDatasetEntry entry)
    {
        try
        {
            var db = await DatabaseAsync("insert", CancellationToken.None).ConfigureAwait(false);
            var mapped = await db.HashGetAsync(RedisKeys.Names, entry.Name).ConfigureAwait(false);
            return mapped == entry.Cid;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or IndexException)
        {
            return false;
        }
    }

    /// <summary>Deletes a failed insert's shards; returns the URLs that could not be deleted (then the pending record is kept for GC).</summary>
    private async Task<IReadOnlyList<string>> DiscardAsync(IDataStore store, IReadOnlyList<string> urls, string insertId)
    {
        try
        {
            await store.DeleteAsync(urls, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Cleanup must not hide the original failure; what remains is reported and left for GC.
        catch (Exception)
#pragma warning restore CA1031
        {
            return urls;
        }

        await ForgetPendingAsync(insertId).ConfigureAwait(false);
        return [];
    }

    /// <summary>Removes a pending insert record, best effort (GC removes it later otherwise).</summary>
    private async Task ForgetPendingAsync(string insertId)
    {
        try
        {
            var db = await DatabaseAsync("insert", CancellationToken.None).ConfigureAwait(false);
            var batch = db.CreateBatch();
            var a = batch.SortedSetRemoveAsync(RedisKeys.Pending, insertId);
            var b = batch.KeyDeleteAsync(RedisKeys.PendingUrls(insertId));
            batch.Execute();
            await Task.WhenAll(a, b).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or IndexException)
        {
            // Left for GcAsync.
        }
    }

    /// <summary>
    /// Removes what abandoned inserts left: for every pending insert older than
    /// <see cref="LocalIndexOptions.PendingInsertTimeout"/> (or <paramref name="olderThan"/>), deletes the shards
    /// it recorded through <see cref="DataStore"/> and drops the record. Returns the URLs deleted.
    /// </summary>
    /// <exception cref="InvalidOperationException">The index has no data store.</exception>
    /// <exception cref="IndexException">Redis failed.</exception>
    public async Task<IReadOnlyList<string>> GcAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        var store = DataStore ?? throw new InvalidOperationException("This LocalIndex has no data store to delete shards from.");
        long cutoff = _options.TimeProvider.GetUtcNow().Subtract(olderThan ?? _options.PendingInsertTimeout).ToUnixTimeMilliseconds();
        var ids = await RunAsync("gc", db => db.SortedSetRangeByScoreAsync(RedisKeys.Pending, double.NegativeInfinity, cutoff), cancellationToken).ConfigureAwait(false);
        var deleted = new List<string>();
        foreach (var id in ids)
        {
            string insertId = (string)id!;
            var urls = await RunAsync("gc", db => db.ListRangeAsync(RedisKeys.PendingUrls(insertId)), cancellationToken).ConfigureAwait(false);
            var list = urls.Select(u => (string)u!).ToArray();
            if (list.Length > 0)
            {
                await store.DeleteAsync(list, cancellationToken).ConfigureAwait(false);
                deleted.AddRange(list);
            }

            await RunAsync("gc", async db =>
            {
                var batch = db.CreateBatch();
                var a = batch.SortedSetRemoveAsync(RedisKeys.Pending, insertId);
                var b = batch.KeyDeleteAsync(RedisKeys.PendingUrls(insertId));
                batch.Execute();
                await Task.WhenAll(a, b).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }
}
