using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Atdata.Local.Tests.S3;

[TestFixture]
[Parallelizable(ParallelScope.Children)]
public sealed class S3DataStoreTests
{
    private static readonly Regex s_uuid = new("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

    [Test]
    public async Task WriteShards_StoresTheLocalShardBytesUnderPythonKeysWithChecksums()
    {
        using var dir = new TempDir();
        var (dataset, local, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 40, 3000);
        using var store = await S3TestServer.NewStoreAsync();

        var stored = await store.WriteShardsAsync(dataset, "my/prefix");

        Assert.That(stored.Urls, Has.Count.EqualTo(1));
        var m = Regex.Match(stored.Urls[0], $"^s3://{store.Bucket}/my/prefix/data--(.{{36}})--000000\\.tar$");
        Assert.That(m.Success, Is.True, stored.Urls[0]);
        Assert.That(s_uuid.IsMatch(m.Groups[1].Value), Is.True, "the key holds a uuid4");
        byte[] expected = await File.ReadAllBytesAsync(local.ShardUrls[0]);
        byte[] actual = await S3TestServer.GetBytesAsync(store, stored.Urls[0]);
        Assert.That(actual, Is.EqualTo(expected), "the object is byte for byte the shard ShardWriter writes locally");
        Assert.That(stored.Checksums[stored.Urls[0]], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(actual))));
        Assert.That(stored.Checksums[stored.Urls[0]], Is.EqualTo(local.Checksums[local.ShardUrls[0]]));
        Assert.That(stored.Shards[0].SampleCount, Is.EqualTo(40));
        Assert.That(await S3TestServer.ObjectKeysAsync(store, "my/"), Is.EqualTo(new[] { stored.Urls[0][$"s3://{store.Bucket}/".Length..] }));
    }

    [Test]
    public async Task WriteShards_RollsOverAtMaxCountAndMaxSizeLikeWebdataset()
    {
        using var dir = new TempDir();
        var (dataset, _, samples) = await S3TestServer.LocalDatasetAsync(dir.Path, 25, 100, maxCount: 7);
        using var store = await S3TestServer.NewStoreAsync();

        var byCount = await store.WriteShardsAsync(dataset, "rc", new ShardWriterOptions { MaxCount = 10 });
        Assert.That(byCount.Shards.Select(s => s.SampleCount), Is.EqualTo(new long[] { 10, 10, 5 }));
        string uuid = Regex.Match(byCount.Urls[0], "data--(.{36})--").Groups[1].Value;
        Assert.That(byCount.Urls, Is.EqualTo(Enumerable.Range(0, 3).Select(i => $"s3://{store.Bucket}/rc/data--{uuid}--{i:D6}.tar")));
        Assert.That(byCount.Checksums.Keys, Is.EquivalentTo(byCount.Urls));

        // Payload bytes per sample: the msgpack of a 100-byte blob plus id and name; a shard closes once it reaches MaxSize.
        long payload = samples[0].Pack().Length;
        var bySize = await store.WriteShardsAsync(dataset, "rs", new ShardWriterOptions { MaxSize = (payload * 4) + 1 });
        var expected = new List<long> { 0 };
        long size = 0;
        foreach (var s in samples)
        {
            if (size >= (payload * 4) + 1)
            {
                expected.Add(0);
                size = 0;
            }

            expected[^1]++;
            size += s.Pack().Length;
        }

        Assert.That(bySize.Shards.Select(s => s.SampleCount), Is.EqualTo(expected));
        Assert.That(expected, Has.Count.GreaterThan(3));

        var read = new List<BlobSample>();
        await foreach (var s in new Dataset<BlobSample>(store.OpenSource(byCount.Urls)).Ordered())
        {
            read.Add(s);
        }

        Assert.That(read.Select(s => s.Id), Is.EqualTo(samples.Select(s => s.Id)));
    }

    [Test]
    public async Task WriteShards_OfAnEmptyDatasetStoresOneEmptyShard()
    {
        using var dir = new TempDir();
        var (dataset, _, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 0, 0);
        using var store = await S3TestServer.NewStoreAsync();
        var stored = await store.WriteShardsAsync(dataset, "empty");
        Assert.That(stored.Urls, Has.Count.EqualTo(1));
        Assert.That(await S3TestServer.GetBytesAsync(store, stored.Urls[0]), Has.Length.EqualTo(10240));
    }

    [Test]
    public async Task S3Urls_ReadThroughDatasetWithTheStoresScheme_BracePatternsIncluded()
    {
        using var dir = new TempDir();
        var (dataset, _, samples) = await S3TestServer.LocalDatasetAsync(dir.Path, 12, 500);
        using var store = await S3TestServer.NewStoreAsync();
        var stored = await store.WriteShardsAsync(dataset, "read", new ShardWriterOptions { MaxCount = 5 });
        string pattern = stored.Urls[0].Replace("--000000.tar", "--{000000..000002}.tar", StringComparison.Ordinal);

        var ds = new Dataset<BlobSample>(pattern, store.ShardSourceOptions());
        Assert.That(ds.ShardList, Is.EqualTo(stored.Urls));
        var read = new List<BlobSample>();
        await foreach (var s in ds.Ordered())
        {
            read.Add(s);
        }

        Assert.That(read.Select(s => (s.Id, s.Name, Convert.ToHexString(s.Data))), Is.EqualTo(samples.Select(s => (s.Id, s.Name, Convert.ToHexString(s.Data)))));

        // Without the scheme registered, s3:// is refused; other buckets are refused by the store's source.
        Assert.Throws<ShardSourceException>(() => _ = new Dataset<BlobSample>(stored.Urls[0]));
        var other = Assert.Throws<ShardSourceException>(() => store.OpenSource(["s3://some-other-bucket/x.tar"]));
        Assert.That(other!.Error, Is.EqualTo(ShardSourceError.AccessDenied));
        var missing = Assert.ThrowsAsync<ShardSourceException>(async () => await store.OpenSource([$"s3://{store.Bucket}/nope.tar"]).OpenShardAsync($"s3://{store.Bucket}/nope.tar"));
        Assert.That(missing!.Error, Is.EqualTo(ShardSourceError.NotFound));
        Assert.That(missing.InnerException, Is.InstanceOf<StorageException>());
    }

    [Test]
    public async Task WriteShards_LargerThanAPartGoesMultipartWithTheSameBytes()
    {
        using var dir = new TempDir();
        var (dataset, local, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 13, 1 << 20);
        using var store = await S3TestServer.NewStoreAsync(new S3DataStoreOptions { PartSize = S3DataStoreOptions.MinPartSize });
        var stored = await store.WriteShardsAsync(dataset, "mp");
        byte[] expected = await File.ReadAllBytesAsync(local.ShardUrls[0]);
        Assert.That(expected.Length, Is.GreaterThan(2 * S3DataStoreOptions.MinPartSize));
        Assert.That(await S3TestServer.GetBytesAsync(store, stored.Urls[0]), Is.EqualTo(expected));
        Assert.That(stored.Checksums[stored.Urls[0]], Is.EqualTo(local.Checksums[local.ShardUrls[0]]));
        Assert.That(await S3TestServer.OpenUploadsAsync(store, "mp/"), Is.Empty);
    }

    [Test]
    public async Task CacheLocal_WritesLocallyThenUploadsTheSameShards()
    {
        using var dir = new TempDir();
        using var cache = new TempDir();
        var (dataset, _, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 30, 200);
        using var store = await S3TestServer.NewStoreAsync(new S3DataStoreOptions { CacheLocal = true, CacheDirectory = cache.Path });
        var stored = await store.WriteShardsAsync(dataset, "cached", new ShardWriterOptions { MaxCount = 20 });
        Assert.That(stored.Shards.Select(s => s.SampleCount), Is.EqualTo(new long[] { 20, 10 }));
        Assert.That(stored.Urls[1], Does.Match("/cached/data--.{36}--000001\\.tar$"));
        foreach (string url in stored.Urls)
        {
            Assert.That(stored.Checksums[url], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(await S3TestServer.GetBytesAsync(store, url)))));
        }

        Assert.That(Directory.GetFileSystemEntries(cache.Path), Is.Empty, "the local cache is removed");
    }

    [Test]
    public async Task DeleteAsync_RemovesTheShards()
    {
        using var dir = new TempDir();
        var (dataset, _, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 4, 10);
        using var store = await S3TestServer.NewStoreAsync();
        var stored = await store.WriteShardsAsync(dataset, "del", new ShardWriterOptions { MaxCount = 2 });
        await store.DeleteAsync(stored.Urls);
        await store.DeleteAsync(stored.Urls); // already gone: no error
        Assert.That(await S3TestServer.ObjectKeysAsync(store, "del/"), Is.Empty);
        Assert.Throws<ArgumentException>(() => store.DeleteAsync(["s3://elsewhere/x.tar"]).GetAwaiter().GetResult());
    }

    [Test]
    public async Task GcAsync_AbortsStaleUploadsAndDeletesOnlyUnreferencedShardObjects()
    {
        using var dir = new TempDir();
        var (dataset, _, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 4, 10);
        using var store = await S3TestServer.NewStoreAsync();
        var kept = await store.WriteShardsAsync(dataset, "gc");
        var orphan = await store.WriteShardsAsync(dataset, "gc");
        await store.Client.PutObjectAsync(store.Bucket, "gc/notes.txt", "not a shard"u8.ToArray(), CancellationToken.None);
        string uploadId = await store.Client.CreateMultipartUploadAsync(store.Bucket, $"gc/data--{Guid.NewGuid()}--000000.tar", CancellationToken.None);
        Assert.That(uploadId, Is.Not.Empty);

        var referenced = kept.Urls.ToHashSet();

        // Swift rounds LastModified and Initiated up to the next second: wait so that age zero means "all".
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var dry = await store.GcAsync(referenced.Contains, new S3GcOptions { Prefix = "gc/", StaleUploadAge = TimeSpan.Zero, OrphanObjectAge = TimeSpan.Zero, DryRun = true });
        Assert.That(dry.DeletedObjects, Is.EqualTo(orphan.Urls));
        Assert.That(await S3TestServer.OpenUploadsAsync(store, "gc/"), Has.Count.EqualTo(1), "a dry run removes nothing");

        var young = await store.GcAsync(referenced.Contains, new S3GcOptions { Prefix = "gc/" });
        Assert.That(young.AbortedUploads, Is.Empty, "recent uploads and objects are left to the inserts that own them");
        Assert.That(young.DeletedObjects, Is.Empty);

        var report = await store.GcAsync(referenced.Contains, new S3GcOptions { Prefix = "gc/", StaleUploadAge = TimeSpan.Zero, OrphanObjectAge = TimeSpan.Zero });
        Assert.That(report.AbortedUploads, Has.Count.EqualTo(1));
        Assert.That(report.DeletedObjects, Is.EqualTo(orphan.Urls));
        Assert.That(report.ReferencedObjects, Is.EqualTo(1));
        Assert.That(await S3TestServer.OpenUploadsAsync(store, "gc/"), Is.Empty);
        Assert.That(await S3TestServer.ObjectKeysAsync(store, "gc/"), Is.EquivalentTo(new[] { "gc/notes.txt", kept.Urls[0][$"s3://{store.Bucket}/".Length..] }));
    }

    [Test]
    public async Task WrongSecret_GivesStorageException_WithoutTheSecretAnywhere()
    {
        const string canary = "CANARY-s3cr3t-5f2d9a";
        var good = S3TestServer.Credentials();
        var bad = new S3Credentials(good.AccessKeyId, canary, good.Endpoint, good.Region);
        Assert.That(bad.ToString(), Does.Not.Contain(canary));
        using var store = new S3DataStore(bad, S3TestServer.UniqueName("b"), new S3DataStoreOptions { RetryDelay = TimeSpan.Zero });
        using var dir = new TempDir();
        var (dataset, _, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 2, 10);

        var errors = new List<Exception>
        {
            Assert.ThrowsAsync<StorageException>(() => store.EnsureBucketAsync())!,
            Assert.ThrowsAsync<StorageException>(() => store.WriteShardsAsync(dataset, "p"))!,
            Assert.ThrowsAsync<StorageException>(() => store.GcAsync(_ => true))!,
            Assert.ThrowsAsync<ShardSourceException>(async () => await store.OpenSource([$"s3://{store.Bucket}/k.tar"]).OpenShardAsync($"s3://{store.Bucket}/k.tar"))!,
        };
        var first = (StorageException)errors[0];
        Assert.That(first.StatusCode, Is.EqualTo(403));
        Assert.That(first.Backend, Is.EqualTo("s3"));
        Assert.That(first.Operation, Is.EqualTo("CreateBucket"));
        foreach (var e in errors)
        {
            Assert.That(e.ToString(), Does.Not.Contain(canary));
            Assert.That(e.ToString(), Does.Not.Contain(good.SecretAccessKey == "testing" ? canary : good.SecretAccessKey));
        }
    }

    [Test]
    public void Unreachable_Server_GivesStorageExceptionAfterBoundedRetries()
    {
        // A loopback port nothing listens on.
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        using var store = new S3DataStore(new S3Credentials("a", "b", $"http://127.0.0.1:{port}"), "bucket", new S3DataStoreOptions { MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(1) });
        var ex = Assert.ThrowsAsync<StorageException>(() => store.EnsureBucketAsync());
        Assert.That(ex!.Message, Does.Contain("after 3 attempts"));
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>());
        Assert.That(ex.Bucket, Is.EqualTo("bucket"));
    }
}
