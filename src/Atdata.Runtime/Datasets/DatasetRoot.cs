using System.Text;
using Atdata.Msgpack;

namespace Atdata;

/// <summary>Decodes one sample's msgpack bytes (valid only during the call).</summary>
internal delegate T SampleDecoder<T>(ReadOnlySpan<byte> msgpack, MsgpackReaderOptions? options);

/// <summary>
/// What a dataset reads, fixed when it is created: the source, the full shard list, the shards selected by
/// <see cref="Dataset{T}.Partition"/> (global indices), options, the decoder and the statistics.
/// </summary>
internal sealed class DatasetRoot<T>
{
    public DatasetRoot(IShardSource source, IReadOnlyList<string> allShards, int[] selected, DatasetOptions options, SampleDecoder<T> decoder)
    {
        Source = source;
        AllShards = allShards;
        Selected = selected;
        Options = options;
        Decoder = decoder;
        Fingerprint = ComputeFingerprint(allShards, selected);
    }

    public IShardSource Source { get; }

    public IReadOnlyList<string> AllShards { get; }

    public int[] Selected { get; }

    public DatasetOptions Options { get; }

    public SampleDecoder<T> Decoder { get; }

    public DatasetReadStatistics Statistics { get; } = new();

    /// <summary>A hash of the selected shard URLs in order, stored in cursors to refuse another dataset's position.</summary>
    public ulong Fingerprint { get; }

    public DatasetRoot<TOther> With<TOther>(SampleDecoder<TOther> decoder) => new(Source, AllShards, Selected, Options, decoder);

    public DatasetRoot<T> WithSelection(int[] selected) => new(Source, AllShards, selected, Options, Decoder);

    public DatasetRoot<T> WithOptions(DatasetOptions options) => new(Source, AllShards, Selected, options, Decoder);

    private static ulong ComputeFingerprint(IReadOnlyList<string> shards, int[] selected)
    {
        ulong hash = 14695981039346656037;
        foreach (int index in selected)
        {
            foreach (byte b in Encoding.UTF8.GetBytes(shards[index]))
            {
                hash = unchecked((hash ^ b) * 1099511628211);
            }

            hash = unchecked((hash ^ 0xff) * 1099511628211);
        }

        return hash;
    }
}

/// <summary>SplitMix64: a small generator whose whole state is one number, so cursors can store it.</summary>
internal struct ShuffleRandom
{
    public ulong State;

    public ShuffleRandom(ulong state) => State = state;

    public static ulong Mix(long seed, ulong stream)
    {
        var r = new ShuffleRandom(unchecked((ulong)seed ^ (stream * 0xD1B54A32D192ED03)));
        return r.NextUInt64();
    }

    public ulong NextUInt64()
    {
        ulong z = State = unchecked(State + 0x9E3779B97F4A7C15);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EB);
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="bound"/>) (Lemire's multiply-shift; the bias is negligible here).</summary>
    public int Next(int bound) => (int)((NextUInt64() >> 32) * (ulong)(uint)bound >> 32);
}
