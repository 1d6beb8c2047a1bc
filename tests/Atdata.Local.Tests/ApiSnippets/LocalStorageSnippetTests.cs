using System.Text.RegularExpressions;
using Atdata.Local.Tests.Redis;
using Atdata.Local.Tests.S3;
using StackExchange.Redis;

#pragma warning disable ATDATA_REPO // api.md shows the obsolete Repo; running it is the point

namespace Atdata.Local.Tests.ApiSnippets;

/// <summary>
/// Every snippet of api.md's "Local storage" section, run as written against the real Redis and Swift S3. Only
/// hosts, ports, database numbers, buckets and file paths are replaced by the test servers' (marked "test:").
/// <c>LocalIndex.OpenEmbedded()</c> is tested with the embedded index.
/// </summary>
[NonParallelizable]
public sealed class LocalStorageSnippetTests : RedisTestBase
{
    protected override int DatabaseNumber => 7;

    private string _dir = null!;

    [SetUp]
    public void NewDirectory() => _dir = TempDir();

    /// <summary>api.md's <c>dataset</c>: <paramref name="count"/> <see cref="ImageSample"/>s in local shards.</summary>
    private async Task<Dataset<ImageSample>> ImageDatasetAsync(int count = 12)
    {
        await using var sink = new ShardWriter(Path.Combine(_dir, "data-%06d.tar"), new ShardWriterOptions { MaxCount = 5 });
        for (int i = 0; i < count; i++)
        {
            await sink.WriteAsync(new ImageSample(new NdArray<float>([i, i + 0.5f, i + 1, i + 1.5f], 2, 2), $"label-{i}", i / 10.0), key: $"sample_{i:D6}");
        }

        await sink.CompleteAsync();
        return new Dataset<ImageSample>(Path.Combine(_dir, $"data-{{000000..{sink.ShardUrls.Count - 1:D6}}}.tar"));
    }

    private string EnvFile()
    {
        var c = S3TestServer.Credentials();
        string path = Path.Combine(_dir, ".env");
        File.WriteAllText(path, $"AWS_ENDPOINT={c.Endpoint}\nAWS_ACCESS_KEY_ID={c.AccessKeyId}\nAWS_SECRET_ACCESS_KEY={c.SecretAccessKey}\n");
        return path;
    }

    private static async Task<string> NewBucketAsync()
    {
        using var bucket = await S3TestServer.NewStoreAsync();
        return bucket.Bucket;
    }

    [Test]
    public async Task The_three_LocalIndex_constructors()
    {
        {
            var index = new LocalIndex();                                          // Redis at localhost:6379
            Assert.That((index.Options.Host, index.Options.Port, index.Options.Database), Is.EqualTo(("localhost", 6379, 0)));
            Assert.That(index.DataStore, Is.Null);
        }

        // test: the test Redis and this fixture's database instead of custom-host:6379 and database 1.
        using var connection = ConnectionMultiplexer.Connect($"{Endpoint},defaultDatabase={DatabaseNumber}");
        var viaConnection = new LocalIndex(connection);
        await using var viaOptions = new LocalIndex(new LocalIndexOptions { Host = HostPort.Host, Port = HostPort.Port, Database = DatabaseNumber });

        var added = await viaOptions.AddEntryAsync(await ImageDatasetAsync(), name: "my-dataset");
        Assert.That((await viaConnection.GetEntryByNameAsync("my-dataset")).Cid, Is.EqualTo(added.Cid), "both reach the same database");
    }

