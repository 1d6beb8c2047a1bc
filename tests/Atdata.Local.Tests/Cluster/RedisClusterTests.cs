using StackExchange.Redis;

namespace Atdata.Local.Tests.Cluster;

/// <summary>
/// What is particular to a Redis Cluster: the keys of each atomic step share one hash slot, Python's keys are
/// written byte for byte as on one server and repaired when a crash left them out, scans cover every primary,
/// and a dead node gives a typed <see cref="IndexException"/>.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Cluster")]
public sealed class RedisClusterTests
{
    private const string SchemaRef = "atdata://local/sampleSchema/TextSample@1.0.0";

    [SetUp]
    public void Flush() => ClusterTestSupport.RequireAndFlush();

    private static IDatabase Db => ClusterTestSupport.Admin.GetDatabase();

    private static LocalIndex NewIndex(IDataStore? store = null) => new(ClusterTestSupport.Options(), store);

    [Test]
    public async Task The_keys_of_the_commit_step_share_one_hash_slot_and_exist_after_an_insert()
    {
        await using var index = NewIndex(new LocalDiskStore(Path.Combine(Path.GetTempPath(), "atdata-cluster-" + Guid.NewGuid().ToString("N")[..8])));
        var entry = await index.AddEntryAsync(new LocalDatasetEntry("slotted", SchemaRef, ["/data/slotted/0.tar"]));

        string[] commitKeys = ["{atdata}:names", "{atdata}:entries", "{atdata}:entry:" + entry.Cid, "{atdata}:pending", "{atdata}:pending:some-insert-id"];
        long slot = ClusterTestSupport.KeySlot(commitKeys[0]);
        foreach (string key in commitKeys)
        {
            Assert.That(ClusterTestSupport.KeySlot(key), Is.EqualTo(slot), $"{key} is in the commit's slot");
        }

        var layout = RedisLayout.Cluster;
        Assert.That(new[] { (string)layout.Names!, (string)layout.Entries!, (string)layout.Pending!, (string)layout.CommittedEntry("c")!, (string)layout.PendingUrls("i")! },
            Has.All.StartWith("{atdata}:"), "the backend uses the tagged names");
        Assert.That((string?)await Db.HashGetAsync("{atdata}:names", "slotted"), Is.EqualTo(entry.Cid));
        Assert.That(await Db.SetContainsAsync("{atdata}:entries", entry.Cid), Is.True);
        Assert.That((string?)await Db.HashGetAsync("{atdata}:entry:" + entry.Cid, "name"), Is.EqualTo("slotted"));
        Assert.That(await Db.KeyExistsAsync("atdata:names"), Is.False, "the single-server names are not used on a cluster");
    }

    [Test]
    public async Task Python_keys_on_the_cluster_are_byte_identical_to_a_single_server()
    {
        var entry = new LocalDatasetEntry("same-bytes", SchemaRef, ["s3://b/same-bytes/0.tar", "s3://b/same-bytes/1.tar"], new Dictionary<string, object?> { ["n"] = 2L, ["note"] = "x" });
        await using (var index = NewIndex())
        {
            await index.AddEntryAsync(entry);
        }

        string single = Environment.GetEnvironmentVariable("ATDATA_REDIS") ?? throw new AssertionException("ATDATA_REDIS is needed to compare with a single server");
        int colon = single.LastIndexOf(':');
        var singleOptions = new LocalIndexOptions { Host = single[..colon], Port = int.Parse(single[(colon + 1)..]), Database = 7 };
        using var singleAdmin = await ConnectionMultiplexer.ConnectAsync(single + ",allowAdmin=true");
        await singleAdmin.GetServer(singleAdmin.GetEndPoints()[0]).FlushDatabaseAsync(7);
        await using (var index = new LocalIndex(singleOptions))
        {
            await index.AddEntryAsync(entry);
        }

        var singleDb = singleAdmin.GetDatabase(7);
        foreach (string key in new[] { "LocalDatasetEntry:" + entry.Cid, "Label:same-bytes@" })
        {
            var onCluster = await Db.HashGetAllAsync(key);
            var onSingle = await singleDb.HashGetAllAsync(key);
            Assert.That(onCluster, Is.Not.Empty, key);
            Assert.That(onCluster.Select(f => ((string)f.Name!, (byte[])f.Value!)), Is.EqualTo(onSingle.Select(f => ((string)f.Name!, (byte[])f.Value!))), key);
        }

        await singleAdmin.GetServer(singleAdmin.GetEndPoints()[0]).FlushDatabaseAsync(7);
    }

