using System.Diagnostics;

namespace Atdata.Local.Tests.S3;

/// <summary>A ≥ 200 MiB shard streams through multipart with bounded memory (no temporary file).</summary>
[TestFixture]
[NonParallelizable]
public sealed class S3LargeUploadTests
{
    private const int SampleBytes = 1 << 20;
    private const int Samples = 210;

    [Test]
    public async Task A210MiBShard_StreamsWithBoundedManagedMemory()
    {
        var options = new S3DataStoreOptions { PartSize = 8 << 20, MaxPartsInFlight = 2 };
        using var store = await S3TestServer.NewStoreAsync(options);
        using var dir = new TempDir();

        // The source: one local 210 MiB shard, written without keeping the samples.
        var writer = new ShardWriter(Path.Combine(dir.Path, "big.tar"));
        var data = new byte[SampleBytes];
        for (int i = 0; i < Samples; i++)
        {
            data[0] = (byte)i;
            await writer.WriteAsync(new BlobSample(i, "s", data), key: $"k{i:D6}");
        }

        await writer.CompleteAsync();
        data = null;
        var dataset = new Dataset<BlobSample>(new FileShardSource(writer.ShardUrls), writer.ShardUrls[0]);
        long length = new FileInfo(writer.ShardUrls[0]).Length;
        Assert.That(length, Is.GreaterThanOrEqualTo(200L << 20));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(2);
            }
        });

        var watch = Stopwatch.StartNew();
        var stored = await store.WriteShardsAsync(dataset, "big");
        watch.Stop();
        await stop.CancelAsync();
        await sampler;

        long growth = peak - baseline;
        long bound = (64L << 20) + ((options.MaxPartsInFlight + 1L) * options.PartSize);
        TestContext.Out.WriteLine($"{length / (1 << 20)} MiB in {watch.Elapsed.TotalSeconds:0.0} s ({length / (1 << 20) / watch.Elapsed.TotalSeconds:0} MiB/s); peak managed growth {growth / (1 << 20)} MiB (bound {bound / (1 << 20)} MiB)");
        Assert.That(growth, Is.LessThan(bound), "managed memory stays bounded while streaming");
        Assert.That(stored.Shards[0].Length, Is.EqualTo(length));
        Assert.That(stored.Checksums[stored.Urls[0]], Is.EqualTo(writer.Checksums[writer.ShardUrls[0]]));
        Assert.That(await store.Client.HeadObjectAsync(store.Bucket, stored.Urls[0][$"s3://{store.Bucket}/".Length..], CancellationToken.None), Is.EqualTo(length));
        Assert.That(await S3TestServer.OpenUploadsAsync(store, "big/"), Is.Empty);
        await store.DeleteAsync(stored.Urls);
    }
}
