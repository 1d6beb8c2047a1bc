namespace Atdata.Local;

/// <summary>
/// The SQLite tables: Python atdata's four (interop §3.6, declared as its <c>SqliteProvider</c> declares them, so
/// either side can create the file and the other opens it) and this SDK's pending-insert tables.
/// </summary>
internal static class SqliteTables
{
    /// <summary>Every table this SDK needs; when all exist, opening the file writes nothing.</summary>
    public static readonly string[] Names = ["dataset_entries", "schemas", "labels", "lenses", "atdata_pending", "atdata_pending_urls"];

    /// <summary>Counts how many of <see cref="Names"/> exist.</summary>
    public static readonly string CountExisting =
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (" + string.Join(", ", Names.Select(n => "'" + n + "'")) + ")";

    /// <summary>
    /// <c>CREATE … IF NOT EXISTS</c> for every table and index. <c>created_at</c> defaults to SQLite's
    /// <c>datetime('now')</c> (UTC <c>YYYY-MM-DD HH:MM:SS</c>), as Python's; this SDK never writes it.
    /// <c>data_urls</c> and <c>metadata</c> are msgpack BLOBs (<see cref="EntryCodec"/>).
    /// </summary>
    public const string Create = """
        CREATE TABLE IF NOT EXISTS dataset_entries (
            cid         TEXT PRIMARY KEY,
            name        TEXT NOT NULL,
            schema_ref  TEXT NOT NULL,
            data_urls   BLOB NOT NULL,
            metadata    BLOB,
            legacy_uuid TEXT,
            created_at  TEXT DEFAULT (datetime('now'))
        );
        CREATE INDEX IF NOT EXISTS idx_entries_name ON dataset_entries(name);

        CREATE TABLE IF NOT EXISTS schemas (
            name        TEXT NOT NULL,
            version     TEXT NOT NULL,
            schema_json TEXT NOT NULL,
            created_at  TEXT DEFAULT (datetime('now')),
            PRIMARY KEY (name, version)
        );

        CREATE TABLE IF NOT EXISTS labels (
            name        TEXT NOT NULL,
            cid         TEXT NOT NULL,
            version     TEXT NOT NULL DEFAULT '',
            description TEXT,
            created_at  TEXT DEFAULT (datetime('now')),
            PRIMARY KEY (name, version)
        );
        CREATE INDEX IF NOT EXISTS idx_labels_cid ON labels(cid);

        CREATE TABLE IF NOT EXISTS lenses (
            name        TEXT NOT NULL,
            version     TEXT NOT NULL,
            lens_json   TEXT NOT NULL,
            created_at  TEXT DEFAULT (datetime('now')),
            PRIMARY KEY (name, version)
        );

        CREATE TABLE IF NOT EXISTS atdata_pending (
            insert_id   TEXT PRIMARY KEY,
            name        TEXT NOT NULL,
            started_at  INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_atdata_pending_started ON atdata_pending(started_at);

        CREATE TABLE IF NOT EXISTS atdata_pending_urls (
            insert_id   TEXT NOT NULL,
            url         TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_atdata_pending_urls ON atdata_pending_urls(insert_id);
        """;
}
