using Atdata.Msgpack;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Datasets;

/// <summary>Generated batch accessors: stacked arrays in pooled memory, other fields as lists, ragged errors.</summary>
public class SampleBatchTests
{
    [Test]
    public async Task Array_fields_stack_to_batch_shape_and_others_become_lists()
    {
        var dataset = new Dataset<DsSample>(await DatasetTestData.BuildAsync(shards: 2, perShard: 5, imageLength: 4));
        var batches = await dataset.Ordered(batchSize: 4).CollectAsync();
        using var batch = batches[1];
        NdArray<float> images = batch.Image;
        Assert.That(images.Shape.ToArray(), Is.EqualTo(new long[] { 4, 4 }));
        Assert.That(images.IsPooled, Is.True);
        Assert.That(images.ToArray(), Is.EqualTo(new float[] { 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7 }));
        Assert.That(batch.Image, Is.SameAs(images), "cached");
        IReadOnlyList<long> ids = batch.Id;
        Assert.That(ids, Is.EqualTo(new long[] { 4, 5, 6, 7 }));
        Assert.That(batch.Shard, Is.EqualTo(new[] { 0, 1, 1, 1 }));
        Assert.That(batch[0].Id, Is.EqualTo(4));

        var last = batches[^1];
        Assert.That(last.Image.Shape.ToArray(), Is.EqualTo(new long[] { 2, 4 }));
        last.Dispose();
        Assert.That(images.IsDisposed, Is.False);
        Assert.Throws<ObjectDisposedException>(() => _ = last.Image);
    }

    [Test]
    public async Task Multidimensional_arrays_stack_with_a_leading_batch_axis()
    {
        var samples = Enumerable.Range(0, 3).Select(i => new DsSample(i, 0, new NdArray<float>(Enumerable.Range(0, 6).Select(v => (float)(v + (10 * i))).ToArray(), 2, 3))).ToList();
        using var batch = new SampleBatch<DsSample>(samples);
        Assert.That(batch.Image.Shape.ToArray(), Is.EqualTo(new long[] { 3, 2, 3 }));
        Assert.That(batch.Image[2, 1, 0], Is.EqualTo(23f));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Ragged_arrays_raise_an_error_naming_the_field_and_shapes()
    {
        var dataset = new Dataset<DsSample>(await DatasetTestData.BuildAsync(shards: 1, perShard: 4, lengthOf: id => id == 2 ? 5 : 3));
        var batch = (await dataset.Ordered(batchSize: 4).CollectAsync()).Single();
        var ex = Assert.Throws<RaggedBatchException>(() => _ = batch.Image);
        Assert.That(ex!.Message, Does.Contain("'image'").And.Contain("(3,)").And.Contain("sample 2 has shape (5,)"));
        Assert.That(ex.Field, Is.EqualTo("image"));
        Assert.That(ex.ActualShape, Is.EqualTo(new long[] { 5 }));
        Assert.That(batch.Id, Has.Count.EqualTo(4), "other fields still work");
    }

    [Test]
    public async Task Streaming_and_stacking_allocate_no_large_object_per_sample()
    {
        // 32,768 floats (128 KiB) per image: a new array per sample would be a large-object allocation.
        const int Length = 32 * 1024;
        var source = await DatasetTestData.BuildAsync(shards: 4, perShard: 50, imageLength: Length);
        var dataset = new Dataset<DsSample>(source, options: new DatasetOptions { SampleOptions = MsgpackReaderOptions.Pooled, PrefetchShards = 1, PrefetchSamples = 8 });

        async Task<long> StreamAsync()
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await foreach (var sample in dataset.Ordered())
            {
                sample.Image.Dispose();
            }

            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        async Task<long> BatchAsync()
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await foreach (var batch in dataset.Ordered(batchSize: 16))
            {
                using (batch)
                {
                    Assert.That(batch.Image.Length, Is.EqualTo(batch.Count * (long)Length));
                    foreach (var sample in batch)
                    {
                        sample.Image.Dispose();
                    }
                }
            }

            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        // The best of a few passes: the allocation counter is process-wide, and ArrayPool<T>.Shared keeps one array
        // per size in each thread's own slot, so a 2 MiB stacked batch returned on one pool thread is invisible to a
        // rent on another; on a busy machine a pass can miss the pool a few times. The bound is therefore half an
        // image per sample: a regression allocates at least one image (128 KiB) per sample, either as a per-sample
        // array or as an unpooled 16-sample stack (2 MiB / 16), so it still fails by a factor of two or more.
        const long Bound = Length * sizeof(float) / 2;
        long streamed = long.MaxValue, batched = long.MaxValue;
        for (int pass = 0; pass < 6; pass++)
        {
            streamed = Math.Min(streamed, await StreamAsync());
            batched = Math.Min(batched, await BatchAsync());
        }
        TestContext.Out.WriteLine($"allocated per sample: streaming {streamed / 200} B, batched {batched / 200} B");
        Assert.That(streamed / 200, Is.LessThan(Bound), "streaming: well below one image (128 KiB) per sample");
        Assert.That(batched / 200, Is.LessThan(Bound), "batched with stacking: well below one image (128 KiB) per sample");
    }
}
