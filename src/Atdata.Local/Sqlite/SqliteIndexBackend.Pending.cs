using Microsoft.Data.Sqlite;

namespace Atdata.Local;

internal sealed partial class SqliteIndexBackend
{
    public Task<string?> BeginInsertAsync(string name, string insertId, DateTimeOffset startedAt, CancellationToken cancellationToken)
        => InTransactionAsync("insert", async (connection, ct) =>
        {
            string? holder = await NameHolderAsync(connection, name, ct).ConfigureAwait(false);
            await ExecuteAsync(connection, "INSERT INTO atdata_pending (insert_id, name, started_at) VALUES ($id, $name, $started)", ct,
                ("$id", insertId), ("$name", name), ("$started", startedAt.ToUnixTimeMilliseconds())).ConfigureAwait(false);
            return holder;
        }, cancellationToken);

    public Task AppendPendingUrlAsync(string insertId, string url, CancellationToken cancellationToken)
        => RunAsync("insert", (connection, ct) => ExecuteAsync(connection, "INSERT INTO atdata_pending_urls (insert_id, url) VALUES ($id, $url)", ct,
            ("$id", insertId), ("$url", url)), cancellationToken);

    public async Task ForgetPendingAsync(string insertId)
    {
        try
        {
            await RemovePendingAsync(insertId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IndexException)
        {
            // Left for GcAsync.
        }
    }

    public Task RemovePendingAsync(string insertId, CancellationToken cancellationToken)
        => InTransactionAsync("gc", async (connection, ct) =>
        {
            await DeletePendingAsync(connection, insertId, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> PendingStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
        => await RunAsync("gc", (connection, ct) => QueryAsync(connection, "SELECT insert_id FROM atdata_pending WHERE started_at <= $cutoff ORDER BY started_at",
            reader => reader.GetString(0), ct, ("$cutoff", cutoff.ToUnixTimeMilliseconds())), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<string>> PendingUrlsAsync(string insertId, CancellationToken cancellationToken)
        => await RunAsync("gc", (connection, ct) => QueryAsync(connection, "SELECT url FROM atdata_pending_urls WHERE insert_id = $id ORDER BY rowid",
            reader => reader.GetString(0), ct, ("$id", insertId)), cancellationToken).ConfigureAwait(false);

    private static async Task DeletePendingAsync(SqliteConnection connection, string insertId, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "DELETE FROM atdata_pending_urls WHERE insert_id = $id", cancellationToken, ("$id", insertId)).ConfigureAwait(false);
        await ExecuteAsync(connection, "DELETE FROM atdata_pending WHERE insert_id = $id", cancellationToken, ("$id", insertId)).ConfigureAwait(false);
    }
}
