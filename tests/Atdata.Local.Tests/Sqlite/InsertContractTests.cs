using System.Security.Cryptography;

namespace Atdata.Local.Tests.Sqlite;

/// <summary>The insert protocol with the local disk store: the same behaviour from both backends.</summary>
[TestFixture(IndexBackend.Redis)]
[TestFixture(IndexBackend.Sqlite)]
[TestFixture(IndexBackend.Cluster)]
[NonParallelizable]
public sealed class InsertContractTests(IndexBackend backend) : IndexTestBase(backend)
{
    protected override int DatabaseNumber => 8;

    [Test]
    public async Task Insert_writes_verified_shards_then_the_entry_and_the_types_schema()
    {
        var store = new LocalDiskStore(TempDir());
        await using var index = NewIndex(store);
        var entry = await index.InsertDatasetAsync(await SmallDatasetAsync(25), "my-dataset", "datasets/v1",
            new InsertOptions { MaxCount = 10, Metadata = new Dictionary<string, object?> { ["note"] = "n" } });

        Assert.That(entry.DataUrls, Has.Count.EqualTo(3));
        foreach (var url in entry.DataUrls)
        {
            Assert.That(url, Does.Match(@"/datasets/v1/data--[0-9a-f]{8}--00000[0-2]\.tar$"));
            Assert.That(File.Exists(url), Is.True);
            Assert.That(entry.Checksums[url], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(url)))));
        }

        var read = await index.GetEntryByNameAsync("my-dataset");
        Assert.That(read.Checksums, Is.EquivalentTo(entry.Checksums));
        Assert.That(read.Metadata!["note"], Is.EqualTo("n"));
        var ids = new List<long>();
        await foreach (var s in new Dataset<TextSample>(store.OpenSource(read.DataUrls)).Ordered())
        {
            ids.Add(s.Id);
        }

        Assert.That(ids, Is.EqualTo(Enumerable.Range(0, 25).Select(i => (long)i)));
        var loaded = await index.LoadDatasetAsync<TextSample>("my-dataset");
        Assert.That(loaded.ShardList, Is.EqualTo(read.DataUrls));
        Assert.That((await LegacyRepo.RepoInsertTests.IdsAsync(loaded)).Count, Is.EqualTo(25));
        Assert.ThrowsAsync<DatasetNotFoundException>(() => index.LoadDatasetAsync<TextSample>("no-such-dataset"));

        // No schema was given: TextSample.Schema is stored under the default reference (Python's _ensure_schema_stored).
        Assert.That(entry.SchemaRef, Is.EqualTo("atdata://local/sampleSchema/TextSample@1.0.0"));
        var schema = await index.GetSchemaAsync(entry.SchemaRef);
        Assert.That(schema.Fields.Select(f => f.Name), Is.EqualTo(new[] { "text", "id" }));
        Assert.That(schema.Version, Is.EqualTo("1.0.0"));
        Assert.That(await index.GcAsync(TimeSpan.Zero), Is.Empty, "the pending record was cleared with the entry");
    }

    [Test]
    public async Task The_default_schema_never_replaces_a_stored_one_and_an_explicit_ref_stores_none()
    {
        await using var index = NewIndex(new LocalDiskStore(TempDir()));
        await index.PublishSchemaAsync(new SchemaRecord("TextSample", "0.0.0", [new SchemaField("x", SchemaFieldType.Str)]), "1.0.0");
        await index.InsertDatasetAsync(await SmallDatasetAsync(), "keeps-schema");
        Assert.That((await index.GetSchemaAsync("atdata://local/sampleSchema/TextSample@1.0.0")).Fields.Select(f => f.Name), Is.EqualTo(new[] { "x" }));

        var entry = await index.InsertDatasetAsync(await SmallDatasetAsync(), "explicit-ref", options: new InsertOptions { SchemaRef = "atdata://local/sampleSchema/Elsewhere@3.0.0" });
        Assert.That(entry.SchemaRef, Is.EqualTo("atdata://local/sampleSchema/Elsewhere@3.0.0"));
        Assert.ThrowsAsync<SchemaNotFoundException>(() => index.GetSchemaAsync(entry.SchemaRef));
    }

    [Test]
    public async Task Concurrent_inserts_under_one_name_from_several_indexes_have_exactly_one_winner()
    {
        string root = TempDir();
        var store = new LocalDiskStore(root);
        var ds = await SmallDatasetAsync(3);
        const int Writers = 8;
        var indexes = Enumerable.Range(0, Writers).Select(_ => NewIndex(store)).ToArray();
        try
        {
            using var start = new SemaphoreSlim(0);
            var tasks = indexes.Select(index => Task.Run(async () =>
            {
                await start.WaitAsync();
                return await index.InsertDatasetAsync(ds, "contested");
            })).ToArray();
            start.Release(Writers);
            int winners = 0, losers = 0;
            foreach (var task in tasks)
            {
                try
                {
                    await task;
                    winners++;
                }
                catch (DatasetExistsException)
                {
                    losers++;
                }
            }

            Assert.That((winners, losers), Is.EqualTo((1, Writers - 1)));
            var entries = await indexes[0].GetAllEntriesAsync();
            Assert.That(entries, Has.Count.EqualTo(1), "no duplicate entry");
            Assert.That((await indexes[^1].GetEntryByNameAsync("contested")).Cid, Is.EqualTo(entries[0].Cid));
            Assert.That(Directory.GetFiles(root, "*.tar", SearchOption.AllDirectories), Is.EquivalentTo(entries[0].DataUrls), "the losers' shards are removed");
        }
        finally
        {
            foreach (var index in indexes)
            {
                await index.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task A_failed_store_write_leaves_no_entry_no_shards_and_nothing_pending()
    {
        string root = TempDir();
        await using var index = NewIndex(new LocalDiskStore(root));
        string broken = Path.Combine(TempDir(), "broken.tar");
        await File.WriteAllBytesAsync(broken, Enumerable.Repeat((byte)0x41, 1500).ToArray());
        Assert.CatchAsync<AtdataException>(() => index.InsertDatasetAsync(new Dataset<TextSample>(broken), "broken"));
        Assert.That(await index.FindEntryByNameAsync("broken"), Is.Null);
        Assert.That(await index.GetAllEntriesAsync(), Is.Empty);
        Assert.That(Directory.GetFiles(root, "*", SearchOption.AllDirectories), Is.Empty);
        Assert.That(await index.GcAsync(TimeSpan.Zero), Is.Empty);
    }

    [Test]
    public async Task A_name_taken_before_the_upload_fails_before_anything_is_written()
    {
        string root = TempDir();
        await using var index = NewIndex(new LocalDiskStore(root));
        var first = await index.InsertDatasetAsync(await SmallDatasetAsync(), "ow");
        var ex = Assert.ThrowsAsync<DatasetExistsException>(async () => await index.InsertDatasetAsync(await SmallDatasetAsync(), "ow"));
        Assert.That(ex!.ExistingCid, Is.EqualTo(first.Cid));
        Assert.That(Directory.GetFiles(root, "*.tar", SearchOption.AllDirectories), Is.EquivalentTo(first.DataUrls));

        var second = await index.InsertDatasetAsync(await SmallDatasetAsync(), "ow", options: new InsertOptions { Overwrite = true });
        Assert.That((await index.GetEntryByNameAsync("ow")).Cid, Is.EqualTo(second.Cid));
    }

    [Test]
    public async Task Gc_removes_the_shards_of_an_abandoned_insert_once_it_is_old_enough()
    {
        string root = TempDir();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var uploaded = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new StallingStore(new LocalDiskStore(root), uploaded, release.Task);
        await using var index = NewIndex(store);

        // An insert whose process "stops" after its shards are written, before the index step.
        var abandoned = index.InsertDatasetAsync(await SmallDatasetAsync(12), "abandoned", options: new InsertOptions { MaxCount = 5 });
        var urls = await uploaded.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.That(urls, Has.Count.EqualTo(3));
        Assert.That(urls.All(File.Exists), Is.True);

        await using var collector = NewIndex(new LocalDiskStore(root));
        Assert.That(await collector.GcAsync(TimeSpan.FromHours(1)), Is.Empty, "a recent insert is left alone");
        Assert.That(await collector.GcAsync(TimeSpan.Zero), Is.EquivalentTo(urls));
        Assert.That(urls.Any(File.Exists), Is.False);
        Assert.That(await collector.GcAsync(TimeSpan.Zero), Is.Empty, "the pending record is gone");

        release.SetException(new IOException("the writer stopped"));
        Assert.ThrowsAsync<IOException>(() => abandoned);
        Assert.That(await collector.FindEntryByNameAsync("abandoned"), Is.Null);
    }

    /// <summary>Writes through the inner store, reports the URLs, then waits for <c>release</c> (which fails).</summary>
    private sealed class StallingStore(IDataStore inner, TaskCompletionSource<IReadOnlyList<string>> uploaded, Task release) : IDataStore
    {
        public bool SupportsStreaming => inner.SupportsStreaming;

        public async Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options = null, CancellationToken cancellationToken = default)
            where T : IPackable<T>
        {
            var stored = await inner.WriteShardsAsync(dataset, prefix, options, cancellationToken);
            uploaded.SetResult(stored.Urls);
            await release;
            return stored;
        }

        public IShardSource OpenSource(IReadOnlyList<string> urls) => inner.OpenSource(urls);

        public Task DeleteAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken = default) => inner.DeleteAsync(urls, cancellationToken);
    }
}
