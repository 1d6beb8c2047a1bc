namespace Atdata.Local;

/// <summary>
/// The storage primitives <see cref="LocalIndex"/> is built on. The index owns the protocol (validation, the
/// insert steps, schema versioning); a backend owns the bytes and the atomicity of each step. Every method maps
/// backend failures to <see cref="IndexException"/> naming the operation, and honours cancellation.
/// </summary>
internal interface IIndexBackend : IAsyncDisposable, IDisposable
{
    /// <summary>Which backend this is.</summary>
    public IndexKind Kind { get; }

    /// <summary>
    /// Insert step 1: returns the CID the name points at (null when the name is free) and registers a pending
    /// insert <paramref name="insertId"/> started at <paramref name="startedAt"/>, in one round trip.
    /// </summary>
    public Task<string?> BeginInsertAsync(string name, string insertId, DateTimeOffset startedAt, CancellationToken cancellationToken);

    /// <summary>Records that pending insert <paramref name="insertId"/> finished the shard at <paramref name="url"/>.</summary>
    public Task AppendPendingUrlAsync(string insertId, string url, CancellationToken cancellationToken);

    /// <summary>Drops a pending insert record, best effort: never throws (GC removes what is left).</summary>
    public Task ForgetPendingAsync(string insertId);

    /// <summary>
    /// The atomic step: unless the name points at another CID and overwrite is off, writes the entry, the name
    /// mapping and label, the schema if absent, and clears the pending record, all or nothing. Returns null when
    /// written, otherwise the CID that holds the name (nothing was written then).
    /// </summary>
    public Task<string?> WriteEntryAsync(EntryWrite write, string operation, CancellationToken cancellationToken);

    /// <summary>Whether a failed <see cref="WriteEntryAsync"/> may nevertheless have been applied (a timeout), so it must be read back.</summary>
    public bool OutcomeUnknown(IndexException exception);

    /// <summary>Reads back whether <paramref name="name"/> maps to <paramref name="cid"/>; null when the read fails (still unknown).</summary>
    public Task<bool?> NameMapsToAsync(string name, string cid);

    /// <summary>The entry with the CID, or null.</summary>
    public Task<LocalDatasetEntry?> FindEntryAsync(string cid, CancellationToken cancellationToken);

    /// <summary>The entry with the name, or null.</summary>
    public Task<LocalDatasetEntry?> FindEntryByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every listed entry.</summary>
    public IAsyncEnumerable<LocalDatasetEntry> EntriesAsync(CancellationToken cancellationToken);

    /// <summary>Adopts entries other writers left outside this SDK's lookup structures; returns how many were adopted.</summary>
    public Task<int> ReindexAsync(CancellationToken cancellationToken);

    /// <summary>The stored JSON of <c>name@version</c>, or null.</summary>
    public Task<string?> GetSchemaJsonAsync(string name, string version, CancellationToken cancellationToken);

    /// <summary>Every stored schema as (name with any <c>module.</c> prefix removed, version, JSON).</summary>
    public IAsyncEnumerable<StoredSchema> SchemasAsync(CancellationToken cancellationToken);

    /// <summary>Stores the JSON under <c>name@version</c> if absent and returns null; otherwise returns the stored JSON (atomic).</summary>
    public Task<string?> TryAddSchemaAsync(string name, string version, string json, CancellationToken cancellationToken);

    /// <summary>The highest strict <c>X.Y.Z</c> version stored under the name (legacy <c>module.Name</c> included) and its JSON.</summary>
    public Task<(SchemaVersion? Version, string? Json)> HighestSchemaVersionAsync(string name, CancellationToken cancellationToken);

    /// <summary>The ids of pending inserts started at or before <paramref name="cutoff"/>.</summary>
    public Task<IReadOnlyList<string>> PendingStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>The shard URLs pending insert <paramref name="insertId"/> recorded, in order.</summary>
    public Task<IReadOnlyList<string>> PendingUrlsAsync(string insertId, CancellationToken cancellationToken);

    /// <summary>Drops a pending insert record (for GC: failures are reported).</summary>
    public Task RemovePendingAsync(string insertId, CancellationToken cancellationToken);
}

/// <summary>What the atomic index step writes.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="Overwrite">Whether to point the name at the entry when it points at another CID.</param>
/// <param name="PendingId">The pending insert to clear, or null.</param>
/// <param name="Schema">The schema to store if absent, or null.</param>
internal sealed record EntryWrite(LocalDatasetEntry Entry, bool Overwrite, string? PendingId, StoredSchema? Schema);

/// <summary>A schema record as stored: its name (no module prefix), version and JSON.</summary>
internal readonly record struct StoredSchema(string Name, string Version, string Json);
