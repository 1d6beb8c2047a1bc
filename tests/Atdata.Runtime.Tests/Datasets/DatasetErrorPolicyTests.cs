using Atdata.Runtime.Tests.Generated;
using Atdata.Runtime.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Datasets;

/// <summary>Throw by default; SkipSample and SkipShard count what they skip.</summary>
public class DatasetErrorPolicyTests
{
    // shard 0: 5 good; shard 1: not a tar; shard 2: 5 samples, the third not a DsSample; shard 3: 5 good.
    private static async Task<MemoryShardSource> BrokenAsync()
    {
        long id = 0;
        var source = new MemoryShardSource();
        source.Add("a.tar", await DatasetTestData.ShardAsync(5, () => new DsSample(id++, 0, new NdArray<float>([1f]))));
        source.Add("b.tar", [.. Enumerable.Repeat((byte)'x', 2048)]);
        var stream = new MemoryStream();
        await using (var writer = new ShardWriter(stream, "c.tar", leaveOpen: true))
        {
            for (int i = 0; i < 5; i++)
            {
                if (i == 2)
                {
                    await writer.WriteAsync("bad", new FixtureSample(1, "not a DsSample", 2).Pack());
                }
                else
                {
                    await writer.WriteAsync(new DsSample(id++, 2, new NdArray<float>([1f])), key: $"s{i}");
                }
            }
        }

        source.Add("c.tar", stream.ToArray());
        source.Add("d.tar", await DatasetTestData.ShardAsync(5, () => new DsSample(id++, 3, new NdArray<float>([1f]))));
        return source;
    }

    [Test]
    public async Task Throw_is_the_default()
    {
        var dataset = new Dataset<DsSample>(await BrokenAsync());
        Assert.That(dataset.Options.ErrorPolicy, Is.EqualTo(DatasetErrorPolicy.Throw));
        var ex = Assert.ThrowsAsync<ShardFormatException>(async () => await dataset.Ordered().CollectAsync());
        Assert.That(ex!.Message, Does.Contain("b.tar"));
        var sampleError = Assert.ThrowsAsync<SampleFormatException>(async () => await dataset.Partition(0, 2).Ordered().CollectAsync());
        Assert.That(sampleError, Is.Not.Null);
    }

    [Test]
    public async Task SkipSample_skips_bad_samples_and_the_rest_of_bad_shards()
    {
        var dataset = new Dataset<DsSample>(await BrokenAsync(), options: new DatasetOptions { ErrorPolicy = DatasetErrorPolicy.SkipSample });
        var ids = (await dataset.Ordered().CollectAsync()).Ids();
        Assert.That(ids, Is.EqualTo(Enumerable.Range(0, 14).Select(i => (long)i)));
        var stats = dataset.Statistics;
        Assert.That(stats.SamplesSkipped, Is.EqualTo(1));
        Assert.That(stats.ShardsSkipped, Is.EqualTo(1));
        Assert.That(stats.ShardsOpened, Is.EqualTo(4));
        Assert.That(stats.SamplesDecoded, Is.EqualTo(14));
        Assert.That(stats.Errors.Select(e => (e.ShardUrl, e.SampleKey)), Is.EqualTo(new[] { ("b.tar", (string?)null), ("c.tar", "bad") }).Or.EqualTo(new[] { ("c.tar", (string?)"bad"), ("b.tar", null) }));
        stats.Reset();
        Assert.That(stats.SamplesSkipped + stats.ShardsSkipped + stats.Errors.Count, Is.Zero);
    }

    [Test]
    public async Task SkipShard_drops_the_rest_of_a_shard_with_a_bad_sample()
    {
        var dataset = new Dataset<DsSample>(await BrokenAsync(), options: new DatasetOptions { ErrorPolicy = DatasetErrorPolicy.SkipShard, DecodeParallelism = 2 });
        var ids = (await dataset.Ordered().CollectAsync()).Ids();
        Assert.That(ids, Is.EqualTo(new long[] { 0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13 }));
        Assert.That(dataset.Statistics.ShardsSkipped, Is.EqualTo(2));
        Assert.That(dataset.Statistics.SamplesSkipped, Is.Zero);
    }

    [Test]
    public async Task Missing_shard_is_a_source_error_or_skipped()
    {
        var dir = Directory.CreateTempSubdirectory("atdata-ds-");
        try
        {
            string pattern = Path.Combine(dir.FullName, "x-{0..1}.tar");
            await File.WriteAllBytesAsync(Path.Combine(dir.FullName, "x-0.tar"), await DatasetTestData.ShardAsync(2, () => new DsSample(1, 0, new NdArray<float>([1f]))));
            var dataset = new Dataset<DsSample>(pattern);
            Assert.ThrowsAsync<ShardSourceException>(async () => await dataset.Ordered().CollectAsync());
            var lenient = dataset.WithOptions(new DatasetOptions { ErrorPolicy = DatasetErrorPolicy.SkipShard });
            Assert.That(await lenient.Ordered().CollectAsync(), Has.Count.EqualTo(2));
            Assert.That(lenient.Statistics.ShardsSkipped, Is.EqualTo(1));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Python_shards_read_typed_and_dynamic()
    {
        var fixture = new Dataset<FixtureSample>(TestVectors.PathOf("python_fixture_test_samples.tar"));
        Assert.That(await fixture.Ordered().CollectAsync(), Is.EqualTo(new[]
        {
            new FixtureSample(0, "test_sample_0", 0), new FixtureSample(1, "test_sample_1", 10), new FixtureSample(2, "test_sample_2", 20),
        }));

        var dynamic = new Dataset<DynamicSample>(TestVectors.PathOf("wds_style_shard.tar"));
        var samples = await dynamic.Ordered().CollectAsync();
        Assert.That(samples[0]["name"], Is.EqualTo("test_sample_0"));
        Assert.That(samples[1].GetArray<float>("image").ToArray(), Is.EqualTo(new[] { 1.5f, -2.0f, 3.25f }));
        Assert.That(Dataset<DynamicSample>.SampleTypeName, Is.EqualTo("DynamicSample"));

        // The PAX shard mixes two schemas: typed reads keep the matching sample when asked to skip the other.
        var typed = new Dataset<FixtureSample>(TestVectors.PathOf("wds_style_shard.tar"))
            .WithOptions(new DatasetOptions { ErrorPolicy = DatasetErrorPolicy.SkipSample });
        Assert.That(await typed.Ordered().CollectAsync(), Is.EqualTo(new[] { new FixtureSample(0, "test_sample_0", 0) }));
        Assert.That(typed.Statistics.SamplesSkipped, Is.EqualTo(1));

        var batches = await new Dataset<DynamicSample>(TestVectors.PathOf("python_fixture_test_samples.tar")).Ordered(batchSize: 2).CollectAsync();
        Assert.That(batches.Select(b => b.Count), Is.EqualTo(new[] { 2, 1 }));
    }
}
