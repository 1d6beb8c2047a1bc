using System.Text;
using System.Text.RegularExpressions;
using Atdata.Local.Tests.Redis;
using Atdata.Local.Tests.S3;
using StackExchange.Redis;

#pragma warning disable ATDATA_REPO // the legacy Repo is what is under test

namespace Atdata.Local.Tests.LegacyRepo;

/// <summary>The legacy Repo against the real Redis and Swift S3: naming, recorded entry, sidecar, reading back, CacheLocal.</summary>
[NonParallelizable]
public sealed class RepoInsertTests : RedisTestBase
{
    private const string Uuid = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    protected override int DatabaseNumber => 5;

    private async Task<(Repo Repo, S3DataStore Bucket)> NewRepoAsync(string path, S3DataStoreOptions? s3Options = null)
    {
        var bucket = await S3TestServer.NewStoreAsync();
        return (new Repo(S3TestServer.Credentials(), $"{bucket.Bucket}/{path}", Options, s3Options), bucket);
    }

    [Test]
    public async Task Several_shards_are_named_the_legacy_way_and_recorded_as_one_brace_url_that_reads_back()
    {
        var (repo, bucket) = await NewRepoAsync("datasets/v1");
        using var _ = bucket;
        await using var __ = repo;

        var (entry, stored) = await repo.InsertAsync(await SmallDatasetAsync(25), name: "legacy-many", new InsertOptions { MaxCount = 10 });

        var m = Regex.Match(entry.DataUrls.Single(), $"^{bucket.Bucket}/datasets/v1/atdata--({Uuid})--\\{{000000\\.\\.000002\\}}\\.tar$");
        Assert.That(m.Success, Is.True, entry.DataUrls[0]);
        string uuid = m.Groups[1].Value;
        Assert.That(await S3TestServer.ObjectKeysAsync(bucket, null), Is.EqualTo(Enumerable.Range(0, 3).Select(i => $"datasets/v1/atdata--{uuid}--{i:D6}.tar")));
        Assert.That(entry.SchemaRef, Is.EqualTo("local://schemas/Atdata.Local.Tests.TextSample@1.0.0"));
        Assert.That(entry.Metadata, Is.Null, "no metadata and no checksums: the seed-era Repo recorded neither");

        Assert.That(stored.Url, Is.EqualTo(entry.DataUrls[0]));
        Assert.That(stored.ShardList, Is.EqualTo(Enumerable.Range(0, 3).Select(i => $"{bucket.Bucket}/datasets/v1/atdata--{uuid}--{i:D6}.tar")));
        Assert.That(await IdsAsync(stored), Is.EqualTo(Enumerable.Range(0, 25)));

        // The entry hash holds exactly Python's four fields; data_urls is a msgpack array of the one URL.
        var fields = (await Db.HashGetAllAsync($"LocalDatasetEntry:{entry.Cid}")).ToDictionary(f => (string)f.Name!, f => f.Value);
        Assert.That(fields.Keys, Is.EquivalentTo(new[] { "name", "schema_ref", "data_urls", "cid" }));
        Assert.That((string?)fields["name"], Is.EqualTo("legacy-many"));
        Assert.That((string?)fields["schema_ref"], Is.EqualTo(entry.SchemaRef));
        Assert.That((string?)fields["cid"], Is.EqualTo(entry.Cid));
        Assert.That((byte[])fields["data_urls"]!, Is.EqualTo(MsgpackArrayOf(entry.DataUrls[0])));
        Assert.That(entry.Cid, Is.EqualTo(Cid.ForEntry(entry.SchemaRef, entry.DataUrls).ToString()));

        // The entry read back by name, then a dataset from its URL with the repo's source options.
        var read = await repo.Index.GetEntryByNameAsync("legacy-many");
        Assert.That(await IdsAsync(new Dataset<TextSample>(read.DataUrls[0], repo.ShardSourceOptions())), Is.EqualTo(Enumerable.Range(0, 25)));
        Assert.That(await IdsAsync(new Dataset<TextSample>(read.DataUrls[0], repo.Store.ShardSourceOptions(schemelessUrls: true))), Is.EqualTo(Enumerable.Range(0, 25)));
        Assert.That(await IdsAsync(await repo.Index.LoadDatasetAsync<TextSample>(read.Name)), Is.EqualTo(Enumerable.Range(0, 25)), "the index reads the legacy scheme-less brace URL through its store");
    }

