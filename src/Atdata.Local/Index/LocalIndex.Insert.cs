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
    /// <param name="options">
    /// Overwrite, schema reference and schema, metadata, shard limits. When both <see cref="InsertOptions.Schema"/>
    /// and <see cref="InsertOptions.SchemaRef"/> are null and <typeparamref name="T"/>'s generated schema has
    /// fields, that schema is stored under the default reference if none is stored there yet (Python's
    /// <c>_ensure_schema_stored</c>).
    /// </param>
    /// <param name="cancellationToken">Cancels the upload (its shards are removed) or stops waiting for the index.</param>
    /// <remarks>
    /// <para>Protocol:</para>
    /// <list type="number">
    /// <item>One round trip checks the name (Redis: this SDK's name hash and Python's label; SQLite: the
    /// <c>labels</c> row, then <c>dataset_entries.name</c>) and registers a pending insert (<c>atdata:pending</c>,
    /// <c>atdata_pending</c>); a taken name fails here, before anything is uploaded.</item>
    /// <item>The store writes the shards; each finished shard's URL is appended to the pending record (through
    /// <see cref="ShardWriterOptions.ShardCompleted"/>), so a crashed process leaves shards <see cref="GcAsync"/> finds.</item>
    /// <item>One atomic step (a Lua script in Redis, a <c>BEGIN IMMEDIATE</c> transaction in SQLite) checks the
    /// name again and writes the entry, the name mapping, the label and (if absent) the schema, and clears the
    /// pending record. No entry is visible before this step.</item>
    /// </list>
    /// <para>
    /// If the upload fails, the store removes its shards and the error propagates. If the index step fails, the
    /// shards are deleted and <see cref="IndexException"/> is thrown (listing in
    /// <see cref="IndexException.OrphanedUrls"/> any that could not be deleted; <see cref="GcAsync"/> removes
    /// them later). A name taken meanwhile by a concurrent insert gives <see cref="DatasetExistsException"/>
    /// after the loser's shards are deleted. A timed-out index step is read back before reporting failure; when
    /// the read-back fails too, the outcome is unknown: <see cref="IndexException"/> is thrown and the shards are
    /// kept, since the entry may exist (<see cref="GcAsync"/> deletes them later only if it does not).
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The index has no data store.</exception>
    /// <exception cref="DatasetExistsException">Another entry has the name and <see cref="InsertOptions.Overwrite"/> is off.</exception>
    /// <exception cref="IndexException">The index failed or timed out.</exception>
    public async Task<LocalDatasetEntry> InsertDatasetAsync<T>(Dataset<T> dataset, string name, string? prefix = null, InsertOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ValidateName(name, nameof(name));
        var store = DataStore ?? throw new InvalidOperationException("This LocalIndex has no data store; create it with one to insert datasets.");
        options ??= new InsertOptions();
        if (options.Schema is null && options.SchemaRef is null && T.Schema.Fields.Count > 0)
        {
            options = options with { Schema = T.Schema };
        }

        prefix ??= name;
        string schemaRef = options.SchemaRef ?? DefaultSchemaRef<T>();
        string insertId = Guid.NewGuid().ToString("N");

        // 1. Check the name and register the pending insert in one round trip.
        string? taken = await _backend.BeginInsertAsync(name, insertId, _options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!options.Overwrite && taken is { Length: > 0 })
        {
            await _backend.ForgetPendingAsync(insertId).ConfigureAwait(false);
            throw ThrowHelper.DatasetExists(name, taken);
        }

        // 2. Upload; every finished shard is recorded first, so a crash leaves shards GcAsync can find.
        var writerOptions = new ShardWriterOptions
        {
            MaxCount = options.MaxCount ?? 100_000,
            MaxSize = options.MaxSize ?? 3_000_000_000,
            ShardCompleted = async (shard, ct) =>
            {
                if (shard.Url is { } url)
                {
                    await _backend.AppendPendingUrlAsync(insertId, url, ct).ConfigureAwait(false);
                }
            },
        };
        StoredShards stored;
        try
        {
            stored = await store.WriteShardsForInsertAsync(dataset, prefix, writerOptions, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await _backend.ForgetPendingAsync(insertId).ConfigureAwait(false);
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
            if (_backend.OutcomeUnknown(e))
            {
                switch (await _backend.NameMapsToAsync(entry.Name, entry.Cid).ConfigureAwait(false))
                {
                    case true:
                        return entry;
                    case null:
                        // Neither confirmed nor refuted: deleting the shards now could leave a committed entry pointing
                        // at nothing. The pending record stays: the atomic step clears it when it runs, so GcAsync
                        // removes these shards only if the entry was never written.
                        throw ThrowHelper.Index("insert",
                            $"The index write for '{name}' timed out and could not be read back, so it may or may not have been applied; its {stored.Urls.Count} shards were kept (GcAsync removes them if the entry was not written).",
                            e.InnerException ?? e);
                    default:
                        break;
                }
            }

            var orphaned = await DiscardAsync(store, stored.Urls, insertId).ConfigureAwait(false);
            throw ThrowHelper.Index("insert",
                orphaned.Count == 0
                    ? $"The index write for '{name}' failed after its {stored.Urls.Count} shards were written; the shards were deleted."
                    : $"The index write for '{name}' failed after its shards were written; {orphaned.Count} could not be deleted (run GcAsync later).",
                e.InnerException ?? e, orphaned);
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

        await _backend.ForgetPendingAsync(insertId).ConfigureAwait(false);
        return [];
    }

    /// <summary>
    /// Removes what abandoned inserts left: for every pending insert older than
    /// <see cref="LocalIndexOptions.PendingInsertTimeout"/> (or <paramref name="olderThan"/>), deletes the shards
    /// it recorded through <see cref="DataStore"/> and drops the record. Returns the URLs deleted.
    /// </summary>
    /// <exception cref="InvalidOperationException">The index has no data store.</exception>
    /// <exception cref="IndexException">The index failed.</exception>
    public async Task<IReadOnlyList<string>> GcAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        var store = DataStore ?? throw new InvalidOperationException("This LocalIndex has no data store to delete shards from.");
        var cutoff = _options.TimeProvider.GetUtcNow().Subtract(olderThan ?? _options.PendingInsertTimeout);
        var ids = await _backend.PendingStartedBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        var deleted = new List<string>();
        foreach (string insertId in ids)
        {
            var urls = await _backend.PendingUrlsAsync(insertId, cancellationToken).ConfigureAwait(false);
            if (urls.Count > 0)
            {
                await store.DeleteAsync(urls, cancellationToken).ConfigureAwait(false);
                deleted.AddRange(urls);
            }

            await _backend.RemovePendingAsync(insertId, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }
}
