using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Atdata.Local.Tests.Redis;

namespace Atdata.Local.Tests.S3;

/// <summary><c>LocalIndex(dataStore: S3DataStore)</c> end to end against the real Redis and Swift S3, and the per-insert CacheLocal.</summary>
[NonParallelizable]
public sealed class S3IndexEndToEndTests : RedisTestBase
{
    protected override int DatabaseNumber => 6;

    [Test]
    public async Task InsertDataset_stores_python_keys_records_s3_urls_and_checksums_and_reads_back_from_a_private_bucket()
    {
        using var store = await S3TestServer.NewStoreAsync();
        await using var index = NewIndex(store);

        var entry = await index.InsertDatasetAsync(await SmallDatasetAsync(25), name: "s3-dataset", prefix: "datasets/v1", new InsertOptions { MaxCount = 10 });

        string uuid = Regex.Match(entry.DataUrls[0], "data--([0-9a-f-]{36})--").Groups[1].Value;
        string[] keys = [.. Enumerable.Range(0, 3).Select(i => $"datasets/v1/data--{uuid}--{i:D6}.tar")];
        Assert.That(entry.DataUrls, Is.EqualTo(keys.Select(k => $"s3://{store.Bucket}/{k}")));
        Assert.That(await S3TestServer.ObjectKeysAsync(store, null), Is.EqualTo(keys));
        foreach (string url in entry.DataUrls)
        {
            byte[] bytes = await S3TestServer.GetBytesAsync(store, url);
            Assert.That(entry.Checksums[url], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))), url);
        }

        // The bucket is private: an unsigned GET is refused (Swift's s3api answers 400, AWS and MinIO 403), so the
        // reads below are the signed ones.
        using (var anonymous = new HttpClient())
        using (var response = await anonymous.GetAsync(new Uri($"{S3TestServer.Credentials().Endpoint}/{store.Bucket}/{keys[0]}")))
        {
            Assert.That((int)response.StatusCode, Is.AnyOf(400, 401, 403));
        }

        var read = await index.GetEntryByNameAsync("s3-dataset");
        Assert.That(read.Cid, Is.EqualTo(entry.Cid));
        Assert.That(read.Checksums, Is.EqualTo(entry.Checksums));
        Assert.That(await LegacyRepo.RepoInsertTests.IdsAsync(new Dataset<TextSample>(store.OpenSource(read.DataUrls), read.WdsUrl)), Is.EqualTo(Enumerable.Range(0, 25)));
        Assert.That(await LegacyRepo.RepoInsertTests.IdsAsync(new Dataset<TextSample>(read.DataUrls[0], store.ShardSourceOptions())), Is.EqualTo(Enumerable.Range(0, 10)));
        string brace = $"s3://{store.Bucket}/datasets/v1/data--{uuid}--{{000000..000002}}.tar";
        Assert.That(await LegacyRepo.RepoInsertTests.IdsAsync(new Dataset<TextSample>(brace, store.ShardSourceOptions())), Is.EqualTo(Enumerable.Range(0, 25)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task The_insert_CacheLocal_reaches_the_store_and_overrides_its_default(bool cacheLocal)
    {
        using var store = await S3TestServer.NewStoreAsync(new S3DataStoreOptions { CacheLocal = !cacheLocal });
        var reported = new List<string>();
        var writerOptions = new ShardWriterOptions
        {
            MaxCount = 5,
            ShardCompleted = (shard, _) =>
            {
                reported.Add(shard.Url!);
                return ValueTask.CompletedTask;
            },
        };
        StoredShards? stored = null;

        // What LocalIndex.InsertDatasetAsync calls to hand the insert's options to the store.
        int uploadedBeforeThirdInput = await ObservedSource.ObjectsWhenThirdInputOpensAsync(store, "p/", async ds =>
            stored = await store.WriteShardsForInsertAsync(ds, "p", writerOptions, new InsertOptions { CacheLocal = cacheLocal }, CancellationToken.None));

        Assert.That(uploadedBeforeThirdInput, cacheLocal ? Is.Zero : Is.GreaterThanOrEqualTo(1));
        Assert.That(stored!.Urls, Has.Count.EqualTo(3));
        Assert.That(stored.Checksums.Keys, Is.EquivalentTo(stored.Urls), "both ways compute each shard's SHA-256");
        Assert.That(reported, Is.EqualTo(stored.Urls), "finished shards are reported under their s3:// URLs (never a staging file), so an index's cleanup finds them");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task InsertDataset_hands_the_insert_CacheLocal_to_the_store(bool cacheLocal)
    {
        using var store = await S3TestServer.NewStoreAsync(new S3DataStoreOptions { CacheLocal = !cacheLocal });
        await using var index = NewIndex(store);
        LocalDatasetEntry? entry = null;

        int uploadedBeforeThirdInput = await ObservedSource.ObjectsWhenThirdInputOpensAsync(store, "cl/", async ds =>
            entry = await index.InsertDatasetAsync(ds, $"cache-local-{cacheLocal}", "cl", new InsertOptions { CacheLocal = cacheLocal, MaxCount = 5 }));

        Assert.That(uploadedBeforeThirdInput, cacheLocal ? Is.Zero : Is.GreaterThanOrEqualTo(1),
            cacheLocal ? "cached locally: nothing is uploaded before every shard is written" : "streamed: shards upload as they finish");
        Assert.That(entry!.DataUrls, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Without_a_CacheLocal_the_store_default_applies()
    {
        using var store = await S3TestServer.NewStoreAsync(new S3DataStoreOptions { CacheLocal = true });
        int uploaded = await ObservedSource.ObjectsWhenThirdInputOpensAsync(store, "d/", ds =>
            store.WriteShardsForInsertAsync(ds, "d", new ShardWriterOptions { MaxCount = 5 }, new InsertOptions(), CancellationToken.None));
        Assert.That(uploaded, Is.Zero);
    }
}
