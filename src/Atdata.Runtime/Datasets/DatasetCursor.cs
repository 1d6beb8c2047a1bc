using System.Buffers.Binary;

namespace Atdata;

/// <summary>
/// A resumable position in a dataset enumeration. Attach it with <see cref="DatasetQuery{T}.WithCursor"/>: the
/// enumeration starts where the cursor points and moves the cursor along as it yields. Save it at any point
/// between samples or batches with <see cref="ToString"/> or <see cref="ToBytes"/>; a new enumeration of the
/// same query with the parsed cursor yields exactly the rest of the original stream.
/// </summary>
/// <remarks>
/// <para>
/// The cursor records, for the shard being read, its position in the read order and how many of its samples
/// were consumed, so shards already consumed are never opened again. For <c>Shuffled</c> it also records the
/// seed, the generator state and which samples sit in the shuffle buffer (shard and position, a few bytes
/// each); resuming re-reads only the shards those samples come from. <c>Take</c> counts are kept too.
/// </para>
/// <para>
/// A cursor belongs to one dataset (the same shards, in the same order, after <c>Partition</c>), one read mode
/// (<c>Ordered</c> or <c>Shuffled</c> with the same buffer sizes and seed) and one pipeline shape (the same
/// number of <c>Take</c> steps); anything else raises <see cref="ArgumentException"/> when enumeration starts.
/// Use one cursor with one enumeration at a time.
/// </para>
/// </remarks>
public sealed class DatasetCursor
{
    private const string Prefix = "atdc1.";
    private const byte FormatVersion = 1;

    internal IterationProgress? Progress { get; set; }

    /// <summary>Creates a cursor at the start of the stream.</summary>
    public DatasetCursor()
    {
    }

    private DatasetCursor(IterationProgress progress) => Progress = progress;

    /// <summary>Whether an enumeration has started from (or moved) this cursor.</summary>
    public bool IsStarted => Progress is not null;

    /// <summary>Parses a cursor saved with <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not a saved cursor.</exception>
    public static DatasetCursor Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException("Not a dataset cursor (expected the 'atdc1.' prefix).");
        }

        string body = text[Prefix.Length..].Replace('-', '+').Replace('_', '/');
        body = body.PadRight(body.Length + ((4 - (body.Length % 4)) % 4), '=');
        return FromBytes(Convert.FromBase64String(body));
    }

    /// <summary>Reads a cursor saved with <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a saved cursor.</exception>
    public static DatasetCursor FromBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return new DatasetCursor();
        }

        try
        {
            return new DatasetCursor(IterationProgress.Read(data));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new FormatException("The dataset cursor is truncated or corrupt.", ex);
        }
    }

    /// <summary>The position as bytes (empty for a cursor at the start).</summary>
    public byte[] ToBytes() => Progress?.Write() ?? [];

    /// <summary>The position as URL-safe text (<c>atdc1.…</c>).</summary>
    public override string ToString()
        => Prefix + Convert.ToBase64String(ToBytes()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static byte Version => FormatVersion;
}

/// <summary>The live state of one enumeration; the cursor's content.</summary>
internal sealed class IterationProgress
{
    public bool Shuffle { get; init; }

    public long Seed { get; init; }

    public int BufferShards { get; init; }

    public int BufferSamples { get; init; }

    public ulong Fingerprint { get; init; }

    public required long[] Takes { get; init; }

    /// <summary>Position, in the read order, of the shard the input is at.</summary>
    public int Position { get; set; }

    /// <summary>Samples of that shard already taken (the next position to decode).</summary>
    public long NextSample { get; set; }

    /// <summary>The shuffle generator's state.</summary>
    public ulong Random { get; set; }

    /// <summary>The shuffle buffer as read from a saved cursor, until an enumeration loads it.</summary>
    public (int Shard, long Index)[]? SavedBuffer { get; set; }

