using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Atdata.Local;

/// <summary>
/// The SQLite index: one database file with Python atdata's tables (<see cref="SqliteTables"/>). Each operation
/// takes a pooled connection of its own, so any number of threads, <see cref="LocalIndex"/> instances and
/// processes can share the file; every atomic step is one <c>BEGIN IMMEDIATE</c> transaction (writers queue on
/// the busy timeout), and WAL mode lets readers run beside a writer.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite does its I/O synchronously behind its async methods; cancellation is checked before
/// each statement and while a statement waits for another writer's lock.
/// </remarks>
internal sealed partial class SqliteIndexBackend : IIndexBackend
{
    private const int SqliteIoError = 10;

    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    static SqliteIndexBackend()
    {
        // Name the native library explicitly: Microsoft.Data.Sqlite otherwise finds its bundle by reflection,
        // which NativeAOT trimming can remove.
        SQLitePCL.Batteries_V2.Init();
    }

    public SqliteIndexBackend(string databasePath, LocalIndexOptions options)
    {
        DatabasePath = databasePath;
        _busyTimeoutMs = (int)Math.Clamp(options.CommandTimeout.TotalMilliseconds, 1, int.MaxValue);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Clamp(Math.Ceiling(options.CommandTimeout.TotalSeconds), 1, int.MaxValue),
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    public IndexKind Kind => IndexKind.Sqlite;

    /// <summary>An I/O error may strike during COMMIT, after which the outcome is known only by reading back.</summary>
    public bool OutcomeUnknown(IndexException exception)
        => exception.InnerException is SqliteException { SqliteErrorCode: SqliteIoError };

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        // Close the idle pooled connections to this file so its handles (and the WAL) are released now.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Runs <paramref name="work"/> on an open connection, mapping SQLite failures to <see cref="IndexException"/>.</summary>
    private async Task<TResult> RunAsync<TResult>(string operation, Func<SqliteConnection, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw Wrap(operation, e);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction, committed when it returns.</summary>
    private Task<TResult> InTransactionAsync<TResult>(string operation, Func<SqliteConnection, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
        => RunAsync(operation, async (connection, ct) =>
        {
            // deferred: false is BEGIN IMMEDIATE: the write lock is taken up front, so two writers never both
            // read the old state and then conflict on upgrade.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, cancellationToken);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection: SQLite's own busy wait, and full fsync at commit (an insert is rare, a lost one is not).
            await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = FULL;"), cancellationToken).ConfigureAwait(false);
            if (!_initialized)
            {
                await InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the tables once per index (a file Python or another index created is only checked).</summary>
    private async Task InitializeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var existing = await ScalarAsync(connection, SqliteTables.CountExisting, cancellationToken).ConfigureAwait(false);
            if (Convert.ToInt64(existing, CultureInfo.InvariantCulture) < SqliteTables.Names.Length)
            {
                // WAL (persistent in the file) lets readers run beside the one writer; Python's provider sets it too.
                await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
                await using var transaction = connection.BeginTransaction(deferred: false);
                await ExecuteAsync(connection, SqliteTables.Create, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    private static IndexException Wrap(string operation, SqliteException e)
        => ThrowHelper.Index(operation, $"SQLite {operation} failed ({e.Message.TrimEnd('.')}).", e);

    /// <summary>A command on the connection, in its current transaction if it has one.</summary>
    private static SqliteCommand Command(SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>Reads every row of a query through <paramref name="read"/>.</summary>
    private static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
