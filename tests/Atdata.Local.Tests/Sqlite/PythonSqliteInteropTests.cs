using System.Text.Json;
using Atdata.Local.Tests.Quickstart;

namespace Atdata.Local.Tests.Sqlite;

/// <summary>
/// The index file both ways with Python's own <c>sqlite3</c> and <c>msgpack</c> modules: a file Python atdata's
/// SQLite provider would write is read here, and a file written here reads in Python with the expected columns
/// and values. Needs Debian's <c>/usr/bin/python3</c> with <c>python3-msgpack</c> (scripts/test.sh installs it);
/// without them the tests fail.
/// </summary>
public sealed class PythonSqliteInteropTests
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Creates the tables as Python atdata's SqliteProvider declares them and writes rows as its store_* methods do.</summary>
    private const string PythonWriter = """
        import json, sqlite3, sys
        import msgpack

        spec = json.loads(sys.argv[2])
        conn = sqlite3.connect(sys.argv[1])
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript('''
        CREATE TABLE IF NOT EXISTS dataset_entries (
            cid TEXT PRIMARY KEY, name TEXT NOT NULL, schema_ref TEXT NOT NULL, data_urls BLOB NOT NULL,
            metadata BLOB, legacy_uuid TEXT, created_at TEXT DEFAULT (datetime('now')));
        CREATE INDEX IF NOT EXISTS idx_entries_name ON dataset_entries(name);
        CREATE TABLE IF NOT EXISTS schemas (
            name TEXT NOT NULL, version TEXT NOT NULL, schema_json TEXT NOT NULL,
            created_at TEXT DEFAULT (datetime('now')), PRIMARY KEY (name, version));
        CREATE TABLE IF NOT EXISTS labels (
            name TEXT NOT NULL, cid TEXT NOT NULL, version TEXT NOT NULL DEFAULT '', description TEXT,
            created_at TEXT DEFAULT (datetime('now')), PRIMARY KEY (name, version));
        CREATE INDEX IF NOT EXISTS idx_labels_cid ON labels(cid);
        ''')
        conn.commit()
        for e in spec["entries"]:
            meta = e["metadata"]
            conn.execute(
                "INSERT OR REPLACE INTO dataset_entries (cid, name, schema_ref, data_urls, metadata, legacy_uuid) VALUES (?, ?, ?, ?, ?, ?)",
                (e["cid"], e["name"], e["schema_ref"], msgpack.packb(e["data_urls"]), msgpack.packb(meta) if meta is not None else None, None))
            conn.commit()
            if e["label"]:
                conn.execute("INSERT OR REPLACE INTO labels (name, cid, version, description) VALUES (?, ?, ?, ?)", (e["name"], e["cid"], "", "from python"))
                conn.commit()
        for s in spec["schemas"]:
            conn.execute("INSERT OR REPLACE INTO schemas (name, version, schema_json) VALUES (?, ?, ?)", (s["name"], s["version"], s["json"]))
            conn.commit()
        conn.close()
        """;

    /// <summary>Reads the file as Python atdata's provider reads it and prints what it found as JSON.</summary>
    private const string PythonReader = """
        import json, sqlite3, sys
        import msgpack

        conn = sqlite3.connect(sys.argv[1])
        out = {"columns": {}, "entries": [], "labels": {}, "schemas": []}
        for table in ("dataset_entries", "schemas", "labels", "lenses"):
            out["columns"][table] = [r[1] for r in conn.execute("PRAGMA table_info(%s)" % table)]
        out["journal_mode"] = conn.execute("PRAGMA journal_mode").fetchone()[0]
        for cid, name, schema_ref, urls, meta, legacy, created in conn.execute(
                "SELECT cid, name, schema_ref, data_urls, metadata, legacy_uuid, created_at FROM dataset_entries"):
            out["entries"].append({"cid": cid, "name": name, "schema_ref": schema_ref, "urls_type": type(urls).__name__,
                "data_urls": msgpack.unpackb(urls), "metadata": msgpack.unpackb(meta) if meta is not None else None,
                "legacy_uuid": legacy, "created_at": created})
        for name in {r[0] for r in conn.execute("SELECT name FROM labels")}:
            row = conn.execute("SELECT cid, version FROM labels WHERE name = ? ORDER BY created_at DESC LIMIT 1", (name,)).fetchone()
            out["labels"][name] = {"cid": row[0], "version": row[1]}
        for name, version, text in conn.execute("SELECT name, version, schema_json FROM schemas"):
            out["schemas"].append({"name": name, "version": version, "record": json.loads(text)})
        print(json.dumps(out))
        """;

    private string? _dir;

    [SetUp]
    public void RequirePython()
    {
        if (!File.Exists(Python) || Run(["-c", "import msgpack, sqlite3"]).Code != 0)
        {
            Assert.Fail($"{Python} with the msgpack module is needed (Debian packages python3 and python3-msgpack; scripts/test.sh installs them).");
        }

        _dir = Path.Combine(Path.GetTempPath(), "atdata-pysqlite-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDir() => Directory.Delete(_dir!, recursive: true);

    [Test]
    public async Task A_file_python_wrote_is_read_and_extended()
    {
        string path = Path.Combine(_dir!, "index.db");
        string labelledRef = "atdata://local/schema/TextSample@1.0.0";
        string[] labelledUrls = ["/srv/atdata/data/mnist/data--1a2b3c4d--000000.tar", "/srv/atdata/data/mnist/data--1a2b3c4d--000001.tar"];
        string[] bareUrls = ["s3://bucket/old/data-{000000..000003}.tar"];
        string labelledCid = Cid.ForEntry(labelledRef, labelledUrls).ToString();
        string bareCid = Cid.ForEntry(labelledRef, bareUrls).ToString();
        string schemaJson = new SchemaRecord("TextSample", "1.0.0", [new SchemaField("text", SchemaFieldType.Str), new SchemaField("id", SchemaFieldType.Int)]) { CreatedAt = DateTimeOffset.UnixEpoch }.ToJson();
        var spec = new
        {
            entries = new object[]
            {
                new
                {
                    cid = labelledCid, name = "mnist", schema_ref = labelledRef, data_urls = labelledUrls, label = true,
                    metadata = new Dictionary<string, object> { ["checksums"] = labelledUrls.ToDictionary(u => u, u => new string('a', 64)), ["count"] = 70000, ["tags"] = new[] { "digits", "train" } },
                },
                new { cid = bareCid, name = "seed-era", schema_ref = labelledRef, data_urls = bareUrls, label = false, metadata = (object?)null },
            },
            schemas = new[] { new { name = "TextSample", version = "1.0.0", json = schemaJson } },
        };
        var (code, _, error) = Run(["-c", PythonWriter, path, JsonSerializer.Serialize(spec)]);
        Assert.That(code, Is.Zero, error);

        await using var index = LocalIndex.OpenSqlite(path, new LocalDiskStore(Path.Combine(_dir!, "data")));
        var mnist = await index.GetEntryByNameAsync("mnist");
        Assert.That(mnist.Cid, Is.EqualTo(labelledCid));
        Assert.That(mnist.DataUrls, Is.EqualTo(labelledUrls));
        Assert.That(mnist.Checksums.Keys, Is.EquivalentTo(labelledUrls));
        Assert.That(mnist.Metadata!["count"], Is.EqualTo(70000L));
        Assert.That(mnist.Metadata["tags"], Is.EqualTo(new object?[] { "digits", "train" }));
        Assert.That((await index.GetEntryAsync(bareCid)).Name, Is.EqualTo("seed-era"));
        Assert.That((await index.GetEntryByNameAsync("seed-era")).Metadata, Is.Null, "an entry without a label is found through dataset_entries.name");
        Assert.That((await index.GetAllEntriesAsync()).Select(e => e.Cid), Is.EquivalentTo(new[] { labelledCid, bareCid }));
        Assert.That((await index.GetSchemaAsync(labelledRef)).Fields.Select(f => f.Name), Is.EqualTo(new[] { "text", "id" }));
        Assert.ThrowsAsync<DatasetExistsException>(async () => await index.AddEntryAsync(new LocalDatasetEntry("mnist", labelledRef, ["/x.tar"])));

        // The file takes this SDK's writes (its pending tables are added) and Python still reads all of it.
        var source = Path.Combine(_dir!, "source.tar");
        await using (var writer = new ShardWriter(source))
        {
            await writer.WriteAsync(new TextSample("hello", 1));
        }

        var inserted = await index.InsertDatasetAsync(new Dataset<TextSample>(source), "from-dotnet");
        using var read = ReadWithPython(path);
        var entries = read.RootElement.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.That(entries.Keys, Is.EquivalentTo(new[] { "mnist", "seed-era", "from-dotnet" }));
        Assert.That(entries["from-dotnet"].GetProperty("cid").GetString(), Is.EqualTo(inserted.Cid));
        Assert.That(read.RootElement.GetProperty("labels").GetProperty("mnist").GetProperty("cid").GetString(), Is.EqualTo(labelledCid));
    }

    [Test]
    public async Task A_file_written_here_reads_in_python_with_the_expected_columns_and_values()
    {
        string path = Path.Combine(_dir!, "index.db");
        string source = Path.Combine(_dir!, "source.tar");
        await using (var writer = new ShardWriter(source))
        {
            for (int i = 0; i < 3; i++)
            {
                await writer.WriteAsync(new TextSample($"t{i}", i));
            }
        }

        LocalDatasetEntry inserted, added;
        await using (var index = LocalIndex.OpenSqlite(path, new LocalDiskStore(Path.Combine(_dir!, "data"))))
        {
            inserted = await index.InsertDatasetAsync(new Dataset<TextSample>(source), "texts",
                options: new InsertOptions { Metadata = new Dictionary<string, object?> { ["split"] = "train", ["n"] = 3L, ["ratio"] = 0.5, ["flags"] = new object?[] { true, null } } });
            added = await index.AddEntryAsync(new Dataset<TextSample>(source), "plain");
            await index.PublishSchemaAsync<TextSample>(version: "2.0.0", description: "Texts");
        }

        using var read = ReadWithPython(path);
        var root = read.RootElement;
        var columns = root.GetProperty("columns");
        Assert.That(Names(columns.GetProperty("dataset_entries")), Is.EqualTo(new[] { "cid", "name", "schema_ref", "data_urls", "metadata", "legacy_uuid", "created_at" }));
        Assert.That(Names(columns.GetProperty("schemas")), Is.EqualTo(new[] { "name", "version", "schema_json", "created_at" }));
        Assert.That(Names(columns.GetProperty("labels")), Is.EqualTo(new[] { "name", "cid", "version", "description", "created_at" }));
        Assert.That(Names(columns.GetProperty("lenses")), Is.EqualTo(new[] { "name", "version", "lens_json", "created_at" }));
        Assert.That(root.GetProperty("journal_mode").GetString(), Is.EqualTo("wal"));

        var entries = root.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        var texts = entries["texts"];
        Assert.That(texts.GetProperty("cid").GetString(), Is.EqualTo(inserted.Cid));
        Assert.That(texts.GetProperty("schema_ref").GetString(), Is.EqualTo("atdata://local/sampleSchema/TextSample@1.0.0"));
        Assert.That(texts.GetProperty("urls_type").GetString(), Is.EqualTo("bytes"), "data_urls is a BLOB");
        Assert.That(Names(texts.GetProperty("data_urls")), Is.EqualTo(inserted.DataUrls));
        var meta = texts.GetProperty("metadata");
        Assert.That(meta.GetProperty("split").GetString(), Is.EqualTo("train"));
        Assert.That(meta.GetProperty("n").GetInt64(), Is.EqualTo(3));
        Assert.That(meta.GetProperty("ratio").GetDouble(), Is.EqualTo(0.5));
        Assert.That(meta.GetProperty("flags").GetRawText(), Is.EqualTo("[true, null]"));
        Assert.That(meta.GetProperty("checksums").GetProperty(inserted.DataUrls[0]).GetString(), Is.EqualTo(inserted.Checksums[inserted.DataUrls[0]]));
        Assert.That(texts.GetProperty("legacy_uuid").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(texts.GetProperty("created_at").GetString(), Does.Match(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"));
        Assert.That(entries["plain"].GetProperty("metadata").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Names(entries["plain"].GetProperty("data_urls")), Is.EqualTo(new[] { source }));
        Assert.That(entries["plain"].GetProperty("cid").GetString(), Is.EqualTo(added.Cid));

        var labels = root.GetProperty("labels");
        Assert.That(labels.GetProperty("texts").GetProperty("cid").GetString(), Is.EqualTo(inserted.Cid));
        Assert.That(labels.GetProperty("texts").GetProperty("version").GetString(), Is.Empty);

        var schemas = root.GetProperty("schemas").EnumerateArray().ToDictionary(s => s.GetProperty("version").GetString()!);
        Assert.That(schemas.Keys, Is.EquivalentTo(new[] { "1.0.0", "2.0.0" }), "the insert stored TextSample's schema at 1.0.0; the publish at 2.0.0");
        var published = schemas["2.0.0"].GetProperty("record");
        Assert.That(published.GetProperty("name").GetString(), Is.EqualTo("TextSample"));
        Assert.That(published.GetProperty("description").GetString(), Is.EqualTo("Texts"));
        Assert.That(published.TryGetProperty("$ref", out _), Is.False);
        Assert.That(published.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()), Is.EqualTo(new[] { "text", "id" }));
    }

    private static string[] Names(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static JsonDocument ReadWithPython(string path)
    {
        var (code, output, error) = Run(["-c", PythonReader, path]);
        Assert.That(code, Is.Zero, error);
        return JsonDocument.Parse(output);
    }

    private static (int Code, string Output, string Error) Run(IEnumerable<string> arguments)
        => ChildProcess.RunAsync(Python, arguments, timeout: TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
}
