namespace Atdata.Local;

public sealed partial class LocalIndex
{
    /// <summary>
    /// Records <paramref name="dataset"/> under <paramref name="name"/> with its URL as given (Python's
    /// <c>add_entry</c>: <c>data_urls = [dataset.Url]</c>); nothing is copied.
    /// </summary>
    /// <param name="dataset">The dataset; its <see cref="Dataset{T}.Url"/> is recorded verbatim (brace patterns included).</param>
    /// <param name="name">The dataset name (see <see cref="ValidateName"/>).</param>
    /// <param name="schemaRef">The schema reference; null for <c>atdata://local/sampleSchema/{T.SchemaName}@1.0.0</c>.</param>
    /// <param name="metadata">Metadata to record, or null.</param>
    /// <param name="options">Only <see cref="InsertOptions.Overwrite"/> and <see cref="InsertOptions.Schema"/> apply.</param>
    /// <param name="cancellationToken">Stops waiting (the write may still happen).</param>
    /// <exception cref="DatasetExistsException">Another entry already has the name and overwrite is off.</exception>
    /// <exception cref="IndexException">The index failed or timed out.</exception>
    public Task<LocalDatasetEntry> AddEntryAsync<T>(Dataset<T> dataset, string name, string? schemaRef = null,
        IReadOnlyDictionary<string, object?>? metadata = null, InsertOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ValidateName(name, nameof(name));
        var entry = new LocalDatasetEntry(name, schemaRef ?? DefaultSchemaRef<T>(), [dataset.Url], metadata);
        return WriteEntryAsync(entry, options, pendingId: null, "add", cancellationToken);
    }

    /// <summary>Writes an entry built by hand (for example one copied from another index).</summary>
    /// <inheritdoc cref="AddEntryAsync{T}"/>
    public Task<LocalDatasetEntry> AddEntryAsync(LocalDatasetEntry entry, InsertOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ValidateName(entry.Name, nameof(entry));
        return WriteEntryAsync(entry, options, pendingId: null, "add", cancellationToken);
    }

    internal static string DefaultSchemaRef<T>()
        where T : IPackable<T>
        => SchemaRef.Local(T.SchemaName, "1.0.0").ToString();

    private async Task<LocalDatasetEntry> WriteEntryAsync(LocalDatasetEntry entry, InsertOptions? options, string? pendingId, string operation, CancellationToken cancellationToken)
    {
        StoredSchema? schema = null;
        if (options?.Schema is { } record)
        {
            var parsed = SchemaRef.Parse(entry.SchemaRef);
            string json = (record with { Version = parsed.Version, Ref = null, CreatedAt = record.CreatedAt ?? _options.TimeProvider.GetUtcNow() }).ToJson();
            schema = new StoredSchema(parsed.Name, parsed.Version, json);
        }

        var write = new EntryWrite(entry, options?.Overwrite == true, pendingId, schema);
        if (await _backend.WriteEntryAsync(write, operation, cancellationToken).ConfigureAwait(false) is { } holder)
        {
            throw ThrowHelper.DatasetExists(entry.Name, holder);
        }

        return entry;
    }

    /// <summary>The entry with CID <paramref name="cid"/> (one <c>HGETALL</c>, or one primary-key row).</summary>
    /// <exception cref="DatasetNotFoundException">No entry has the CID.</exception>
    /// <exception cref="IndexException">The index failed, or the stored entry is malformed.</exception>
    public async Task<LocalDatasetEntry> GetEntryAsync(string cid, CancellationToken cancellationToken = default)
        => await FindEntryAsync(cid, cancellationToken).ConfigureAwait(false) ?? throw ThrowHelper.DatasetNotFound(cid, isCid: true);

    /// <summary>The entry with CID <paramref name="cid"/>, or null.</summary>
    /// <exception cref="IndexException">The index failed, or the stored entry is malformed.</exception>
    public async Task<LocalDatasetEntry?> FindEntryAsync(string cid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cid);
        return await _backend.FindEntryAsync(cid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The entry named <paramref name="name"/>. Redis: looked up in this SDK's name hash, then in Python's
    /// <c>Label:{name}@</c> hash, and only if both miss (an entry seed-era Python wrote) by scanning entries.
    /// SQLite: the <c>labels</c> row <c>(name, '')</c>, then the newest <c>dataset_entries</c> row with the name
    /// (an entry Python wrote without a label); both are index lookups.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">No entry has the name.</exception>
    /// <exception cref="IndexException">The index failed, or the stored entry is malformed.</exception>
    public async Task<LocalDatasetEntry> GetEntryByNameAsync(string name, CancellationToken cancellationToken = default)
        => await FindEntryByNameAsync(name, cancellationToken).ConfigureAwait(false) ?? throw ThrowHelper.DatasetNotFound(name, isCid: false);

    /// <summary>The entry named <paramref name="name"/>, or null (see <see cref="GetEntryByNameAsync"/>).</summary>
    /// <exception cref="IndexException">The index failed, or the stored entry is malformed.</exception>
    public async Task<LocalDatasetEntry?> FindEntryByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return await _backend.FindEntryByNameAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every entry, streamed; no key scan. Redis: every entry this SDK wrote or adopted (<c>SMEMBERS
    /// atdata:entries</c>, then pipelined <c>HGETALL</c> in batches); entries Python wrote appear after
    /// <see cref="ReindexAsync"/>. SQLite: every <c>dataset_entries</c> row, Python's included, read in pages.
    /// Order is unspecified (SQLite gives insertion order).
    /// </summary>
    /// <exception cref="IndexException">The index failed, or a stored entry is malformed.</exception>
    public IAsyncEnumerable<LocalDatasetEntry> EntriesAsync(CancellationToken cancellationToken = default)
        => _backend.EntriesAsync(cancellationToken);

    /// <summary>Every entry as a list (see <see cref="EntriesAsync"/>).</summary>
    public async Task<IReadOnlyList<LocalDatasetEntry>> GetAllEntriesAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<LocalDatasetEntry>();
        await foreach (var entry in EntriesAsync(cancellationToken).ConfigureAwait(false))
        {
            all.Add(entry);
        }

        return all;
    }

    /// <summary>
    /// Adopts entries written by Python (or any writer that did not maintain this SDK's structures) and returns
    /// how many it adopted. Redis: scans <c>LocalDatasetEntry:*</c> once, adds each CID to the entry set and maps
    /// each name not yet mapped to its CID; returns how many CIDs were added to the set (the only listing-related
    /// operation that scans). SQLite: gives every entry name without a <c>labels</c> row one (pointing at the
    /// newest entry of that name); returns how many labels were added.
    /// </summary>
    /// <exception cref="IndexException">The index failed.</exception>
    public Task<int> ReindexAsync(CancellationToken cancellationToken = default) => _backend.ReindexAsync(cancellationToken);
}