    [Test]
    public async Task Lookups_read_the_committed_copy_when_Python_keys_are_missing_and_ReindexAsync_rewrites_them()
    {
        await using var index = NewIndex();
        var entry = await index.AddEntryAsync(new LocalDatasetEntry("crashed-after-commit", SchemaRef, ["/d/0.tar", "/d/1.tar", "/d/2.tar"]));
        var python = await Db.HashGetAllAsync("LocalDatasetEntry:" + entry.Cid);

        // As if the process died between the commit and the Python-layout writes.
        await Db.KeyDeleteAsync("LocalDatasetEntry:" + entry.Cid);
        await Db.KeyDeleteAsync("Label:crashed-after-commit@");

        var found = await index.GetEntryByNameAsync("crashed-after-commit");
        Assert.That(found.DataUrls, Has.Count.EqualTo(3), "never a partial entry");
        Assert.That((await index.GetAllEntriesAsync()).Single().Cid, Is.EqualTo(entry.Cid));

        Assert.That(await index.ReindexAsync(), Is.Zero, "nothing to adopt: the entry was ours");
        var repaired = await Db.HashGetAllAsync("LocalDatasetEntry:" + entry.Cid);
        Assert.That(repaired.Select(f => ((string)f.Name!, (byte[])f.Value!)), Is.EqualTo(python.Select(f => ((string)f.Name!, (byte[])f.Value!))));
        Assert.That((string?)await Db.HashGetAsync("Label:crashed-after-commit@", "cid"), Is.EqualTo(entry.Cid));
    }

    [Test]
    public async Task Entries_and_schemas_Python_wrote_on_any_node_are_found_by_scanning_every_primary()
    {
        // Python writes its keys with no hash tag, so they spread over the nodes.
        var names = Enumerable.Range(0, 12).Select(i => $"py-{i}").ToArray();
        var cids = new List<string>();
        foreach (string name in names)
        {
            var e = new LocalDatasetEntry(name, SchemaRef, [$"/py/{name}.tar"]);
            cids.Add(e.Cid);
            await Db.HashSetAsync("LocalDatasetEntry:" + e.Cid, [new("name", name), new("schema_ref", SchemaRef), new("data_urls", EntryCodec.EncodeUrls(e.DataUrls)), new("cid", e.Cid)]);
        }

        for (int i = 0; i < 6; i++)
        {
            await Db.StringSetAsync($"LocalSchema:Py{i}@1.0.0", $$"""{"name": "Py{{i}}", "version": "1.0.0", "fields": []}""");
        }

        var holders = cids.Select(c => ClusterTestSupport.Admin.GetDatabase().IdentifyEndpoint("LocalDatasetEntry:" + c)).Distinct().Count();
        Assert.That(holders, Is.GreaterThan(1), "the test's keys span several nodes");

        await using var index = NewIndex();
        Assert.That((await index.GetEntryByNameAsync("py-7")).Name, Is.EqualTo("py-7"), "found by the scan fallback");
        Assert.That(await index.ReindexAsync(), Is.EqualTo(12));
        Assert.That((await index.GetAllEntriesAsync()).Select(e => e.Name), Is.EquivalentTo(names));
        var schemas = new List<string>();
        await foreach (var s in index.ListSchemasAsync())
        {
            schemas.Add(s.Name);
        }

        Assert.That(schemas, Is.EquivalentTo(Enumerable.Range(0, 6).Select(i => $"Py{i}")));
    }

    [Test]
    public async Task A_killed_node_gives_a_typed_IndexException_and_no_partial_entry()
    {
        using var cluster = new PrivateCluster();
        var options = new LocalIndexOptions { ConnectionString = cluster.Endpoints, CommandTimeout = TimeSpan.FromSeconds(2), ConnectTimeout = TimeSpan.FromSeconds(2) };
        await using var index = new LocalIndex(options);
        var before = await index.AddEntryAsync(new LocalDatasetEntry("before", SchemaRef, ["/k/0.tar"]));

        using (var admin = await ConnectionMultiplexer.ConnectAsync(cluster.Endpoints))
        {
            cluster.Kill(admin.GetDatabase().IdentifyEndpoint("{atdata}:names")!);
        }

        var write = Assert.ThrowsAsync<IndexException>(() => index.AddEntryAsync(new LocalDatasetEntry("after", SchemaRef, ["/k/1.tar"])));
        Assert.That(write!.Operation, Is.Not.Empty);
        Assert.ThrowsAsync<IndexException>(() => index.FindEntryByNameAsync("before"));
        Assert.ThrowsAsync<IndexException>(async () => await index.GetAllEntriesAsync());
        Assert.That(before.DataUrls, Has.Count.EqualTo(1));
    }
}
