using System.Text.Json;
using StackExchange.Redis;

namespace Atdata.Local.Tests.Redis;

/// <summary>The raw keys and bytes against interop §3 and <c>redis_layout_example.json</c>, and entries written the way Python writes them.</summary>
public sealed class RedisLayoutTests : RedisTestBase
{
    protected override int DatabaseNumber => 12;

    [Test]
    public async Task Entry_hash_label_and_bytes_match_the_python_example()
    {
        using var vector = TestVectors.Load("redis_layout_example.json");
        var commands = vector.RootElement.GetProperty("commands");
        var hset = commands[0];
        var fields = hset.GetProperty("fields");
        byte[] urlsHex = Convert.FromHexString(fields.GetProperty("data_urls").GetProperty("msgpack_hex").GetString()!);
        byte[] metaHex = Convert.FromHexString(fields.GetProperty("metadata").GetProperty("msgpack_hex").GetString()!);
        string schemaRef = fields.GetProperty("schema_ref").GetProperty("utf8").GetString()!;
        var checksums = fields.GetProperty("metadata").GetProperty("decoded").GetProperty("checksums");
        var urls = checksums.EnumerateObject().Select(p => p.Name).ToArray();
        var checksumMap = checksums.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.GetString());

        await using var index = NewIndex();
        var entry = await index.AddEntryAsync(new LocalDatasetEntry("mnist", schemaRef, urls,
            new Dictionary<string, object?> { ["checksums"] = checksumMap }));

