using Atdata.Msgpack;

namespace Atdata;

/// <summary>
/// One sample read from a shard: its key, where it was found and its msgpack bytes (WebDataset grouping: the
/// adjacent members sharing a key).
/// </summary>
/// <remarks>
/// <para>
/// <b>Ownership.</b> For a sample produced by a <see cref="ShardReader"/>, <see cref="Msgpack"/> points into
/// the reader's reused, pooled buffer: it is valid until the reader moves to the next sample
/// (<see cref="ShardReader.MoveNextAsync"/> or the next iteration of <see cref="ShardReader.ReadSamplesAsync"/>)
/// or is disposed. Decode it before then, copy it (<c>Msgpack.Span.CopyTo</c>), or call <see cref="ToOwned"/>.
/// <see cref="OtherMembers"/> are always copies the caller may keep.
/// </para>
/// </remarks>
public readonly struct ShardSample
{
    private static readonly IReadOnlyDictionary<string, ReadOnlyMemory<byte>> s_noMembers = new Dictionary<string, ReadOnlyMemory<byte>>();
    private readonly IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? _otherMembers;

    internal ShardSample(string key, string shardUrl, long offset, long index, ReadOnlyMemory<byte> msgpack, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? otherMembers, bool isOwned)
    {
        Key = key;
        ShardUrl = shardUrl;
        Offset = offset;
        Index = index;
        Msgpack = msgpack;
        _otherMembers = otherMembers;
        IsOwned = isOwned;
    }

    /// <summary>The sample key: the member name up to the first <c>.</c> of its last path component (directories included).</summary>
    public string Key { get; }

    /// <summary>The URL of the shard the sample came from.</summary>
    public string ShardUrl { get; }

    /// <summary>The byte offset, in the tar stream, of the first header of the sample's first member.</summary>
    public long Offset { get; }

    /// <summary>The sample's position in its shard, from 0.</summary>
    public long Index { get; }

    /// <summary>The bytes of the <c>{key}.msgpack</c> member. Unless <see cref="IsOwned"/>, valid only until the reader advances.</summary>
    public ReadOnlyMemory<byte> Msgpack { get; }

    /// <summary>The sample's other members by lower-cased suffix (<c>json</c>, <c>txt</c>…), when <see cref="ShardReaderOptions.IncludeOtherMembers"/> is set; otherwise empty.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> OtherMembers => _otherMembers ?? s_noMembers;

    /// <summary>Whether <see cref="Msgpack"/> is a private copy that stays valid (see <see cref="ToOwned"/>).</summary>
    public bool IsOwned { get; }

    /// <summary>A copy whose <see cref="Msgpack"/> is a new array that stays valid after the reader moves on.</summary>
    public ShardSample ToOwned()
        => IsOwned ? this : new ShardSample(Key, ShardUrl, Offset, Index, Msgpack.ToArray(), _otherMembers, isOwned: true);

    /// <summary>Decodes the msgpack bytes as <typeparamref name="T"/>.</summary>
    /// <exception cref="SampleFormatException">The bytes are not a valid <typeparamref name="T"/>.</exception>
    public T Unpack<T>(MsgpackReaderOptions? options = null)
        where T : IPackable<T>
        => Packer.Unpack<T>(Msgpack.Span, options);

    /// <summary>Decodes the msgpack bytes as a schema-free <see cref="DynamicSample"/>.</summary>
    /// <exception cref="SampleFormatException">The bytes are not a valid sample map.</exception>
    public DynamicSample ToDynamic(MsgpackReaderOptions? options = null) => DynamicSample.Unpack(Msgpack.Span, options);

    /// <inheritdoc/>
    public override string ToString() => $"{Key} ({Msgpack.Length} bytes at offset {Offset} of {ShardUrl})";
}