    [Test]
    public async Task One_shard_is_recorded_as_its_own_url_without_braces()
    {
        var (repo, bucket) = await NewRepoAsync("single");
        using var _ = bucket;
        await using var __ = repo;

        var (entry, stored) = await repo.InsertAsync(await SmallDatasetAsync(5), "legacy-one");

        Assert.That(entry.DataUrls.Single(), Does.Match($"^{bucket.Bucket}/single/atdata--{Uuid}--000000\\.tar$"));
        Assert.That(stored.ShardList, Is.EqualTo(entry.DataUrls));
        Assert.That(await S3TestServer.ObjectKeysAsync(bucket, null), Is.EqualTo(new[] { entry.DataUrls[0][(bucket.Bucket.Length + 1)..] }));
        Assert.That(await IdsAsync(new Dataset<TextSample>(entry.DataUrls[0], repo.ShardSourceOptions())), Is.EqualTo(Enumerable.Range(0, 5)));
    }

    [Test]
    public async Task Metadata_goes_to_the_msgpack_sidecar_named_with_the_shards_uuid_and_to_the_entry()
    {
        var (repo, bucket) = await NewRepoAsync("meta");
        using var _ = bucket;
        await using var __ = repo;
        var metadata = new Dictionary<string, object?> { ["description"] = "Training images", ["count"] = 3L };

        var (entry, _) = await repo.InsertAsync(await SmallDatasetAsync(3), "legacy-meta", new InsertOptions { Metadata = metadata });

        string uuid = Regex.Match(entry.DataUrls[0], $"atdata--({Uuid})--").Groups[1].Value;
        string sidecar = $"meta/metadata/atdata-metadata--{uuid}.msgpack";
        Assert.That(await S3TestServer.ObjectKeysAsync(bucket, null), Is.EquivalentTo(new[] { $"meta/atdata--{uuid}--000000.tar", sidecar }));

        // msgpack.packb({"description": "Training images", "count": 3}): fixmap 2, fixstr keys and value, positive fixint.
        byte[] expected = [0x82, 0xab, .. Encoding.UTF8.GetBytes("description"), 0xaf, .. Encoding.UTF8.GetBytes("Training images"), 0xa5, .. Encoding.UTF8.GetBytes("count"), 0x03];
        byte[] bytes = await ObjectBytesAsync(bucket, sidecar);
        Assert.That(bytes, Is.EqualTo(expected));
        Assert.That(DynamicSample.Unpack(bytes).ToDictionary(), Is.EquivalentTo(metadata));
        Assert.That((await repo.Index.GetEntryByNameAsync("legacy-meta")).Metadata, Is.EquivalentTo(metadata), "the entry records the same map, without checksums");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task CacheLocal_stages_every_shard_before_uploading_and_stores_the_same_bytes(bool cacheLocal)
    {
        // The store default is the opposite, so the per-insert option is what decides.
        var (repo, bucket) = await NewRepoAsync("cache", new S3DataStoreOptions { CacheLocal = !cacheLocal });
        using var _ = bucket;
        await using var __ = repo;
        LocalDatasetEntry? entry = null;

        int uploadedBeforeThirdInput = await ObservedSource.ObjectsWhenThirdInputOpensAsync(bucket, "cache/", async ds =>
            entry = (await repo.InsertAsync(ds, "legacy-cache", new InsertOptions { CacheLocal = cacheLocal, MaxCount = 5 })).Entry);

        Assert.That(uploadedBeforeThirdInput, cacheLocal ? Is.Zero : Is.GreaterThanOrEqualTo(1),
            cacheLocal ? "staged locally: nothing is uploaded until every shard is written" : "streamed: the first shard is uploaded while the input is still read");
        Assert.That(entry!.DataUrls.Single(), Does.EndWith("--{000000..000002}.tar"));
        Assert.That(await IdsAsync(new Dataset<TextSample>(entry.DataUrls[0], repo.ShardSourceOptions())), Is.EqualTo(Enumerable.Range(0, 15)));

        // Staged or streamed, each object holds what ShardWriter writes for the same samples.
        using var dir = new TempDir();
        var reference = new ShardWriter(Path.Combine(dir.Path, "ref-%06d.tar"), new ShardWriterOptions { MaxCount = 5 });
        await using (reference)
        {
            for (int i = 0; i < 15; i++)
            {
                await reference.WriteAsync(new TextSample($"sample {i}", i), key: $"s{i:D6}");
            }
        }

        var keys = await S3TestServer.ObjectKeysAsync(bucket, "cache/");
        for (int i = 0; i < 3; i++)
        {
            Assert.That(await ObjectBytesAsync(bucket, keys[i]), Is.EqualTo(await File.ReadAllBytesAsync(reference.ShardUrls[i])));
        }
    }

    [Test]
    public async Task A_failure_mid_upload_is_a_StorageException_and_leaves_no_entry_no_object_and_no_open_upload()
    {
        var creds = S3TestServer.Credentials();
        using var bucket = await S3TestServer.NewStoreAsync();
        // Part 2 of the second shard fails every time; the first shard completed before it.
        await using var proxy = new FaultProxy(creds.Endpoint!, line => line.StartsWith("PUT ", StringComparison.Ordinal) && line.Contains("--000001.tar?partNumber=2&", StringComparison.Ordinal)
            ? "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            : null);
        await using var repo = new Repo(new S3Credentials(creds.AccessKeyId, creds.SecretAccessKey, proxy.Endpoint, creds.Region), $"{bucket.Bucket}/fail", Options,
            new S3DataStoreOptions { PartSize = S3DataStoreOptions.MinPartSize, MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(5) });
        using var dir = new TempDir();
        var (dataset, _, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 12, 1 << 20);

        var ex = Assert.ThrowsAsync<StorageException>(() => repo.InsertAsync(dataset, "legacy-fail",
            new InsertOptions { MaxCount = 6, Metadata = new Dictionary<string, object?> { ["k"] = "v" } }));

        Assert.That(ex!.Operation, Is.EqualTo("UploadPart"));
        Assert.That(ex.StatusCode, Is.EqualTo(500));
        Assert.That(proxy.Requests.Any(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("--000000.tar?uploadId=", StringComparison.Ordinal)), Is.True, "the first shard was completed");
        Assert.That(proxy.Requests.Any(r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.EndsWith("--000000.tar", StringComparison.Ordinal)), Is.True, "and then deleted");
        Assert.That(await repo.Index.FindEntryByNameAsync("legacy-fail"), Is.Null);
        Assert.That(Server.Keys(DatabaseNumber, "LocalDatasetEntry:*").ToArray(), Is.Empty, "no entry");
        Assert.That(await Db.SortedSetLengthAsync("atdata:pending"), Is.Zero, "the pending record is cleared");
        Assert.That(await S3TestServer.ObjectKeysAsync(bucket, null), Is.Empty, "no object, no sidecar");
        Assert.That(await S3TestServer.OpenUploadsAsync(bucket, null), Is.Empty, "no open multipart upload");
    }

    [Test]
    public async Task A_name_taken_during_the_upload_deletes_the_shards_and_sidecar_through_the_brace_url()
    {
        var (repo, bucket) = await NewRepoAsync("race");
        using var _ = bucket;
        await using var __ = repo;
        using var dir = new TempDir();
        var dataset = await ObservedSource.TextDatasetAsync(dir.Path, 15, 5, async index =>
        {
            if (index == 1)
            {
                await repo.Index.AddEntryAsync(new LocalDatasetEntry("legacy-race", "local://schemas/Other.Sample@1.0.0", ["elsewhere/x.tar"]));
            }
        });

        Assert.ThrowsAsync<DatasetExistsException>(() => repo.InsertAsync(dataset, "legacy-race",
            new InsertOptions { MaxCount = 5, Metadata = new Dictionary<string, object?> { ["k"] = "v" } }));

        Assert.That(await S3TestServer.ObjectKeysAsync(bucket, null), Is.Empty, "the three shards and the sidecar were deleted");
        Assert.That((await repo.Index.GetEntryByNameAsync("legacy-race")).SchemaRef, Is.EqualTo("local://schemas/Other.Sample@1.0.0"));
        Assert.That(await Db.SortedSetLengthAsync("atdata:pending"), Is.Zero);
    }

    [Test]
    public async Task While_uploading_the_pending_record_names_each_finished_shard_by_its_scheme_less_url()
    {
        var (repo, bucket) = await NewRepoAsync("pending");
        using var _ = bucket;
        await using var __ = repo;
        using var dir = new TempDir();
        string[] pending = [];
        var dataset = await ObservedSource.TextDatasetAsync(dir.Path, 15, 5, async index =>
        {
            if (index == 2)
            {
                var lists = Server.Keys(DatabaseNumber, "atdata:pending:*").ToArray();
                Assert.That(lists, Has.Length.EqualTo(1), "one insert is pending");
                pending = [.. (await Db.ListRangeAsync(lists[0])).Select(v => (string)v!)];
            }
        });

        var (_, stored) = await repo.InsertAsync(dataset, "legacy-pending", new InsertOptions { MaxCount = 5 });

        Assert.That(pending, Is.EqualTo(stored.ShardList.Take(1)), "what GcAsync would delete after a crash: the finished first shard");
        Assert.That(Server.Keys(DatabaseNumber, "atdata:pending:*").ToArray(), Is.Empty, "cleared with the entry");
    }

    [Test]
    public async Task GcAsync_deletes_the_scheme_less_shards_and_sidecar_a_crashed_insert_recorded()
    {
        var (repo, bucket) = await NewRepoAsync("gc");
        using var _ = bucket;
        await using var __ = repo;
        string uuid = Guid.NewGuid().ToString("D");
        string[] keys = [$"gc/atdata--{uuid}--000000.tar", $"gc/atdata--{uuid}--000001.tar", $"gc/metadata/atdata-metadata--{uuid}.msgpack", "gc/keep.txt"];
        foreach (string key in keys)
        {
            await bucket.Client.PutObjectAsync(bucket.Bucket, key, new byte[] { 1, 2, 3 }, CancellationToken.None);
        }

        // What LocalIndex leaves when the process dies mid-upload: a pending insert with the URLs of finished shards.
        string[] urls = [$"{bucket.Bucket}/{keys[0]}", $"{bucket.Bucket}/{keys[1]}"];
        await Db.SortedSetAddAsync("atdata:pending", "crashed", 0);
        await Db.ListRightPushAsync("atdata:pending:crashed", urls.Select(u => (RedisValue)u).ToArray());

        var deleted = await repo.Index.GcAsync();

        Assert.That(deleted, Is.EqualTo(urls));
        Assert.That(await S3TestServer.ObjectKeysAsync(bucket, null), Is.EqualTo(new[] { "gc/keep.txt" }));
        Assert.That(await Db.SortedSetLengthAsync("atdata:pending"), Is.Zero);
    }

    [Test]
    public async Task The_recorded_url_and_legacy_schema_ref_give_the_interop_vectors_cid()
    {
        using var vector = TestVectors.Load("entry_cids.json");
        var v = vector.RootElement.GetProperty("vectors").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "entry-legacy-repo-brace");
        string schemaRef = v.GetProperty("input").GetProperty("schema_ref").GetString()!;
        string url = v.GetProperty("input").GetProperty("data_urls")[0].GetString()!;
        using (var myBucket = new S3DataStore(S3TestServer.Credentials(), "my-bucket"))
        {
            await myBucket.EnsureBucketAsync();
        }

        await using var repo = new Repo(S3TestServer.Credentials(), "my-bucket/hive", Options);
        repo.LegacyStore.NewUuid = () => Guid.Parse("5f2b9c1e-8d4a-4e6b-9a3f-1c2d3e4f5a6b");
        try
        {
            // Four shards and a module-qualified legacy ref, as the vector's Python script wrote them.
            var (entry, stored) = await repo.InsertAsync(await SmallDatasetAsync(4), "legacy-vector", new InsertOptions { MaxCount = 1, SchemaRef = schemaRef });

            Assert.That(entry.DataUrls, Is.EqualTo(new[] { url }));
            Assert.That(entry.Cid, Is.EqualTo(v.GetProperty("cid").GetString()));
            byte[] field = (byte[])(await Db.HashGetAsync($"LocalDatasetEntry:{entry.Cid}", "data_urls"))!;
            Assert.That(Convert.ToHexStringLower(field), Is.EqualTo(v.GetProperty("redis_data_urls_field_msgpack_hex").GetString()));
            Assert.That(await IdsAsync(stored), Is.EqualTo(Enumerable.Range(0, 4)));
        }
        finally
        {
            await repo.Index.DataStore!.DeleteAsync([url]);
        }
    }

    [Test]
    public void The_default_schema_ref_is_the_seed_era_module_qualified_form()
    {
        Assert.That(Repo.LegacySchemaRef<TextSample>(), Is.EqualTo("local://schemas/Atdata.Local.Tests.TextSample@1.0.0"));
        var parsed = SchemaRef.Parse(Repo.LegacySchemaRef<TextSample>());
        Assert.That((parsed.Name, parsed.Version), Is.EqualTo(("TextSample", "1.0.0")), "readers keep the part after the last '.'");
    }

    internal static async Task<List<int>> IdsAsync(Dataset<TextSample> dataset)
    {
        var ids = new List<int>();
        await foreach (var s in dataset.Ordered())
        {
            ids.Add((int)s.Id);
        }

        return ids;
    }

    internal static async Task<byte[]> ObjectBytesAsync(S3DataStore bucket, string key)
    {
        using var response = await bucket.Client.GetObjectAsync(bucket.Bucket, key, CancellationToken.None);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static byte[] MsgpackArrayOf(string url)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(url);
        Assert.That(utf8.Length, Is.InRange(32, 255), "a str8 string");
        return [0x91, 0xd9, (byte)utf8.Length, .. utf8];
    }
}
