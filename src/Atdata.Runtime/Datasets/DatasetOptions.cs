using Atdata.Msgpack;

namespace Atdata;

/// <summary>How a <see cref="Dataset{T}"/> reads its shards and decodes its samples.</summary>
public sealed record DatasetOptions
{
    /// <summary>The defaults: the reader's default caps, samples decoded with owned arrays.</summary>
    public static DatasetOptions Default { get; } = new();

    /// <summary>Limits and checks applied while reading each shard (caps, checksums, gzip).</summary>
    public ShardReaderOptions? ReaderOptions { get; init; }

    /// <summary>Limits and array allocation used when decoding each sample.</summary>
    public MsgpackReaderOptions? SampleOptions { get; init; }
}
