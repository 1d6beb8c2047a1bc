namespace Atdata.Local;

/// <summary>Options for <see cref="LocalIndex.InsertDatasetAsync{T}"/> and <see cref="LocalIndex.AddEntryAsync{T}"/>.</summary>
public sealed record InsertOptions
{
    /// <summary>
    /// Whether to point the name at the new entry when another entry already has it. When false (the default),
    /// the insert fails with <see cref="DatasetExistsException"/> and removes the shards it wrote. The previous
    /// entry is never deleted: it stays readable by CID and in listings.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>The schema reference to record; null for <c>atdata://local/sampleSchema/{T.SchemaName}@1.0.0</c>.</summary>
    public string? SchemaRef { get; init; }

    /// <summary>
    /// The schema to store under the reference when none is stored yet (Python's <c>_ensure_schema_stored</c>),
    /// written in the same atomic step as the entry; null to store none.
    /// </summary>
    public SchemaRecord? Schema { get; init; }

    /// <summary>Metadata to record; <c>checksums</c> from the data store is added (or replaced) by an insert.</summary>
    public IReadOnlyDictionary<string, object?>? Metadata { get; init; }

    /// <summary>The most samples per shard; null for the store's default (100000, as Python's stores).</summary>
    public long? MaxCount { get; init; }

    /// <summary>The most payload bytes per shard; null for the store's default (3e9).</summary>
    public long? MaxSize { get; init; }

    /// <summary>
    /// Whether the store writes each shard to a local temporary file first and uploads it afterwards (Python's
    /// <c>cache_local=True</c>) rather than streaming it straight into the upload; null for the store's own setting
    /// (<see cref="S3DataStoreOptions.CacheLocal"/>, off by default). Only stores that upload honour it
    /// (<see cref="S3DataStore"/> and the legacy <c>Repo</c>); others, such as a local disk store, ignore it.
    /// The bytes stored are the same either way.
    /// </summary>
    public bool? CacheLocal { get; init; }
}
