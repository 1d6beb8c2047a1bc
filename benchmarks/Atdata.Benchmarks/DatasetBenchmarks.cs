using BenchmarkDotNet.Attributes;

namespace Atdata.Benchmarks;

/// <summary>
/// Goal G6's dataset ratios (guides/performance.md): shuffled (buffer 1000) and batched (32) reads against the
/// ordered read of the same in-memory shards, per sample; and stacking a batch's 64 KiB arrays against a plain
/// copy of the same bytes into one pooled buffer.
/// </summary>
[Config(typeof(SideBySideConfig))]
public class DatasetBenchmarks
{
    private const int Shards = 4;
    private const int PerShard = 2_500;
    private const int Samples = Shards * PerShard;
    private const int BatchSize = 32;

    private Dataset<SmallSample> _dataset = null!;
    private ImageSample[] _images = [];
    private float[] _stackTarget = [];

    [GlobalSetup]
    public void Setup()
    {
        var shards = new Dictionary<string, byte[]>();
        for (int s = 0; s < Shards; s++)
        {
            using var stream = new MemoryStream();
            var writer = new ShardWriter(stream, options: new ShardWriterOptions { ComputeChecksums = false }, leaveOpen: true);
            for (int i = 0; i < PerShard; i++)
            {
                int id = (s * PerShard) + i;
                writer.WriteAsync(new SmallSample(id, $"sample_{id:D6}", id * 0.5, id % 2 == 0, "cat"), $"sample_{id:D6}").AsTask().GetAwaiter().GetResult();
            }

            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            shards[$"mem-{s}.tar"] = stream.ToArray();
        }

        _dataset = new Dataset<SmallSample>(new InMemorySource(shards));

        // 32 samples of 128 x 128 float32 (64 KiB each).
        _images = Enumerable.Range(0, BatchSize).Select(i =>
        {
            var pixels = new float[128 * 128];
            pixels.AsSpan().Fill(i);
            return new ImageSample(new NdArray<float>(pixels, 128, 128), "cat");
        }).ToArray();
        _stackTarget = new float[BatchSize * 128 * 128];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples), BenchmarkCategory("DatasetRead")]
    public async Task<long> Ordered()
    {
        long sum = 0;
        await foreach (var s in _dataset.Ordered())
        {
            sum += s.Id;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Samples), BenchmarkCategory("DatasetRead")]
    public async Task<long> Shuffled1000()
    {
        long sum = 0;
        await foreach (var s in _dataset.Shuffled(bufferSamples: 1000, seed: 1))
        {
            sum += s.Id;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Samples), BenchmarkCategory("DatasetRead")]
    public async Task<long> Batched32()
    {
        long sum = 0;
        await foreach (var b in _dataset.Ordered(batchSize: BatchSize))
        {
            sum += b.Id[0];
        }

        return sum;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Stack")]
    public float StackMemcpyBaseline()
    {
        var rented = System.Buffers.ArrayPool<float>.Shared.Rent(_stackTarget.Length);
        for (int i = 0; i < _images.Length; i++)
        {
            _images[i].Image.Span.CopyTo(rented.AsSpan(i * 128 * 128));
        }

        float last = rented[_stackTarget.Length - 1];
        System.Buffers.ArrayPool<float>.Shared.Return(rented);
        return last;
    }

    [Benchmark, BenchmarkCategory("Stack")]
    public float StackBatch()
    {
        using var batch = new SampleBatch<ImageSample>(_images, _images.Length);
        var stacked = batch.Image;
        return stacked.Span[^1];
    }

    private sealed class InMemorySource(Dictionary<string, byte[]> shards) : IShardSource
    {
        private readonly string[] _names = [.. shards.Keys];

        public IReadOnlyList<string> ListShards() => _names;

        public ValueTask<Stream> OpenShardAsync(string shard, CancellationToken cancellationToken = default)
            => ValueTask.FromResult<Stream>(new MemoryStream(shards[shard], writable: false));
    }
}
