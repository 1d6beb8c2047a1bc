namespace Atdata;

/// <summary>The category of a <see cref="ShardFormatException"/>.</summary>
public enum ShardFormatError
{
    /// <summary>The shard is compressed with a format the reader does not decompress (zstd, bzip2, xz, lzma, lz4).</summary>
    Compressed,

    /// <summary>The bytes are not a tar archive at all (text, zip, or a first header that is not a tar header).</summary>
    NotATar,

    /// <summary>A header field cannot be parsed (a number, a PAX record, a negative size).</summary>
    InvalidHeader,

    /// <summary>A size declared by a header exceeds its cap (member, PAX or GNU metadata block).</summary>
    TooLarge,

    /// <summary>The shard holds more entries than allowed, or too many metadata headers precede one member.</summary>
    TooManyEntries,

    /// <summary>A member name is unsafe: absolute, with a <c>..</c> component, control characters, not UTF-8 or too long.</summary>
    UnsafeMemberName,

    /// <summary>An entry type the reader refuses: sparse files always, other non-regular entries when configured to reject them.</summary>
    UnsupportedEntryType,

    /// <summary>Two adjacent members share key and suffix (WebDataset's duplicate file name in one sample).</summary>
    DuplicateMember,

    /// <summary>A sample (a group of members with one key) has no <c>msgpack</c> member.</summary>
    MissingMsgpack,
}
