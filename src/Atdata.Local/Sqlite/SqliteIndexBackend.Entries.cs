using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Atdata.Local;

internal sealed partial class SqliteIndexBackend
{
    private const int ListPageSize = 512;
    private const string EntryColumns = "cid, name, schema_ref, data_urls, metadata";

    /// <summary>
    /// The entry upsert. Like Redis HSET, re-adding a CID without metadata keeps the stored metadata; the row's
    /// <c>created_at</c> stays that of its first write.
    /// </summary>
    private const string UpsertEntrySql = """
        INSERT INTO dataset_entries (cid, name, schema_ref, data_urls, metadata) VALUES ($cid, $name, $schema_ref, $data_urls, $metadata)
        ON CONFLICT (cid) DO UPDATE SET name = excluded.name, schema_ref = excluded.schema_ref, data_urls = excluded.data_urls,
            metadata = coalesce(excluded.metadata, dataset_entries.metadata)
        """;

    /// <summary>
    /// The unversioned label (Python's <c>store_label(name, cid)</c>): replaced whole so its <c>created_at</c> is
    /// fresh (Python picks the newest label of a name), keeping a description Python gave it.
    /// </summary>
    private const string UpsertLabelSql = """
        INSERT OR REPLACE INTO labels (name, cid, version, description)
        VALUES ($name, $cid, '', (SELECT description FROM labels WHERE name = $name AND version = ''))
        """;

    public Task<string?> WriteEntryAsync(EntryWrite write, string operation, CancellationToken cancellationToken)
        => InTransactionAsync(operation, async (connection, ct) =>
        {
            var entry = write.Entry;
            string? holder = await NameHolderAsync(connection, entry.Name, ct).ConfigureAwait(false);
            if (holder is not null && holder != entry.Cid && !write.Overwrite)
            {
                return holder;
            }

            await ExecuteAsync(connection, UpsertEntrySql, ct,
                ("$cid", entry.Cid), ("$name", entry.Name), ("$schema_ref", entry.SchemaRef), ("$data_urls", EntryCodec.EncodeUrls(entry.DataUrls)),
                ("$metadata", entry.Metadata is null ? null : EntryCodec.EncodeMetadata(entry.Metadata))).ConfigureAwait(false);
            await ExecuteAsync(connection, UpsertLabelSql, ct, ("$name", entry.Name), ("$cid", entry.Cid)).ConfigureAwait(false);
            if (write.Schema is { } schema)
            {
                await ExecuteAsync(connection, "INSERT OR IGNORE INTO schemas (name, version, schema_json) VALUES ($name, $version, $json)", ct,
                    ("$name", schema.Name), ("$version", schema.Version), ("$json", schema.Json)).ConfigureAwait(false);
            }

            if (write.PendingId is { } pendingId)
            {
                await DeletePendingAsync(connection, pendingId, ct).ConfigureAwait(false);
            }

            return (string?)null;
        }, cancellationToken);

    /// <summary>
    /// The CID a name points at: its unversioned label, else (an entry Python wrote without a label) the newest
    /// entry with the name; null when neither exists.
    /// </summary>
    private static async Task<string?> NameHolderAsync(SqliteConnection connection, string name, CancellationToken cancellationToken)
        => (string?)await ScalarAsync(connection, "SELECT cid FROM labels WHERE name = $name AND version = ''", cancellationToken, ("$name", name)).ConfigureAwait(false)
           ?? (string?)await ScalarAsync(connection, "SELECT cid FROM dataset_entries WHERE name = $name ORDER BY rowid DESC LIMIT 1", cancellationToken, ("$name", name)).ConfigureAwait(false);

    public async Task<bool?> NameMapsToAsync(string name, string cid)
    {
        try
        {
            var mapped = await RunAsync("insert", (connection, ct) => ScalarAsync(connection, "SELECT cid FROM labels WHERE name = $name AND version = ''", ct, ("$name", name)), CancellationToken.None).ConfigureAwait(false);
            return mapped as string == cid;
        }
        catch (IndexException)
        {
            return null;
        }
    }

    public Task<LocalDatasetEntry?> FindEntryAsync(string cid, CancellationToken cancellationToken)
        => RunAsync("get", (connection, ct) => EntryByCidAsync(connection, cid, ct), cancellationToken);

    public Task<LocalDatasetEntry?> FindEntryByNameAsync(string name, CancellationToken cancellationToken)
        => RunAsync("get", async (connection, ct) =>
        {
            if (await ScalarAsync(connection, "SELECT cid FROM labels WHERE name = $name AND version = ''", ct, ("$name", name)).ConfigureAwait(false) is string cid
                && await EntryByCidAsync(connection, cid, ct).ConfigureAwait(false) is { } labelled
                && string.Equals(labelled.Name, name, StringComparison.Ordinal))
            {
                return labelled;
            }

            var rows = await QueryAsync(connection, $"SELECT {EntryColumns} FROM dataset_entries WHERE name = $name ORDER BY rowid DESC LIMIT 1", ReadEntry, ct, ("$name", name)).ConfigureAwait(false);
            return rows.Count > 0 ? rows[0] : null;
        }, cancellationToken);

    private static async Task<LocalDatasetEntry?> EntryByCidAsync(SqliteConnection connection, string cid, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(connection, $"SELECT {EntryColumns} FROM dataset_entries WHERE cid = $cid", ReadEntry, cancellationToken, ("$cid", cid)).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    /// <summary>Pages through the rows by rowid, one short read per page, so no read stays open while the caller works.</summary>
    public async IAsyncEnumerable<LocalDatasetEntry> EntriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long after = long.MinValue;
        while (true)
        {
            var page = await RunAsync("list", (connection, ct) => QueryAsync(connection,
                $"SELECT rowid, {EntryColumns} FROM dataset_entries WHERE rowid > $after ORDER BY rowid LIMIT {ListPageSize}",
                reader => (RowId: reader.GetInt64(0), Entry: ReadEntry(reader, 1)), ct, ("$after", after)), cancellationToken).ConfigureAwait(false);
            foreach (var (_, entry) in page)
            {
                yield return entry;
            }

            if (page.Count < ListPageSize)
            {
                yield break;
            }

            after = page[^1].RowId;
        }
    }

    public Task<int> ReindexAsync(CancellationToken cancellationToken)
        => InTransactionAsync("reindex", (connection, ct) => ExecuteAsync(connection, """
            INSERT INTO labels (name, cid, version)
            SELECT e.name, e.cid, '' FROM dataset_entries e
            WHERE e.rowid = (SELECT max(x.rowid) FROM dataset_entries x WHERE x.name = e.name)
              AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.name = e.name AND l.version = '')
            """, ct), cancellationToken);

    private static LocalDatasetEntry ReadEntry(SqliteDataReader reader) => ReadEntry(reader, 0);

    /// <summary>Reads <see cref="EntryColumns"/> starting at column <paramref name="first"/>.</summary>
    private static LocalDatasetEntry ReadEntry(SqliteDataReader reader, int first)
    {
        string cid = reader.IsDBNull(first) ? string.Empty : reader.GetString(first);
        return EntryCodec.Decode(cid, TextOrNull(reader, first + 1), TextOrNull(reader, first + 2), BlobOrNull(reader, first + 3), cid, BlobOrNull(reader, first + 4));
    }

    private static string? TextOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A BLOB column's bytes; a TEXT value (a foreign writer's) is taken as its UTF-8 bytes.</summary>
    private static byte[]? BlobOrNull(SqliteDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal) switch
        {
            byte[] bytes => bytes,
            var other => Encoding.UTF8.GetBytes(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
        };
}