        string key = hset.GetProperty("key").GetString()!;
        Assert.That("LocalDatasetEntry:" + entry.Cid, Is.EqualTo(key));
        var raw = (await Db.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (byte[])e.Value!);
        Assert.That(raw.Keys, Is.EquivalentTo(new[] { "name", "schema_ref", "data_urls", "cid", "metadata" }));
        Assert.That(raw["name"], Is.EqualTo("mnist"u8.ToArray()));
        Assert.That(raw["schema_ref"], Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(schemaRef)));
        Assert.That(raw["cid"], Is.EqualTo(System.Text.Encoding.ASCII.GetBytes(fields.GetProperty("cid").GetProperty("utf8").GetString()!)));
        Assert.That(raw["data_urls"], Is.EqualTo(urlsHex));
        Assert.That(raw["metadata"], Is.EqualTo(metaHex));

        var label = commands[2];
        var labelRaw = (await Db.HashGetAllAsync(label.GetProperty("key").GetString()!)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        var expectedLabel = label.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.That(labelRaw, Is.EquivalentTo(expectedLabel));
        Assert.That(await Db.HashGetAsync("atdata:names", "mnist"), Is.EqualTo((RedisValue)entry.Cid));
        Assert.That(await Db.SetContainsAsync("atdata:entries", entry.Cid), Is.True);
    }

    [Test]
    public async Task One_local_shard_data_urls_is_fixarray_then_str8()
    {
        using var vector = TestVectors.Load("entry_cids.json");
        var single = FindVector(vector.RootElement, "entry-local-single");
        var input = single.GetProperty("input");
        string schemaRef = input.GetProperty("schema_ref").GetString()!;
        string url = input.GetProperty("data_urls")[0].GetString()!;

        await using var index = NewIndex();
        var entry = await index.AddEntryAsync(new LocalDatasetEntry("my-dataset", schemaRef, [url]));
        Assert.That(entry.Cid, Is.EqualTo(single.GetProperty("cid").GetString()));
        byte[] raw = (byte[])(await Db.HashGetAsync("LocalDatasetEntry:" + entry.Cid, "data_urls"))!;
        Assert.That(raw[..3], Is.EqualTo(new byte[] { 0x91, 0xd9, 62 }));
        Assert.That(raw[3..], Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(url)));
    }

    [Test]
    public async Task An_entry_written_the_way_python_writes_it_is_read()
    {
        using var vector = TestVectors.Load("redis_layout_example.json");
        var commands = vector.RootElement.GetProperty("commands");
        await WritePythonStyleAsync(commands, withLabel: true);
        string key = commands[0].GetProperty("key").GetString()!;
        string cid = key["LocalDatasetEntry:".Length..];

        await using var index = NewIndex();
        var byCid = await index.GetEntryAsync(cid);
        Assert.That(byCid.Name, Is.EqualTo("mnist"));
        Assert.That(byCid.DataUrls, Has.Count.EqualTo(3));
        Assert.That(byCid.Checksums, Has.Count.EqualTo(3));
        Assert.That(byCid.SchemaRef, Is.EqualTo("atdata://local/schema/ImageSample@1.0.0"));

        long scans = CommandCalls("scan");
        Assert.That((await index.GetEntryByNameAsync("mnist")).Cid, Is.EqualTo(cid), "found through Python's Label key");
        Assert.That(CommandCalls("scan"), Is.EqualTo(scans), "the label lookup needs no scan");

        var schema = await index.GetSchemaAsync("atdata://local/schema/ImageSample@1.0.0");
        Assert.That(schema.Fields, Has.Count.EqualTo(5));
        Assert.That(schema.Ref, Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.0"));

        Assert.That(await index.GetAllEntriesAsync(), Is.Empty, "listing shows only entries in the entry set");
        Assert.That(await index.ReindexAsync(), Is.EqualTo(1));
        Assert.That((await index.GetAllEntriesAsync()).Single().Cid, Is.EqualTo(cid));
    }

    [Test]
    public async Task A_seed_era_entry_without_label_is_found_by_the_scan_fallback()
    {
        using var vector = TestVectors.Load("redis_layout_example.json");
        await WritePythonStyleAsync(vector.RootElement.GetProperty("commands"), withLabel: false);
        await using var index = NewIndex();
        long scans = CommandCalls("scan");
        Assert.That((await index.GetEntryByNameAsync("mnist")).Name, Is.EqualTo("mnist"));
        Assert.That(CommandCalls("scan"), Is.GreaterThan(scans), "the fallback scans only on a miss");

        await using var strict = NewIndex(options: Options with { ScanFallbackForNames = false });
        Assert.That(await strict.FindEntryByNameAsync("mnist"), Is.Null);
    }

    [Test]
    public async Task An_entry_without_cid_field_gets_its_cid_recomputed()
    {
        var entry = LocalIndexEntryTests.LocalEntry(1);
        await Db.HashSetAsync("LocalDatasetEntry:" + entry.Cid, [
            new HashEntry("name", entry.Name), new HashEntry("schema_ref", entry.SchemaRef),
            new HashEntry("data_urls", MsgpackUrls(entry.DataUrls)),
        ]);
        await using var index = NewIndex();
        Assert.That((await index.GetEntryAsync(entry.Cid)).Cid, Is.EqualTo(entry.Cid));
    }

    [Test]
    public async Task A_malformed_entry_raises_IndexException()
    {
        await Db.HashSetAsync("LocalDatasetEntry:bad", [new HashEntry("name", "x"), new HashEntry("schema_ref", "r"), new HashEntry("data_urls", new byte[] { 0xc1 })]);
        await using var index = NewIndex();
        Assert.ThrowsAsync<IndexException>(() => index.GetEntryAsync("bad"));
    }

    private async Task WritePythonStyleAsync(JsonElement commands, bool withLabel)
    {
        var hset = commands[0];
        var entries = hset.GetProperty("fields").EnumerateObject().Select(p => new HashEntry(p.Name,
            p.Value.TryGetProperty("utf8", out var s) ? (RedisValue)s.GetString() : (RedisValue)Convert.FromHexString(p.Value.GetProperty("msgpack_hex").GetString()!))).ToArray();
        await Db.HashSetAsync(hset.GetProperty("key").GetString()!, entries);
        var set = commands[1];
        await Db.StringSetAsync(set.GetProperty("key").GetString()!, set.GetProperty("value_utf8").GetString()!);
        if (withLabel)
        {
            var label = commands[2];
            await Db.HashSetAsync(label.GetProperty("key").GetString()!,
                label.GetProperty("fields").EnumerateObject().Select(p => new HashEntry(p.Name, p.Value.GetString()!)).ToArray());
        }
    }

    private static byte[] MsgpackUrls(IReadOnlyList<string> urls)
    {
        var bytes = new List<byte> { (byte)(0x90 | urls.Count) };
        foreach (var url in urls)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(url);
            bytes.Add(0xd9);
            bytes.Add((byte)utf8.Length);
            bytes.AddRange(utf8);
        }

        return [.. bytes];
    }

    private static JsonElement FindVector(JsonElement root, string id)
    {
        var list = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("vectors");
        return list.EnumerateArray().First(v => v.GetProperty("id").GetString() == id);
    }
}
