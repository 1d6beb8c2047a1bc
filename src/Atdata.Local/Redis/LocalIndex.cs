using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Atdata.Local;

/// <summary>
/// A dataset index in Redis with Python atdata's exact key layout (interop §3), so Python and this SDK can
/// share one Redis: <c>LocalDatasetEntry:{cid}</c> hashes, <c>LocalSchema:{Name}@{version}</c> JSON strings and
/// <c>Label:{name}@</c> hashes, plus this SDK's own name → CID hash (<c>atdata:names</c>) and CID set
/// (<c>atdata:entries</c>), written in the same atomic step, so that lookup by name and listing never scan keys.
/// </summary>
/// <remarks>
/// <para>
/// Every method is thread-safe. StackExchange.Redis takes no cancellation tokens: a cancelled call stops
/// waiting, but its command may still run on the server. Redis failures and timeouts surface as
/// <see cref="IndexException"/>; cancellation as <see cref="OperationCanceledException"/>.
/// </para>
/// <para>The index is only as durable as the Redis configuration (persistence, replication).</para>
/// </remarks>
public sealed partial class LocalIndex : IAsyncDisposable, IDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly bool _ownsConnection;
    private readonly int _database;
    private readonly LocalIndexOptions _options;

    /// <summary>Connects to Redis at <c>localhost:6379</c>, database 0 (the connection opens on first use).</summary>
    public LocalIndex()
        : this(new LocalIndexOptions())
    {
    }

    /// <summary>Connects to Redis at <c>localhost:6379</c> and inserts through <paramref name="dataStore"/>.</summary>
    public LocalIndex(IDataStore dataStore)
        : this(new LocalIndexOptions(), dataStore)
    {
    }

    /// <summary>Connects with <paramref name="options"/> (the connection opens on first use and is disposed with the index).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public LocalIndex(LocalIndexOptions options, IDataStore? dataStore = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(nameof(options));
        _options = options;
        _database = options.Database;
        DataStore = dataStore;
        _ownsConnection = true;
        var config = options.ToConfiguration();
        _connection = new Lazy<Task<IConnectionMultiplexer>>(
            async () => await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false));
    }

    /// <summary>Uses an existing connection (not disposed with the index).</summary>
    /// <param name="redis">The connection.</param>
    /// <param name="dataStore">Where <see cref="InsertDatasetAsync{T}"/> writes shards, or null.</param>
    /// <param name="options">Behaviour options; the connection settings in them are ignored except <see cref="LocalIndexOptions.Database"/>.</param>
    public LocalIndex(IConnectionMultiplexer redis, IDataStore? dataStore = null, LocalIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _options = options ?? new LocalIndexOptions();
        _options.Validate(nameof(options));
        _database = options?.Database ?? -1;
        DataStore = dataStore;
        _connection = new Lazy<Task<IConnectionMultiplexer>>(Task.FromResult(redis));
    }

    /// <summary>The store <see cref="InsertDatasetAsync{T}"/> writes shards to, or null.</summary>
    public IDataStore? DataStore { get; }

    /// <summary>The options in use.</summary>
    public LocalIndexOptions Options => _options;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>
    /// Checks a dataset name before it is used as a Redis key part or a storage prefix: 1–128 characters from
    /// <c>A–Z a–z 0–9 . _ -</c>, and not only dots.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static void ValidateName(string name, string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(name, paramName ?? nameof(name));
        if (!NamePattern().IsMatch(name) || name.AsSpan().Trim('.').IsEmpty)
        {
            throw new ArgumentException(
                "A dataset name must be 1-128 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not only dots.",
                paramName ?? nameof(name));
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsConnection && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            _connection.Value.Result.Dispose();
        }
    }

    /// <summary>The database, connecting first if needed.</summary>
    internal async Task<IDatabase> DatabaseAsync(string operation, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _connection.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            return connection.GetDatabase(_database);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw ThrowHelper.Index(operation, $"Could not connect to Redis ({e.GetType().Name}).", e);
        }
    }

    /// <summary>The server of the connection (for SCAN fallbacks).</summary>
    internal async Task<IServer> ServerAsync(CancellationToken cancellationToken)
    {
        var connection = await _connection.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var endpoints = connection.GetEndPoints();
        return connection.GetServer(endpoints[0]);
    }

    /// <summary>Runs Redis work, mapping Redis failures and timeouts to <see cref="IndexException"/>.</summary>
    internal async Task<TResult> RunAsync<TResult>(string operation, Func<IDatabase, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync(operation, cancellationToken).ConfigureAwait(false);
        try
        {
            return await work(db).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Wrap(operation, e);
        }
    }

    internal static IndexException Wrap(string operation, Exception e, IReadOnlyList<string>? orphanedUrls = null)
        => ThrowHelper.Index(operation, $"Redis {operation} failed ({e.GetType().Name}).", e, orphanedUrls);
}
