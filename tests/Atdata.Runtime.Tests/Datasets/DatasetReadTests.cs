using NUnit.Framework;

namespace Atdata.Runtime.Tests.Datasets;

/// <summary>Ordered, shuffled and batched reads, queries, partitions, prefetch, parallel decode and cancellation.</summary>
public class DatasetReadTests
{
    private static readonly long[] s_all = [.. Enumerable.Range(0, 50).Select(i => (long)i)];

    private static async Task<Dataset<DsSample>> FiveShardsAsync(DatasetOptions? options = null)
        => new(await DatasetTestData.BuildAsync(shards: 5, perShard: 10), options: options);

    [Test]
    public async Task Ordered_yields_every_sample_in_shard_order()
    {
        var dataset = await FiveShardsAsync();
        var samples = await dataset.Ordered().CollectAsync();
        Assert.That(samples.Ids(), Is.EqualTo(s_all));
        Assert.That(samples[12].Shard, Is.EqualTo(1));
        Assert.That(dataset.ShardList, Has.Count.EqualTo(5));
        Assert.That(Dataset<DsSample>.SampleType, Is.EqualTo(typeof(DsSample)));
        Assert.That(Dataset<DsSample>.SampleTypeName, Is.EqualTo("DsSample"));
    }

    [Test]
    public async Task Ordered_batches_end_with_a_partial_batch()
    {
        var dataset = await FiveShardsAsync();
        var batches = await dataset.Ordered(batchSize: 8).CollectAsync();
        Assert.That(batches.Select(b => b.Count), Is.EqualTo(new[] { 8, 8, 8, 8, 8, 8, 2 }));
        Assert.That(batches.SelectMany(b => b.Samples).Ids(), Is.EqualTo(s_all));
    }

    [Test]
    public async Task Shuffled_is_a_permutation_and_the_seed_fixes_the_order()
    {
        var dataset = await FiveShardsAsync();
        var a = (await dataset.Shuffled(bufferShards: 3, bufferSamples: 16, seed: 42).CollectAsync()).Ids();
        var b = (await dataset.Shuffled(bufferShards: 3, bufferSamples: 16, seed: 42).CollectAsync()).Ids();
        var c = (await dataset.Shuffled(bufferShards: 3, bufferSamples: 16, seed: 43).CollectAsync()).Ids();
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
        Assert.That(a, Is.Not.EqualTo(s_all));
        Assert.That(a.Order(), Is.EqualTo(s_all));
        var batched = await dataset.Shuffled(batchSize: 7, bufferShards: 3, bufferSamples: 16, seed: 42).CollectAsync();
        Assert.That(batched.SelectMany(x => x.Samples).Ids(), Is.EqualTo(a));
        Assert.That(batched[^1].Count, Is.EqualTo(1));
    }

    [Test]
    public async Task Shuffled_without_a_seed_still_yields_every_sample()
    {
        var dataset = await FiveShardsAsync();
        Assert.That((await dataset.Shuffled().CollectAsync()).Ids().Order(), Is.EqualTo(s_all));
    }

    [Test]
    public async Task Where_Select_and_Take_apply_when_batching()
    {
        var dataset = await FiveShardsAsync();
        var even = dataset.Where(s => s.Id % 2 == 0).Take(10);
        var batches = await even.Ordered(batchSize: 4).CollectAsync();
        Assert.That(batches.Select(b => b.Count), Is.EqualTo(new[] { 4, 4, 2 }));
        Assert.That(batches.SelectMany(b => b.Samples).Ids(), Is.EqualTo(new long[] { 0, 2, 4, 6, 8, 10, 12, 14, 16, 18 }));

        var labels = await dataset.Select(s => $"#{s.Id}").Where(l => l.EndsWith('7')).Ordered(batchSize: 2).CollectAsync();
        Assert.That(labels.SelectMany(b => b.Samples), Is.EqualTo(new[] { "#7", "#17", "#27", "#37", "#47" }));

        var shuffledTake = await dataset.Take(5).Shuffled(bufferSamples: 8, seed: 1).CollectAsync();
        var shuffledAll = (await dataset.Shuffled(bufferSamples: 8, seed: 1).CollectAsync()).Ids();
        Assert.That(shuffledTake.Ids(), Is.EqualTo(shuffledAll.Take(5)), "Take applies to the shuffled stream");
    }

