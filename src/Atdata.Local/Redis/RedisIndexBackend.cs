using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Atdata.Local;

/// <summary>
/// The Redis index: Python atdata's keys (interop §3) plus this SDK's name hash, entry set and pending records
/// (<see cref="RedisLayout"/>), on one server or on a Redis Cluster (detected when connected).
/// StackExchange.Redis takes no cancellation tokens: a cancelled call stops waiting, but its command may still
/// run on the server.
/// </summary>
internal sealed partial class RedisIndexBackend : IIndexBackend
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly bool _ownsConnection;
    private readonly int _database;
    private readonly LocalIndexOptions _options;
    private volatile RedisLayout? _layout;

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

    /// <summary>
    /// The key layout of the connected server: <see cref="RedisLayout.Cluster"/> on a Redis Cluster. Decided once a
    /// server is connected; before that (nothing answers yet) the single-server layout is assumed for this call only.
    /// </summary>
    private RedisLayout Layout => _layout ?? RedisLayout.Single;

    private void DetectLayout(IConnectionMultiplexer connection)
    {
        if (_layout is not null)
        {
            return;
        }

        foreach (var server in connection.GetServers())
        {
            if (server.IsConnected)
            {
                _layout = server.ServerType == ServerType.Cluster ? RedisLayout.Cluster : RedisLayout.Single;
                return;
            }
        }
    }

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
            DetectLayout(connection);
            return connection.GetDatabase(_database);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw ThrowHelper.Index(operation, $"Could not connect to Redis ({e.GetType().Name}).", e);
        }
    }

    /// <summary>
    /// The keys matching <paramref name="pattern"/> (SCAN) on every server that holds data: the one server, or every
    /// primary of a cluster. A node that cannot be reached fails the scan with <see cref="IndexException"/>.
    /// </summary>
    private async IAsyncEnumerable<RedisKey> ScanAsync(string pattern, string operation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync(operation, cancellationToken).ConfigureAwait(false);
        var connection = db.Multiplexer;
        IServer[] servers = Layout.IsCluster
            ? [.. connection.GetServers().Where(s => !s.IsReplica)]
            : [connection.GetServer(connection.GetEndPoints()[0])];
        foreach (var server in servers)
        {
            var enumerator = server.KeysAsync(db.Database, pattern, pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false).GetAsyncEnumerator();
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await enumerator.MoveNextAsync())
                        {
                            break;
                        }
                    }
                    catch (Exception e) when (e is RedisException or TimeoutException)
                    {
                        throw Wrap(operation, e);
                    }

                    yield return enumerator.Current;
                }
            }
            finally
            {
                await enumerator.DisposeAsync();
            }
        }
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
