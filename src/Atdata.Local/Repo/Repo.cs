using StackExchange.Redis;

namespace Atdata.Local;

/// <summary>
/// The seed-era Python <c>atdata.local.Repo</c>: shards in an S3 bucket under a "hive path" and an entry in the
/// Redis index, written the way that Repo wrote them so seed-era readers and CIDs match. Kept for existing data and
/// code; new code uses <see cref="LocalIndex"/> with <see cref="S3DataStore"/>.
/// </summary>
/// <remarks>
/// <para>What an insert writes (interop §2.4, §5, §6):</para>
/// <list type="bullet">
/// <item>shards <c>{hivePath}/atdata--{uuid4}--NNNNNN.tar</c> (the hive path's first component is the bucket);</item>
/// <item>when <see cref="InsertOptions.Metadata"/> is given, the sidecar
/// <c>{hivePath}/metadata/atdata-metadata--{uuid4}.msgpack</c> (a msgpack map), and the same map as entry metadata;</item>
/// <item>an entry with ONE scheme-less URL, <c>{hivePath}/atdata--{uuid}--000000.tar</c> for one shard or
/// <c>{hivePath}/atdata--{uuid}--{000000..00000K}.tar</c> for K+1, and the legacy schema reference
/// <c>local://schemas/{Namespace.Type}@1.0.0</c> unless <see cref="InsertOptions.SchemaRef"/> is set; no checksums
/// and no schema record (the seed-era Repo wrote neither).</item>
/// </list>
/// <para>
/// The insert runs <see cref="LocalIndex.InsertDatasetAsync{T}"/> (through <see cref="Index"/>), so its protocol holds:
/// no entry until every shard is complete; a failed insert deletes its shards and sidecar; <see cref="LocalIndex.GcAsync"/>
/// deletes what a crashed insert left. Read the scheme-less URLs with <see cref="ShardSourceOptions"/>.
/// </para>
/// </remarks>
[Obsolete("Use LocalIndex with S3DataStore", DiagnosticId = "ATDATA_REPO")]
public sealed class Repo : IAsyncDisposable, IDisposable
{
    private readonly RepoHivePath _hive;

    /// <summary>Reads the credentials from a dotenv file and connects to Redis with <paramref name="redis"/> (default <c>localhost:6379</c>).</summary>
    /// <param name="s3Credentials">A <c>.env</c> file with <c>AWS_ENDPOINT</c>, <c>AWS_ACCESS_KEY_ID</c> and <c>AWS_SECRET_ACCESS_KEY</c>.</param>
    /// <param name="hivePath"><c>{bucket}/{path}</c>: where datasets go; the first component is the bucket.</param>
    /// <param name="redis">The Redis connection settings; null for <see cref="LocalIndex"/>'s default.</param>
    /// <param name="s3Options">The S3 client settings (part size, retries, <see cref="S3DataStoreOptions.CacheLocal"/>); null for the defaults.</param>
    /// <exception cref="ArgumentException">The hive path or an option is invalid, or the file lacks a required key.</exception>
    /// <exception cref="FileNotFoundException">The credentials file does not exist.</exception>
    public Repo(string s3Credentials, string hivePath, LocalIndexOptions? redis = null, S3DataStoreOptions? s3Options = null)
        : this(LoadCredentials(s3Credentials), hivePath, redis, s3Options)
    {
    }

    /// <summary>Uses <paramref name="s3Credentials"/> and connects to Redis with <paramref name="redis"/> (default <c>localhost:6379</c>).</summary>
    /// <inheritdoc cref="Repo(string, string, LocalIndexOptions?, S3DataStoreOptions?)"/>
    public Repo(S3Credentials s3Credentials, string hivePath, LocalIndexOptions? redis = null, S3DataStoreOptions? s3Options = null)
    {
        ArgumentNullException.ThrowIfNull(s3Credentials);
        _hive = RepoHivePath.Parse(hivePath, nameof(hivePath));
        Store = new S3DataStore(s3Credentials, _hive.Bucket, s3Options);
        LegacyStore = new LegacyRepoStore(Store);
        Index = new LocalIndex(redis ?? new LocalIndexOptions(), LegacyStore);
    }

    /// <summary>Reads the credentials from a dotenv file and uses an existing Redis connection (not disposed with the repo).</summary>
    /// <param name="s3Credentials">A <c>.env</c> file with <c>AWS_ENDPOINT</c>, <c>AWS_ACCESS_KEY_ID</c> and <c>AWS_SECRET_ACCESS_KEY</c>.</param>
    /// <param name="hivePath"><c>{bucket}/{path}</c>: where datasets go; the first component is the bucket.</param>
    /// <param name="redis">The Redis connection.</param>
    /// <param name="s3Options">The S3 client settings; null for the defaults.</param>
    /// <param name="indexOptions">Index behaviour (database number, timeouts); its connection settings are ignored.</param>
    /// <exception cref="ArgumentException">The hive path or an option is invalid, or the file lacks a required key.</exception>
    /// <exception cref="FileNotFoundException">The credentials file does not exist.</exception>
    public Repo(string s3Credentials, string hivePath, IConnectionMultiplexer redis, S3DataStoreOptions? s3Options = null, LocalIndexOptions? indexOptions = null)
        : this(LoadCredentials(s3Credentials), hivePath, redis, s3Options, indexOptions)
    {
    }