    [Test]
    public async Task Take_stops_reading_shards()
    {
        var source = await DatasetTestData.BuildAsync(shards: 5, perShard: 10);
        var dataset = new Dataset<DsSample>(source, options: new DatasetOptions { PrefetchShards = 0 });
        var head = await dataset.HeadAsync(3);
        Assert.That(head.Ids(), Is.EqualTo(new long[] { 0, 1, 2 }));
        Assert.That(source.Opened, Is.EqualTo(1));
        Assert.That(await dataset.Take(0).Ordered().CollectAsync(), Is.Empty);
        Assert.That((await dataset.HeadAsync(500)).Count, Is.EqualTo(50));
    }

    [Test]
    public async Task Partition_gives_disjoint_shards_that_cover_the_dataset()
    {
        var dataset = await FiveShardsAsync();
        var parts = Enumerable.Range(0, 3).Select(rank => dataset.Partition(rank, 3)).ToList();
        Assert.That(parts[0].ShardList, Is.EqualTo(new[] { "mem-0000.tar", "mem-0003.tar" }));
        Assert.That(parts[1].ShardList, Is.EqualTo(new[] { "mem-0001.tar", "mem-0004.tar" }));
        Assert.That(parts[2].ShardList, Is.EqualTo(new[] { "mem-0002.tar" }));
        var ids = new List<long>();
        foreach (var part in parts)
        {
            ids.AddRange((await part.Ordered().CollectAsync()).Ids());
        }

        Assert.That(ids, Is.Unique);
        Assert.That(ids.Order(), Is.EqualTo(s_all));
        Assert.That(dataset.Partition(4, 8).ShardList, Has.Count.EqualTo(1));
        Assert.That(dataset.Partition(6, 8).ShardList, Is.Empty);
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Partition(3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Partition(0, 0));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(3)]
    public async Task Prefetch_keeps_at_most_prefetch_plus_one_shards_open(int prefetch)
    {
        var source = await DatasetTestData.BuildAsync(shards: 8, perShard: 20);
        source.ReadDelay = TimeSpan.FromMilliseconds(1);
        var dataset = new Dataset<DsSample>(source, options: new DatasetOptions { PrefetchShards = prefetch, PrefetchSamples = 16 });
        var ids = new List<long>();
        await foreach (var sample in dataset.Ordered())
        {
            ids.Add(sample.Id);
            if (ids.Count % 20 == 1)
            {
                await Task.Delay(20); // a slow consumer: the prefetchers get ahead and wait
            }
        }

        Assert.That(ids, Is.EqualTo(Enumerable.Range(0, 160).Select(i => (long)i)));
        Assert.That(source.MaxOpen, Is.LessThanOrEqualTo(prefetch + 1));
        if (prefetch > 0)
        {
            Assert.That(source.MaxOpen, Is.GreaterThan(1), "shards were read ahead");
        }
    }

    [Test]
    public async Task Parallel_decode_keeps_the_order()
    {
        var source = await DatasetTestData.BuildAsync(shards: 3, perShard: 150);
        var dataset = new Dataset<DsSample>(source, options: new DatasetOptions { DecodeParallelism = 4, PrefetchShards = 2 });
        var ids = (await dataset.Ordered().CollectAsync()).Ids();
        Assert.That(ids, Is.EqualTo(Enumerable.Range(0, 450).Select(i => (long)i)));
    }

    [Test]
    public async Task Cancellation_surfaces_as_OperationCanceledException()
    {
        var dataset = await FiveShardsAsync();
        using var cts = new CancellationTokenSource();
        int seen = 0;
        Assert.That(async () =>
        {
            await foreach (var _ in dataset.Shuffled(batchSize: 2, bufferSamples: 4, seed: 3, cancellationToken: cts.Token))
            {
                if (++seen == 3)
                {
                    await cts.CancelAsync();
                }
            }
        }, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(seen, Is.EqualTo(3));

        using var early = new CancellationTokenSource();
        await early.CancelAsync();
        Assert.That(async () => await dataset.HeadAsync(3, early.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Argument_errors_are_eager()
    {
        var dataset = await FiveShardsAsync();
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Ordered(batchSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Shuffled(bufferSamples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Take(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DatasetOptions { PrefetchShards = -1 });
    }
}
