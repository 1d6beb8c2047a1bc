using StackExchange.Redis;

namespace Atdata.Local;

/// <summary>
/// The Redis index: Python atdata's keys (interop §3) plus this SDK's name hash, entry set and pending records
/// (<see cref="RedisKeys"/>). StackExchange.Redis takes no cancellation tokens: a cancelled call stops waiting,
/// but its command may still run on the server.
/// </summary>
internal sealed partial class RedisIndexBackend : IIndexBackend
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly bool _ownsConnection;
    private readonly int _database;
    private readonly LocalIndexOptions _options;

    private RedisIndexBackend(Lazy<Task<IConnectionMultiplexer>> connection, bool ownsConnection, int database, LocalIndexOptions options)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        _database = database;
        _options = options;
    }

    /// <summary>A backend that connects with <paramref name="options"/> on first use and owns the connection.</summary>
    public static RedisIndexBackend Connect(LocalIndexOptions options)
    {
        var config = options.ToConfiguration();
        return new RedisIndexBackend(
            new Lazy<Task<IConnectionMultiplexer>>(async () => await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false)),
            ownsConnection: true, options.Database, options);
    }

    /// <summary>A backend over a connection it does not own; <paramref name="database"/> -1 means the connection's default.</summary>
    public static RedisIndexBackend Use(IConnectionMultiplexer redis, LocalIndexOptions options, int database)
        => new(new Lazy<Task<IConnectionMultiplexer>>(Task.FromResult(redis)), ownsConnection: false, database, options);

    public IndexKind Kind => IndexKind.Redis;

    public bool OutcomeUnknown(IndexException exception) => exception.InnerException is RedisTimeoutException;

    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (_ownsConnection && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            _connection.Value.Result.Dispose();
        }
    }

    /// <summary>The database, connecting first if needed.</summary>
    private async Task<IDatabase> DatabaseAsync(string operation, CancellationToken cancellationToken)
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

    /// <summary>The server of the connection (for SCAN).</summary>
    private async Task<IServer> ServerAsync(CancellationToken cancellationToken)
    {
        var connection = await _connection.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var endpoints = connection.GetEndPoints();
        return connection.GetServer(endpoints[0]);
    }

    /// <summary>Runs Redis work, mapping Redis failures and timeouts to <see cref="IndexException"/>.</summary>
    private async Task<TResult> RunAsync<TResult>(string operation, Func<IDatabase, Task<TResult>> work, CancellationToken cancellationToken)
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

    private static IndexException Wrap(string operation, Exception e)
        => ThrowHelper.Index(operation, $"Redis {operation} failed ({e.GetType().Name}).", e);
}
