namespace Atdata;

/// <summary>What a <see cref="ShardReader"/> does with tar entries that are not regular files.</summary>
public enum NonRegularEntryHandling
{
    /// <summary>
    /// Skip directories, symbolic and hard links, devices, FIFOs and unknown entry types, counting them in
    /// <see cref="ShardReader.SkippedEntryCount"/> (what Python webdataset does). Nothing is ever created on disk.
    /// </summary>
    Skip,

    /// <summary>Raise <see cref="ShardFormatException"/> (<see cref="ShardFormatError.UnsupportedEntryType"/>) at the first such entry.</summary>
    Reject,
}

/// <summary>Limits and behaviour of a <see cref="ShardReader"/>. Every limit is checked before anything it bounds is buffered.</summary>
public sealed record ShardReaderOptions
{
    /// <summary>The default <see cref="MaxMemberSize"/>: 1 GiB.</summary>
    public const long DefaultMaxMemberSize = 1L << 30;

    /// <summary>The largest member a shard may declare (default 1 GiB, at most <see cref="Array.MaxLength"/>).</summary>
    public long MaxMemberSize { get; init; } = DefaultMaxMemberSize;

    /// <summary>The largest PAX (<c>x</c>, <c>g</c>) or GNU long-name (<c>L</c>, <c>K</c>) metadata block (default 1 MiB).</summary>
    public int MaxMetadataSize { get; init; } = 1 << 20;

    /// <summary>The most entries (members, skipped entries and metadata headers) one shard may hold (default 4,000,000).</summary>
    public long MaxEntries { get; init; } = 4_000_000;

    /// <summary>The longest member name in UTF-8 bytes (default 255); a longer one raises <see cref="ShardFormatError.UnsafeMemberName"/>.</summary>
    public int MaxNameLength { get; init; } = 255;

    /// <summary>Skip (default) or reject entries that are not regular files. GNU sparse files are always rejected.</summary>
    public NonRegularEntryHandling NonRegularEntries { get; init; } = NonRegularEntryHandling.Skip;

    /// <summary>
    /// Whether members of a sample other than <c>msgpack</c> (<c>k.json</c> beside <c>k.msgpack</c>) are kept in
    /// <see cref="ShardSample.OtherMembers"/> (copied into arrays); by default their bytes are skipped.
    /// </summary>
    public bool IncludeOtherMembers { get; init; }

    /// <summary>Whether gzip-compressed shards (detected by their magic bytes, not their name) are decompressed (default true); when false they raise <see cref="ShardFormatError.Compressed"/>.</summary>
    public bool DecompressGzip { get; init; } = true;

    /// <summary>
    /// Expected SHA-256 (hex) of whole shards by shard URL, as Python atdata records them in
    /// <c>metadata["checksums"]</c>. A shard whose URL is listed is hashed while it streams, read to its end, and
    /// raises <see cref="ShardIntegrityException"/> at the end on a mismatch.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExpectedChecksums { get; init; }

    /// <summary>The size of the read buffers (default 64 KiB).</summary>
    public int BufferSize { get; init; } = 64 * 1024;

    internal void Validate(string paramName)
    {
        if (MaxMemberSize < 0 || MaxMemberSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxMemberSize, $"MaxMemberSize must be between 0 and {Array.MaxLength}.");
        }

        if (MaxMetadataSize is < 512 or > (64 << 20))
        {
            throw new ArgumentOutOfRangeException(paramName, MaxMetadataSize, "MaxMetadataSize must be between 512 bytes and 64 MiB.");
        }

        if (MaxEntries < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxEntries, "MaxEntries must be at least 1.");
        }

        if (MaxNameLength is < 1 or > 65536)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxNameLength, "MaxNameLength must be between 1 and 65536.");
        }

        if (BufferSize is < 4096 or > (16 << 20))
        {
            throw new ArgumentOutOfRangeException(paramName, BufferSize, "BufferSize must be between 4 KiB and 16 MiB.");
        }
    }
}