    /// <summary>The running enumeration's shuffle buffer, read when the cursor is saved.</summary>
    public Func<(int Shard, long Index)[]>? LiveBuffer { get; set; }

    public byte[] Write()
    {
        var buffer = LiveBuffer?.Invoke() ?? SavedBuffer ?? [];
        int size = 1 + 1 + 8 + 4 + 8 + 4 + (8 * Takes.Length) + (Shuffle ? 8 + 4 + 4 + 8 + 4 + (12 * buffer.Length) : 0);
        var data = new byte[size];
        var w = new SpanWriter(data);
        w.Byte(DatasetCursor.Version);
        w.Byte(Shuffle ? (byte)1 : (byte)0);
        w.UInt64(Fingerprint);
        w.Int32(Position);
        w.Int64(NextSample);
        w.Int32(Takes.Length);
        foreach (long t in Takes)
        {
            w.Int64(t);
        }

        if (Shuffle)
        {
            w.Int64(Seed);
            w.Int32(BufferShards);
            w.Int32(BufferSamples);
            w.UInt64(Random);
            w.Int32(buffer.Length);
            foreach (var (shard, index) in buffer)
            {
                w.Int32(shard);
                w.Int64(index);
            }
        }

        return data;
    }

    public static IterationProgress Read(ReadOnlySpan<byte> data)
    {
        var r = new SpanReader(data);
        if (r.Byte() != DatasetCursor.Version)
        {
            throw new FormatException("Unsupported dataset cursor version.");
        }

        bool shuffle = r.Byte() == 1;
        ulong fingerprint = r.UInt64();
        int position = r.Int32();
        long next = r.Int64();
        int takeCount = r.Int32();
        if (takeCount is < 0 or > 1024 || position < 0 || next < 0)
        {
            throw new FormatException("The dataset cursor is corrupt.");
        }

        var takes = new long[takeCount];
        for (int i = 0; i < takes.Length; i++)
        {
            takes[i] = r.Int64();
        }

        if (!shuffle)
        {
            return new IterationProgress { Fingerprint = fingerprint, Position = position, NextSample = next, Takes = takes };
        }

        long seed = r.Int64();
        int bufferShards = r.Int32();
        int bufferSamples = r.Int32();
        ulong random = r.UInt64();
        int count = r.Int32();
        if (count < 0 || count > bufferSamples || count > (data.Length / 12))
        {
            throw new FormatException("The dataset cursor is corrupt.");
        }

        var saved = new (int, long)[count];
        for (int i = 0; i < count; i++)
        {
            saved[i] = (r.Int32(), r.Int64());
        }

        return new IterationProgress
        {
            Shuffle = true,
            Seed = seed,
            BufferShards = bufferShards,
            BufferSamples = bufferSamples,
            Fingerprint = fingerprint,
            Position = position,
            NextSample = next,
            Takes = takes,
            Random = random,
            SavedBuffer = saved,
        };
    }

    private ref struct SpanWriter(Span<byte> span)
    {
        private readonly Span<byte> _span = span;
        private int _at;

        public void Byte(byte v) => _span[_at++] = v;

        public void Int32(int v)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_span[_at..], v);
            _at += 4;
        }

        public void Int64(long v)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_span[_at..], v);
            _at += 8;
        }

        public void UInt64(ulong v)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_span[_at..], v);
            _at += 8;
        }
    }

    private ref struct SpanReader(ReadOnlySpan<byte> span)
    {
        private readonly ReadOnlySpan<byte> _span = span;
        private int _at;

        public byte Byte() => _span[_at++];

        public int Int32()
        {
            int v = BinaryPrimitives.ReadInt32LittleEndian(_span[_at..]);
            _at += 4;
            return v;
        }

        public long Int64()
        {
            long v = BinaryPrimitives.ReadInt64LittleEndian(_span[_at..]);
            _at += 8;
            return v;
        }

        public ulong UInt64()
        {
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(_span[_at..]);
            _at += 8;
            return v;
        }
    }
}