    [Test]
    public async Task Entries_add_list_and_look_up()
    {
        await using var index = NewIndex();  // test: the options form of `new LocalIndex(...)` on the test Redis
        var dataset = await ImageDatasetAsync();

        LocalDatasetEntry entry = await index.AddEntryAsync(dataset, name: "my-dataset",
            schemaRef: "atdata://local/sampleSchema/ImageSample@1.0.0",          // optional
            metadata: new Dictionary<string, object?> { ["description"] = "Training images" });   // optional
        var fields = (entry.Cid, entry.Name, entry.DataUrls, entry.SchemaRef, entry.Metadata, entry.WdsUrl, entry.SampleKind);
        Assert.That(fields.Cid, Does.StartWith("bafyrei").And.Length.EqualTo(59));
        Assert.That(fields.Name, Is.EqualTo("my-dataset"));
        Assert.That(fields.DataUrls, Is.EqualTo(new[] { dataset.Url }), "add_entry records the dataset's URL as given");
        Assert.That(fields.SchemaRef, Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.0"));
        Assert.That(fields.Metadata!["description"], Is.EqualTo("Training images"));
        Assert.That(fields.WdsUrl, Is.EqualTo(dataset.Url));
        Assert.That(fields.SampleKind, Is.EqualTo(fields.SchemaRef));

        var seen = new List<string>();
        await foreach (var e in index.EntriesAsync()) { seen.Add(e.Cid); }                    // index.entries
        IReadOnlyList<LocalDatasetEntry> all = await index.GetAllEntriesAsync(); // index.all_entries
        Assert.That(seen, Is.EqualTo(new[] { entry.Cid }));
        Assert.That(all.Select(e => e.Cid), Is.EqualTo(new[] { entry.Cid }));
        Assert.That((await index.GetEntryByNameAsync("my-dataset")).Cid, Is.EqualTo(entry.Cid)); // no key scan
        Assert.That((await index.GetEntryAsync(entry.Cid)).Name, Is.EqualTo("my-dataset"));     // test: the entry's CID for "bafyrei…"
    }

    [Test]
    public async Task S3DataStore_from_an_env_file_and_from_credentials_writes_shards()
    {
        var dataset = await ImageDatasetAsync(12);
        string bucket = await NewBucketAsync();
        var c = S3TestServer.Credentials();

        // test: a .env file holding the test server's credentials, and a fresh bucket instead of "my-bucket".
        using var store = new S3DataStore(S3Credentials.FromEnvFile(EnvFile()), bucket: bucket);
        using var store2 = new S3DataStore(new S3Credentials { Endpoint = c.Endpoint, AccessKeyId = c.AccessKeyId, SecretAccessKey = c.SecretAccessKey }, bucket);
        StoredShards stored = await store.WriteShardsAsync(dataset, prefix: "datasets/v1", new ShardWriterOptions { MaxCount = 10_000 });
        IReadOnlyList<string> urls = stored.Urls;
        // ["s3://my-bucket/datasets/v1/data--<uuid>--000000.tar", …]
        bool streaming = store.SupportsStreaming;                               // true

        Assert.That(urls.Single(), Does.Match($"^s3://{bucket}/datasets/v1/data--[0-9a-f-]{{36}}--000000\\.tar$"));
        Assert.That(streaming, Is.True);
        Assert.That(await CountAsync(new Dataset<ImageSample>(urls[0], store2.ShardSourceOptions())), Is.EqualTo(12), "the second store reads what the first wrote");
    }

    [Test]
    public async Task LocalIndex_with_a_store_inserts_a_dataset()
    {
        var dataset = await ImageDatasetAsync(12);
        using var store = new S3DataStore(S3TestServer.Credentials(), await NewBucketAsync());
        {
            var index = new LocalIndex(dataStore: store);                           // with Redis options as above
            Assert.That((index.Options.Host, index.Options.Port, index.DataStore), Is.EqualTo(("localhost", 6379, (IDataStore)store)));
        }

        await using var index2 = new LocalIndex(Options, dataStore: store);        // test: the options form on the test Redis
        LocalDatasetEntry e2 = await index2.InsertDatasetAsync(dataset, name: "my-dataset", prefix: "datasets/v1");

        Assert.That(e2.DataUrls.Single(), Does.Match($"^s3://{store.Bucket}/datasets/v1/data--[0-9a-f-]{{36}}--000000\\.tar$"));
        Assert.That(e2.Checksums.Keys, Is.EqualTo(e2.DataUrls));
        var read = await index2.GetEntryByNameAsync("my-dataset");
        Assert.That(await CountAsync(new Dataset<ImageSample>(read.DataUrls[0], store.ShardSourceOptions())), Is.EqualTo(12));
    }

    [Test]
    public async Task Schemas_publish_get_list_decode_and_a_validated_dynamic_dataset()
    {
        await using var index = NewIndex();
        LocalDatasetEntry entry = await index.AddEntryAsync(await ImageDatasetAsync(7), name: "my-dataset");

        string schemaRef = await index.PublishSchemaAsync<ImageSample>(version: "1.0.0", description: "Image with label annotation");
        Assert.That(schemaRef, Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.0"));
        Assert.That(await index.PublishSchemaAsync<ImageSample>(), Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.1"), "version omitted → next patch version");
        SchemaRecord schema = await index.GetSchemaAsync(schemaRef);           // Name, Version, Fields, Description, CreatedAt
        Assert.That((schema.Name, schema.Version, schema.Description), Is.EqualTo(("ImageSample", "1.0.0", "Image with label annotation")));
        Assert.That(schema.Fields.Select(f => f.Name), Is.EqualTo(new[] { "image", "label", "confidence" }));
        Assert.That(schema.CreatedAt, Is.Not.Null);
        var listed = new List<string>();
        await foreach (SchemaRecord s in index.ListSchemasAsync()) { listed.Add($"{s.Name}@{s.Version}"); }
        Assert.That(listed, Is.EquivalentTo(new[] { "ImageSample@1.0.0", "ImageSample@1.0.1" }));
        DynamicSchema type = await index.DecodeSchemaAsync(schemaRef);         // a runtime sample type

        var ds = new Dataset<DynamicSample>(entry.DataUrls[0], type);            // validated against the schema
        int valid = 0;
        await foreach (var sample in ds.Ordered())
        {
            valid++;
        }

        Assert.That(valid, Is.EqualTo(7));
    }

    [Test]
    public async Task The_obsolete_Repo_inserts_and_returns_the_stored_dataset()
    {
        var dataset = await ImageDatasetAsync(12);
        string bucket = await NewBucketAsync();
        string env = EnvFile();
        {
            // test: the .env file and a fresh bucket for "path/to/.env" and "my-bucket".
            var repo = new Repo(s3Credentials: env, hivePath: $"{bucket}/datasets");
            Assert.That((repo.Index.Options.Host, repo.Index.Options.Port), Is.EqualTo(("localhost", 6379)), "LocalIndex's default Redis");
            repo.Dispose();
        }

        // test: the same with the test Redis (the options overload).
        await using var repo2 = new Repo(s3Credentials: env, hivePath: $"{bucket}/datasets", Options);
        var (entry3, stored) = await repo2.InsertAsync(dataset, name: "training-images-v1",
            new InsertOptions { CacheLocal = false, MaxCount = 10_000, MaxSize = 100_000_000 });
        var shown = (stored.Url, stored.ShardList);

        Assert.That(shown.Url, Is.EqualTo(entry3.DataUrls.Single()));
        Assert.That(shown.Url, Does.Match($"^{bucket}/datasets/atdata--[0-9a-f-]{{36}}--000000\\.tar$"));
        Assert.That(shown.ShardList, Is.EqualTo(new[] { shown.Url }));
        Assert.That(entry3.SchemaRef, Is.EqualTo("local://schemas/Atdata.Local.Tests.ApiSnippets.ImageSample@1.0.0"));
        Assert.That(await CountAsync(stored), Is.EqualTo(12));
        Assert.That(Regex.IsMatch(entry3.Cid, "^bafyrei[a-z2-7]{52}$"), Is.True);
    }

    private static async Task<int> CountAsync<T>(Dataset<T> dataset)
        where T : IPackable<T>
    {
        int n = 0;
        await foreach (var _ in dataset.Ordered())
        {
            n++;
        }

        return n;
    }
}
