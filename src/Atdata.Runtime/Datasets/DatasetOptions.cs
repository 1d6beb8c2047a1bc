using Atdata.Msgpack;

namespace Atdata;

/// <summary>How a <see cref="Dataset{T}"/> reads its shards and decodes its samples.</summary>
public sealed record DatasetOptions
{
    private readonly int _prefetchShards = 1;
    private readonly int _prefetchSamples = 256;
    private readonly int _decodeParallelism = 1;

    /// <summary>The defaults: one shard read ahead, decoding on one thread per shard, errors thrown.</summary>
    public static DatasetOptions Default { get; } = new();

    /// <summary>Limits and checks applied while reading each shard (caps, checksums, gzip).</summary>
    public ShardReaderOptions? ReaderOptions { get; init; }

    /// <summary>Limits and array allocation used when decoding each sample.</summary>
    public MsgpackReaderOptions? SampleOptions { get; init; }

    /// <summary>
    /// How many shards after the one being consumed are opened, read and decoded in the background (0 to
    /// 64; default 1). At most <c>PrefetchShards + 1</c> shard streams are open at once.
    /// </summary>
    public int PrefetchShards
    {
        get => _prefetchShards;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 64);
            _prefetchShards = value;
        }
    }

    /// <summary>
    /// How many decoded samples each open shard may hold ahead of the consumer (1 to 1,000,000; default 256).
    /// With <see cref="PrefetchShards"/> this bounds memory: at most about
    /// <c>(PrefetchShards + 1) × 1.25 × PrefetchSamples</c> decoded samples wait at any time. With
    /// <see cref="NdArrayAllocation.Pooled"/> arrays, keep that below what the array pool holds per size
    /// (about 32 per core) so arrays are reused rather than allocated.
    /// </summary>
    public int PrefetchSamples
    {
        get => _prefetchSamples;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1_000_000);
            _prefetchSamples = value;
        }
    }

    /// <summary>
    /// How many threads decode the samples of one shard (1 to 64; default 1). Above 1, samples are copied
    /// out of the reader in chunks of 64 and decoded in parallel; the order of the stream never changes.
    /// </summary>
    public int DecodeParallelism
    {
        get => _decodeParallelism;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 64);
            _decodeParallelism = value;
        }
    }

    /// <summary>What a bad shard or a bad sample does (default: <see cref="DatasetErrorPolicy.Throw"/>).</summary>
    public DatasetErrorPolicy ErrorPolicy { get; init; } = DatasetErrorPolicy.Throw;
}
