using Microsoft.Data.Sqlite;

namespace Atdata.Local.Tests.Sqlite;

/// <summary>What only the SQLite backend has: the embedded default's layout, Python's table shapes, file-level failures.</summary>
[NonParallelizable]
public sealed class SqliteIndexTests
{
    private readonly List<string> _dirs = [];

    [TearDown]
    public void DeleteDirs()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }

        _dirs.Clear();
    }

    private string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "atdata-sqlite-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        _dirs.Add(dir);
        return dir;
    }

    private async Task<Dataset<TextSample>> SourceAsync(int count = 4)
    {
        string path = Path.Combine(TempDir(), "source.tar");
        await using (var writer = new ShardWriter(path))
        {
            for (int i = 0; i < count; i++)
            {
                await writer.WriteAsync(new TextSample($"t{i}", i));
            }
        }

        return new Dataset<TextSample>(path);
    }

    [Test]
    public async Task OpenEmbedded_as_the_spec_writes_it_uses_ATDATA_HOME()
    {
        string home = Path.Combine(TempDir(), "home");
        string? saved = Environment.GetEnvironmentVariable("ATDATA_HOME");
        Environment.SetEnvironmentVariable("ATDATA_HOME", home);
        try
        {
            var index = LocalIndex.OpenEmbedded();   // embedded default: SQLite index + local disk store under ~/.atdata
            await using (index)
            {
                Assert.That(index.Kind, Is.EqualTo(IndexKind.Sqlite));
                Assert.That(index.DataStore, Is.TypeOf<LocalDiskStore>());
                Assert.That(((LocalDiskStore)index.DataStore!).Root, Is.EqualTo(Path.Combine(home, "data")));
                Assert.That(Directory.Exists(Path.Combine(home, "data")), Is.True, "the directories are created at once");

                var entry = await index.InsertDatasetAsync(await SourceAsync(), "first");
                Assert.That(entry.DataUrls, Has.Count.EqualTo(1));
                Assert.That(entry.DataUrls[0], Does.Match("^" + System.Text.RegularExpressions.Regex.Escape(Path.Combine(home, "data", "first")) + @"/data--[0-9a-f]{8}--000000\.tar$"));
                Assert.That(File.Exists(entry.DataUrls[0]), Is.True);
                Assert.That(File.Exists(Path.Combine(home, "index.db")), Is.True);
            }

            await using var again = LocalIndex.OpenEmbedded();
            Assert.That((await again.GetEntryByNameAsync("first")).DataUrls, Has.Count.EqualTo(1), "a second open sees the same index");
        }
        finally
        {
            Environment.SetEnvironmentVariable("ATDATA_HOME", saved);
        }
    }

    [Test]
    public async Task OpenEmbedded_with_a_root_ignores_ATDATA_HOME()
    {
        string root = Path.Combine(TempDir(), "nested", "root");
        string? saved = Environment.GetEnvironmentVariable("ATDATA_HOME");
        Environment.SetEnvironmentVariable("ATDATA_HOME", Path.Combine(TempDir(), "unused"));
        try
        {
            await using var index = LocalIndex.OpenEmbedded(root);
            await index.AddEntryAsync(await SourceAsync(), "x");
            Assert.That(File.Exists(Path.Combine(root, "index.db")), Is.True);
            Assert.That(Directory.Exists(Environment.GetEnvironmentVariable("ATDATA_HOME")), Is.False);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ATDATA_HOME", saved);
        }
    }

    [Test]
    public async Task The_file_has_pythons_tables_wal_and_the_name_index()
    {
        string path = Path.Combine(TempDir(), "sub", "index.db");
        await using (var index = LocalIndex.OpenSqlite(path))
        {
            await index.AddEntryAsync(await SourceAsync(), "x");
        }

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Assert.That(Columns(connection, "dataset_entries"), Is.EqualTo(new[] { "cid", "name", "schema_ref", "data_urls", "metadata", "legacy_uuid", "created_at" }));
        Assert.That(Columns(connection, "schemas"), Is.EqualTo(new[] { "name", "version", "schema_json", "created_at" }));
        Assert.That(Columns(connection, "labels"), Is.EqualTo(new[] { "name", "cid", "version", "description", "created_at" }));
        Assert.That(Columns(connection, "lenses"), Is.EqualTo(new[] { "name", "version", "lens_json", "created_at" }));
        Assert.That(Scalar(connection, "PRAGMA journal_mode"), Is.EqualTo("wal"));
        Assert.That(Scalar(connection, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'dataset_entries' AND name = 'idx_entries_name'"), Does.Contain("(name)"));
        Assert.That(Scalar(connection, "SELECT typeof(data_urls) || ',' || typeof(metadata) || ',' || created_at FROM dataset_entries"),
            Does.Match(@"^blob,null,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"));
        Assert.That(Scalar(connection, "SELECT cid || '|' || version FROM labels WHERE name = 'x'"), Does.EndWith("|"));
    }

    [Test]
    public async Task Redis_connection_settings_are_ignored_and_timeouts_still_checked()
    {
        await using var index = LocalIndex.OpenSqlite(Path.Combine(TempDir(), "i.db"), options: new LocalIndexOptions { Host = " ", Port = 0, Database = -1 });
        Assert.That(await index.GetAllEntriesAsync(), Is.Empty);
        Assert.Throws<ArgumentException>(() => LocalIndex.OpenSqlite(Path.Combine(TempDir(), "j.db"), options: new LocalIndexOptions { CommandTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => LocalIndex.OpenSqlite(" "));
    }

    [Test]
    public async Task A_file_that_is_not_a_database_gives_IndexException_naming_the_operation()
    {
        string path = Path.Combine(TempDir(), "index.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));
        await using var index = LocalIndex.OpenSqlite(path);
        var ex = Assert.ThrowsAsync<IndexException>(() => index.GetEntryByNameAsync("x"));
        Assert.That(ex!.Operation, Is.EqualTo("get"));
        Assert.That(ex.Message, Does.StartWith("SQLite get failed"));
        Assert.That(ex.Message, Does.Not.Contain(path));
        Assert.That(ex.InnerException, Is.TypeOf<SqliteException>());
    }

    [Test]
    public async Task A_writer_holding_the_lock_past_the_busy_timeout_gives_IndexException()
    {
        string path = Path.Combine(TempDir(), "index.db");
        await using var index = LocalIndex.OpenSqlite(path, options: new LocalIndexOptions { CommandTimeout = TimeSpan.FromMilliseconds(200) });
        await index.AddEntryAsync(await SourceAsync(), "first");

        using var blocker = new SqliteConnection($"Data Source={path};Pooling=False");
        blocker.Open();
        using (var transaction = blocker.BeginTransaction(deferred: false))
        {
            var ex = Assert.ThrowsAsync<IndexException>(async () => await index.AddEntryAsync(await SourceAsync(), "second"));
            Assert.That(ex!.Operation, Is.EqualTo("add"));
            Assert.That((await index.GetEntryByNameAsync("first")).Name, Is.EqualTo("first"), "readers are not blocked by the writer (WAL)");
            transaction.Rollback();
        }

        await index.AddEntryAsync(await SourceAsync(), "second");
        Assert.That(await index.GetAllEntriesAsync(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Python_entries_without_labels_are_found_by_name_and_adopted_by_Reindex()
    {
        string path = Path.Combine(TempDir(), "index.db");
        await using var index = LocalIndex.OpenSqlite(path);
        await index.AddEntryAsync(await SourceAsync(), "ours");
        var urls = EntryCodec.EncodeUrls(["/data/p/data--0000abcd--000000.tar"]);
        string cid = Cid.ForEntry("atdata://local/schema/TextSample@1.0.0", ["/data/p/data--0000abcd--000000.tar"]).ToString();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO dataset_entries (cid, name, schema_ref, data_urls) VALUES ($cid, 'unlabelled', 'atdata://local/schema/TextSample@1.0.0', $urls)";
            insert.Parameters.AddWithValue("$cid", cid);
            insert.Parameters.AddWithValue("$urls", urls);
            insert.ExecuteNonQuery();
        }

        Assert.That((await index.GetEntryByNameAsync("unlabelled")).Cid, Is.EqualTo(cid));
        Assert.ThrowsAsync<DatasetExistsException>(async () => await index.AddEntryAsync(await SourceAsync(), "unlabelled"), "an unlabelled Python entry still holds its name");
        Assert.That(await index.ReindexAsync(), Is.EqualTo(1));
        Assert.That(await index.ReindexAsync(), Is.Zero);
        Assert.That((await index.GetEntryByNameAsync("unlabelled")).Cid, Is.EqualTo(cid));
    }

    private static string[] Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
