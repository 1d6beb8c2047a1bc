using System.Diagnostics;
using System.Security.Cryptography;

namespace Atdata.Local.Tests.Redis;

/// <summary>The insert protocol over a real Redis and the local disk store.</summary>
[NonParallelizable]
public sealed class InsertDatasetTests : RedisTestBase
{
    protected override int DatabaseNumber => 13;

    [Test]
    public async Task Insert_writes_shards_then_the_entry_with_checksums_label_and_schema()
    {
        var store = new LocalDiskStore(TempDir());
        await using var index = NewIndex(store);
        var ds = await SmallDatasetAsync(25);
        var schema = new SchemaRecord("TextSample", "1.0.0", [new SchemaField("text", SchemaFieldType.Str), new SchemaField("id", SchemaFieldType.Int)]);
        var entry = await index.InsertDatasetAsync(ds, name: "my-dataset", prefix: "datasets/v1",
            new InsertOptions { MaxCount = 10, Schema = schema, Metadata = new Dictionary<string, object?> { ["note"] = "n" } });

        Assert.That(entry.SchemaRef, Is.EqualTo("atdata://local/sampleSchema/TextSample@1.0.0"));
        Assert.That(entry.DataUrls, Has.Count.EqualTo(3));
        foreach (var url in entry.DataUrls)
        {
            Assert.That(url, Does.Match(@"/datasets/v1/data--[0-9a-f]{8}--00000[0-2]\.tar$"));
            Assert.That(Path.IsPathRooted(url), Is.True);
            Assert.That(entry.Checksums[url], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(url)))));
        }

        var read = await index.GetEntryByNameAsync("my-dataset");
        Assert.That(read.Checksums, Has.Count.EqualTo(3));
        Assert.That(read.Metadata!["note"], Is.EqualTo("n"));
        var samples = new List<TextSample>();
        await foreach (var s in new Dataset<TextSample>(store.OpenSource(read.DataUrls)).Ordered())
        {
            samples.Add(s);
        }

        Assert.That(samples.Select(s => s.Id), Is.EqualTo(Enumerable.Range(0, 25).Select(i => (long)i)));
        Assert.That((await index.GetSchemaAsync(entry.SchemaRef)).Fields, Has.Count.EqualTo(2));
        Assert.That(await Db.HashGetAsync("Label:my-dataset@", "cid"), Is.EqualTo((StackExchange.Redis.RedisValue)entry.Cid));
        Assert.That(await Db.SortedSetLengthAsync("atdata:pending"), Is.Zero, "the pending record is cleared with the entry");
    }

    [Test]
    public async Task The_schema_is_stored_only_if_absent()
    {
        await using var index = NewIndex(new LocalDiskStore(TempDir()));
        await Db.StringSetAsync("LocalSchema:TextSample@1.0.0", "{\"name\": \"TextSample\", \"version\": \"1.0.0\", \"fields\": [{\"name\": \"x\", \"fieldType\": {\"$type\": \"local#primitive\", \"primitive\": \"str\"}, \"optional\": false}], \"description\": null, \"createdAt\": \"2026-01-20T23:08:08.123456+00:00\"}");
        var schema = new SchemaRecord("TextSample", "1.0.0", [new SchemaField("text", SchemaFieldType.Str)]);
        await index.InsertDatasetAsync(await SmallDatasetAsync(), "keeps-schema", options: new InsertOptions { Schema = schema });
        Assert.That((string?)await Db.StringGetAsync("LocalSchema:TextSample@1.0.0"), Does.Contain("\"name\": \"x\""));
    }

    [Test]
    public async Task No_entry_is_visible_before_the_shards_are_complete()
    {
        await using var observer = NewIndex();
        bool sawEntry = true;
        var store = new ObservingStore(new LocalDiskStore(TempDir()), async () =>
        {
            sawEntry = await observer.FindEntryByNameAsync("visible") is not null || (await observer.GetAllEntriesAsync()).Count > 0;
        });
        await using var index = NewIndex(store);
        await index.InsertDatasetAsync(await SmallDatasetAsync(), "visible");
        Assert.That(sawEntry, Is.False);
        Assert.That(await observer.FindEntryByNameAsync("visible"), Is.Not.Null);
    }

    [Test]
    public async Task A_failed_upload_leaves_no_entry_and_no_shards()
    {
        string root = TempDir();
        await using var index = NewIndex(new LocalDiskStore(root));
        string broken = Path.Combine(TempDir(), "broken.tar");
        await File.WriteAllBytesAsync(broken, Enumerable.Repeat((byte)0x41, 1500).ToArray());
        var ds = new Dataset<TextSample>(broken);
        Assert.CatchAsync<AtdataException>(() => index.InsertDatasetAsync(ds, "broken"));
        Assert.That(await index.FindEntryByNameAsync("broken"), Is.Null);
        Assert.That(Directory.GetFiles(root, "*", SearchOption.AllDirectories), Is.Empty);
        Assert.That(await Db.SortedSetLengthAsync("atdata:pending"), Is.Zero);
    }

    [Test]
    public async Task Insert_without_a_store_is_an_InvalidOperation()
    {
        await using var index = NewIndex();
        Assert.ThrowsAsync<InvalidOperationException>(async () => await index.InsertDatasetAsync(await SmallDatasetAsync(), "x"));
    }

    [Test]
    public async Task Gc_deletes_the_shards_of_abandoned_inserts()
    {
        string root = TempDir();
        var store = new LocalDiskStore(root);
        var shards = await store.WriteShardsAsync(await SmallDatasetAsync(), "abandoned");
        // What a process that crashed after the upload leaves: a pending record listing its shards.
        await Db.SortedSetAddAsync("atdata:pending", "crashed", DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds());
        await Db.ListRightPushAsync("atdata:pending:crashed", shards.Urls.Select(u => (StackExchange.Redis.RedisValue)u).ToArray());
        await Db.SortedSetAddAsync("atdata:pending", "running", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        await using var index = NewIndex(store);
        var deleted = await index.GcAsync(TimeSpan.FromHours(1));
        Assert.That(deleted, Is.EquivalentTo(shards.Urls));
        Assert.That(shards.Urls.Any(File.Exists), Is.False);
        Assert.That(await Db.SortedSetLengthAsync("atdata:pending"), Is.EqualTo(1), "a recent insert is left alone");
    }

    [Test]
    public async Task Killing_redis_after_the_upload_gives_IndexException_no_entry_and_removed_shards()
    {
        string pidFile = Path.Combine(TestServers.StateDir(), "redis.pid");
        if (!File.Exists(pidFile))
        {
            Assert.Ignore("redis was not started by scripts/services.sh (no pid file), so this test cannot kill it.");
        }

        string root = TempDir();
        IReadOnlyList<string> uploaded = [];
        var store = new ObservingStore(new LocalDiskStore(root), () =>
        {
            int pid = int.Parse(File.ReadAllText(pidFile).Trim());
            using var redis = Process.GetProcessById(pid);
            redis.Kill();
            redis.WaitForExit(10_000);
            return Task.CompletedTask;
        }, urls => uploaded = urls);
        await using var index = NewIndex(store, Options with { CommandTimeout = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(1) });
        try
        {
            var ex = Assert.ThrowsAsync<IndexException>(async () => await index.InsertDatasetAsync(await SmallDatasetAsync(), "killed"));
            Assert.That(ex!.OrphanedUrls, Is.Empty);
            Assert.That(uploaded, Is.Not.Empty);
            Assert.That(uploaded.Any(File.Exists), Is.False, "the uploaded shards were deleted");
        }
        finally
        {
            RestartRedis();
        }

        await using var after = NewIndex();
        Assert.That(await after.FindEntryByNameAsync("killed"), Is.Null);
    }

    /// <summary>Runs a callback after the inner store has written every shard, before returning to the index.</summary>
    private sealed class ObservingStore(IDataStore inner, Func<Task> afterUpload, Action<IReadOnlyList<string>>? onUrls = null) : IDataStore
    {
        public bool SupportsStreaming => inner.SupportsStreaming;

        public async Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options = null, CancellationToken cancellationToken = default)
            where T : IPackable<T>
        {
            var stored = await inner.WriteShardsAsync(dataset, prefix, options, cancellationToken);
            onUrls?.Invoke(stored.Urls);
            await afterUpload();
            return stored;
        }

        public IShardSource OpenSource(IReadOnlyList<string> urls) => inner.OpenSource(urls);

        public Task DeleteAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken = default) => inner.DeleteAsync(urls, cancellationToken);
    }
}
