namespace Atdata.Local;

/// <summary>
/// A data store that honours per-insert settings of <see cref="InsertOptions"/> (today
/// <see cref="InsertOptions.CacheLocal"/>; the legacy Repo store also its metadata sidecar). The public
/// <see cref="IDataStore"/> contract carries only rollover limits, so an index hands the insert's options over
/// through <see cref="DataStoreInsert.WriteShardsForInsertAsync"/>; stores that do not implement this interface
/// are called exactly as before.
/// </summary>
internal interface IInsertOptionsDataStore : IDataStore
{
    /// <summary><see cref="IDataStore.WriteShardsAsync"/> with the insert's options.</summary>
    public Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options, InsertOptions insertOptions, CancellationToken cancellationToken)
        where T : IPackable<T>;
}

/// <summary>The one call an index makes to write an insert's shards.</summary>
internal static class DataStoreInsert
{
    /// <summary>
    /// Writes <paramref name="dataset"/> through <paramref name="store"/>, passing <paramref name="insertOptions"/>
    /// along when the store can use them (<see cref="IInsertOptionsDataStore"/>), else the plain
    /// <see cref="IDataStore.WriteShardsAsync"/>.
    /// </summary>
    public static Task<StoredShards> WriteShardsForInsertAsync<T>(this IDataStore store, Dataset<T> dataset, string prefix, ShardWriterOptions? options, InsertOptions? insertOptions, CancellationToken cancellationToken)
        where T : IPackable<T>
        => insertOptions is not null && store is IInsertOptionsDataStore aware
            ? aware.WriteShardsAsync(dataset, prefix, options, insertOptions, cancellationToken)
            : store.WriteShardsAsync(dataset, prefix, options, cancellationToken);
}