    /// <summary>Uses <paramref name="s3Credentials"/> and an existing Redis connection (not disposed with the repo).</summary>
    /// <inheritdoc cref="Repo(string, string, IConnectionMultiplexer, S3DataStoreOptions?, LocalIndexOptions?)"/>
    public Repo(S3Credentials s3Credentials, string hivePath, IConnectionMultiplexer redis, S3DataStoreOptions? s3Options = null, LocalIndexOptions? indexOptions = null)
    {
        ArgumentNullException.ThrowIfNull(s3Credentials);
        ArgumentNullException.ThrowIfNull(redis);
        _hive = RepoHivePath.Parse(hivePath, nameof(hivePath));
        Store = new S3DataStore(s3Credentials, _hive.Bucket, s3Options);
        LegacyStore = new LegacyRepoStore(Store);
        Index = new LocalIndex(redis, LegacyStore, indexOptions);
    }

    /// <summary>The normalised hive path, <c>{bucket}/{path}</c> (Python's <c>hive_path</c>).</summary>
    public string HivePath => _hive.Full;

    /// <summary>The bucket: the hive path's first component (Python's <c>hive_bucket</c>).</summary>
    public string HiveBucket => _hive.Bucket;

    /// <summary>
    /// The index entries are written to (Python's <c>Repo.index</c>); its <see cref="LocalIndex.DataStore"/> writes
    /// and deletes with the legacy naming, so <see cref="LocalIndex.GcAsync"/> cleans up after crashed inserts.
    /// </summary>
    public LocalIndex Index { get; }

    /// <summary>The S3 store over <see cref="HiveBucket"/> (signed reads, <see cref="S3DataStore.GcAsync"/>).</summary>
    public S3DataStore Store { get; }

    internal LegacyRepoStore LegacyStore { get; }

    /// <summary>
    /// Copies <paramref name="dataset"/> into the hive and records it under <paramref name="name"/> (Python's
    /// <c>Repo.insert</c>). Returns the entry and a dataset over the stored copy, whose <see cref="Dataset{T}.Url"/>
    /// is the recorded URL and whose <see cref="Dataset{T}.ShardList"/> lists each stored shard.
    /// </summary>
    /// <param name="dataset">The samples to store.</param>
    /// <param name="name">The dataset name (see <see cref="LocalIndex.ValidateName"/>).</param>
    /// <param name="options">
    /// <see cref="InsertOptions.CacheLocal"/> (stage each shard locally first), <see cref="InsertOptions.MaxCount"/>
    /// and <see cref="InsertOptions.MaxSize"/> (shard rollover), <see cref="InsertOptions.Metadata"/> (sidecar and
    /// entry metadata), <see cref="InsertOptions.SchemaRef"/> (default <c>local://schemas/{Namespace.Type}@1.0.0</c>),
    /// <see cref="InsertOptions.Overwrite"/> and <see cref="InsertOptions.Schema"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the upload (its shards are removed) or stops waiting for the index.</param>
    /// <exception cref="DatasetExistsException">Another entry has the name and overwrite is off (nothing is uploaded).</exception>
    /// <exception cref="StorageException">The upload failed; no entry was written and the shards were removed.</exception>
    /// <exception cref="IndexException">Redis failed.</exception>
    public async Task<(LocalDatasetEntry Entry, Dataset<T> Dataset)> InsertAsync<T>(Dataset<T> dataset, string name, InsertOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new InsertOptions();
        options = options with { SchemaRef = options.SchemaRef ?? LegacySchemaRef<T>() };
        // The index hands these options to the legacy store (CacheLocal, the metadata sidecar).
        var entry = await Index.InsertDatasetAsync(dataset, name, _hive.Path, options, cancellationToken).ConfigureAwait(false);

        return (entry, new Dataset<T>(LegacyStore.OpenSource(entry.DataUrls), entry.DataUrls[0]));
    }

    /// <summary>
    /// Source options that read this repo's scheme-less URLs (<c>{bucket}/{key}</c>, brace ranges included) and
    /// <c>s3://</c> URLs of <see cref="HiveBucket"/> with signed requests, for
    /// <c>new Dataset&lt;T&gt;(entry.DataUrls[0], repo.ShardSourceOptions())</c>.
    /// </summary>
    /// <param name="baseOptions">Options to extend; null for none.</param>
    public ShardSourceOptions ShardSourceOptions(ShardSourceOptions? baseOptions = null) => Store.ShardSourceOptions(baseOptions, schemelessUrls: true);

    /// <summary>
    /// The seed-era default schema reference, <c>local://schemas/{Namespace.Type}@1.0.0</c>: the .NET counterpart of
    /// Python's <c>{module}.{Class}</c> (readers keep the part after the last <c>.</c>, interop §4.3).
    /// </summary>
    public static string LegacySchemaRef<T>()
        where T : IPackable<T>
    {
        // The type's full name only; nested types use '.' as Python's qualified names do.
        string typeName = typeof(T).FullName?.Replace('+', '.') ?? T.SchemaName;
        return $"local://schemas/{typeName}@1.0.0";
    }

    /// <summary>Closes the index's own Redis connection (not one given to the constructor) and the S3 client.</summary>
    public async ValueTask DisposeAsync()
    {
        await Index.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        Index.Dispose();
        Store.Dispose();
    }

    private static S3Credentials LoadCredentials(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return S3Credentials.FromEnvFile(path);
    }
}
