using System.Buffers;
using System.Text;
using Atdata.Shards;

namespace Atdata;

/// <content>The tar header parser: ustar, PAX, GNU and v7 headers, caps, checksums and member-name checks.</content>
public sealed partial class ShardReader
{
    // --- Tar headers -------------------------------------------------------------------------------------

    // Reads headers up to the next regular member (applying PAX and GNU metadata, skipping other entries) and
    // leaves the stream at its data: sets _hasEntry, _entryName, _entrySize and _entryOffset.
    private async ValueTask ReadEntryAsync(CancellationToken cancellationToken)
    {
        _hasEntry = false;
        if (_endOfStream && _buffer.Length == 0)
        {
            return;
        }

        var pending = default(PendingMetadata);
        long entryOffset = _offset;
        while (true)
        {
            long headerOffset = _offset;
            if (!await EnsureAsync(TarFormat.BlockSize, cancellationToken).ConfigureAwait(false))
            {
                if (pending.Count > 0)
                {
                    ThrowHelper.ThrowShardTruncated("the shard ends after a metadata header, before the member it describes", ShardUrl, headerOffset);
                }

                if (headerOffset == 0 && _buffer.Length == 0)
                {
                    ThrowHelper.ThrowShardTruncated("the shard is empty (0 bytes)", ShardUrl, 0);
                }

                if (_buffer.Length == 0 || !ContainsNonZero(_buffer))
                {
                    // No end-of-archive marker: tolerated, as in Python.
                    Consume(_buffer.Length);
                    return;
                }

                ThrowHelper.ThrowShardTruncated($"the shard ends inside a header ({_buffer.Length} of 512 bytes)", ShardUrl, headerOffset);
            }

            ReadOnlySpan<byte> block = _buffer.FirstSpan.Length >= TarFormat.BlockSize
                ? _buffer.FirstSpan[..TarFormat.BlockSize]
                : CopyBlock();

            if (TarFormat.IsZeroBlock(block))
            {
                if (pending.Count > 0)
                {
                    ThrowHelper.ThrowShardFormat(ShardFormatError.InvalidHeader, "a metadata header is followed by the end-of-archive marker instead of a member", ShardUrl, headerOffset);
                }

                // End of archive; what follows is not read unless a checksum needs it.
                return;
            }

            VerifyHeader(block, headerOffset);
            if (++EntryCount > _options.MaxEntries)
            {
                ThrowHelper.ThrowShardFormat(ShardFormatError.TooManyEntries, $"the shard holds more than {_options.MaxEntries} entries", ShardUrl, headerOffset);
            }

            if (!TarFormat.TryParseNumber(block.Slice(TarFormat.SizeOffset, TarFormat.SizeLength), out long headerSize) || headerSize < 0)
            {
                ThrowHelper.ThrowShardFormat(ShardFormatError.InvalidHeader, "the header's size field is not a valid size", ShardUrl, headerOffset);
            }

            byte type = block[TarFormat.TypeFlagOffset];
            if (type is (byte)'x' or (byte)'X' or (byte)'g' or (byte)'L' or (byte)'K')
            {
                if (++pending.Count > MaxMetadataHeadersPerEntry)
                {
                    ThrowHelper.ThrowShardFormat(ShardFormatError.TooManyEntries, $"more than {MaxMetadataHeadersPerEntry} metadata headers precede one member", ShardUrl, headerOffset);
                }

                if (headerSize > _options.MaxMetadataSize)
                {
                    ThrowHelper.ThrowShardFormat(ShardFormatError.TooLarge, $"a '{(char)type}' metadata header declares {headerSize} bytes, more than the {_options.MaxMetadataSize}-byte cap", ShardUrl, headerOffset);
                }

                Consume(TarFormat.BlockSize);
                int size = (int)headerSize;
                if (!await EnsureAsync((int)TarFormat.PaddedSize(size), cancellationToken).ConfigureAwait(false) && _buffer.Length < size)
                {
                    ThrowHelper.ThrowShardTruncated($"the shard ends inside a {size}-byte '{(char)type}' metadata block", ShardUrl, _offset);
                }

                ReadMetadata(type, _buffer.Slice(0, size), headerOffset, ref pending);
                Consume(Math.Min(TarFormat.PaddedSize(size), _buffer.Length));
                continue;
            }

            Consume(TarFormat.BlockSize);
            long size2 = pending.Size ?? _global.Size ?? headerSize;
            if (pending.Sparse || _global.Sparse || type == (byte)'S')
            {
                ThrowHelper.ThrowShardFormat(ShardFormatError.UnsupportedEntryType, "GNU sparse files are not supported", ShardUrl, headerOffset);
            }

            bool regular = type is (byte)'0' or 0 or (byte)'7';
            string? name = null;
            if (regular)
            {
                name = pending.Path ?? _global.Path ?? pending.LongName ?? HeaderName(block, type, headerOffset);
                if (type == 0 && name.EndsWith('/'))
                {
                    regular = false; // a v7 directory
                }
            }

            if (!regular)
            {
                if (_options.NonRegularEntries == NonRegularEntryHandling.Reject)
                {
                    ThrowHelper.ThrowShardFormat(ShardFormatError.UnsupportedEntryType, $"an entry of type '{DisplayType(type)}' is not a regular file", ShardUrl, headerOffset);
                }

                SkippedEntryCount++;

                // Python skips the data of unknown types but not of links, directories, devices and FIFOs.
                if (type is < (byte)'1' or > (byte)'6' && type != 0)
                {
                    CheckMemberSize(size2, headerOffset, null);
                    _entrySize = size2;
                    _entryName = string.Empty;
                    await SkipDataAsync(cancellationToken).ConfigureAwait(false);
                }

                pending = default;
                entryOffset = _offset;
                continue;
            }

            ValidateName(name!, headerOffset);
            CheckMemberSize(size2, headerOffset, name);
            _hasEntry = true;
            _entryName = name!;
            _entrySize = size2;
            _entryOffset = entryOffset;
            return;
        }
    }

    private ReadOnlySpan<byte> CopyBlock()
    {
        _buffer.Slice(0, TarFormat.BlockSize).CopyTo(_block);
        return _block;
    }

    private static bool ContainsNonZero(ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            if (segment.Span.ContainsAnyExcept((byte)0))
            {
                return true;
            }
        }

        return false;
    }

    private void VerifyHeader(ReadOnlySpan<byte> block, long headerOffset)
    {
        bool parsed = TarFormat.TryParseNumber(block.Slice(TarFormat.ChecksumOffset, TarFormat.ChecksumLength), out long stored);
        if (parsed && (stored == TarFormat.UnsignedChecksum(block) || stored == TarFormat.SignedChecksum(block)))
        {
            return;
        }

        if (headerOffset == 0 && !LooksLikeTarHeader(block, parsed))
        {
            ThrowHelper.ThrowShardFormat(ShardFormatError.NotATar, "the shard is not a tar archive (its first 512 bytes are not a tar header)", ShardUrl, 0);
        }

        ThrowHelper.ThrowShardIntegrity(parsed ? "a tar header's checksum does not match its bytes" : "a tar header's checksum field is not a number (corrupt header)", ShardUrl, headerOffset);
    }

    private static bool LooksLikeTarHeader(ReadOnlySpan<byte> block, bool checksumParsed)
    {
        if (block[TarFormat.MagicOffset..].StartsWith("ustar"u8))
        {
            return true;
        }

        return checksumParsed
            && TarFormat.TryParseNumber(block.Slice(TarFormat.ModeOffset, TarFormat.ModeLength), out _)
            && TarFormat.TryParseNumber(block.Slice(TarFormat.SizeOffset, TarFormat.SizeLength), out _)
            && TarFormat.TryParseNumber(block.Slice(TarFormat.MtimeOffset, TarFormat.MtimeLength), out _);
    }

    private void CheckMemberSize(long size, long headerOffset, string? name)
    {
        if (size > _options.MaxMemberSize)
        {
            ThrowHelper.ThrowShardFormat(ShardFormatError.TooLarge, $"a member declares {size} bytes, more than the {_options.MaxMemberSize}-byte cap", ShardUrl, headerOffset, name);
        }
    }

    // Python's name: the ustar name field, after the prefix field and a '/' when the prefix is not empty
    // (for every type but GNU's).
    private string HeaderName(ReadOnlySpan<byte> block, byte type, long headerOffset)
    {
        var name = TarFormat.NulTerminated(block.Slice(TarFormat.NameOffset, TarFormat.NameLength));
        var prefix = TarFormat.NulTerminated(block.Slice(TarFormat.PrefixOffset, TarFormat.PrefixLength));
        if (prefix.IsEmpty || type is (byte)'L' or (byte)'K' or (byte)'S')
        {
            return DecodeName(name, headerOffset);
        }

        Span<byte> full = stackalloc byte[TarFormat.PrefixLength + 1 + TarFormat.NameLength];
        prefix.CopyTo(full);
        full[prefix.Length] = (byte)'/';
        name.CopyTo(full[(prefix.Length + 1)..]);
        return DecodeName(full[..(prefix.Length + 1 + name.Length)], headerOffset);
    }

    private string DecodeName(ReadOnlySpan<byte> bytes, long headerOffset)
    {
        if (bytes.Length > _options.MaxNameLength)
        {
            ThrowHelper.ThrowShardFormat(ShardFormatError.UnsafeMemberName, $"a member name is {bytes.Length} bytes long, more than the {_options.MaxNameLength}-byte cap", ShardUrl, headerOffset, Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 120)]));
        }

        try
        {
            return s_utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            ThrowHelper.ThrowShardFormat(ShardFormatError.UnsafeMemberName, "a member name is not valid UTF-8", ShardUrl, headerOffset, Encoding.UTF8.GetString(bytes));
            return string.Empty;
        }
    }

    // The length was checked when the name was decoded (DecodeName), for every way a name can arrive.
    private void ValidateName(string name, long headerOffset)
    {
        string? problem = null;
        if (name.Length == 0)
        {
            problem = "is empty";
        }
        else if (name[0] is '/' or '\\' || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])))
        {
            problem = "is an absolute path";
        }
        else if (name.Contains('\0', StringComparison.Ordinal))
        {
            problem = "contains a NUL character";
        }
        else if (name.AsSpan().ContainsAny(s_controlAndBackslash))
        {
            problem = "contains a control character or a backslash";
        }
        else if (name.Contains("..", StringComparison.Ordinal))
        {
            foreach (var part in name.AsSpan().Split('/'))
            {
                if (name.AsSpan()[part] is "..")
                {
                    problem = "has a '..' component";
                    break;
                }
            }
        }

        if (problem is not null)
        {
            ThrowHelper.ThrowShardFormat(ShardFormatError.UnsafeMemberName, $"unsafe member name: it {problem}", ShardUrl, headerOffset, name.Length > 300 ? name[..300] : name);
        }
    }

    private static readonly System.Buffers.SearchValues<char> s_controlAndBackslash = System.Buffers.SearchValues.Create(
        "\\\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f"
        + "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f");

    private static string DisplayType(byte type) => type switch
    {
        (byte)'1' => "1' (hard link",
        (byte)'2' => "2' (symbolic link",
        (byte)'3' => "3' (character device",
        (byte)'4' => "4' (block device",
        (byte)'5' => "5' (directory",
        (byte)'6' => "6' (FIFO",
        0 => "\\0' (directory",
        _ => type is >= 0x20 and < 0x7f ? $"{(char)type}' (unknown" : $"\\x{type:x2}' (unknown",
    } + ")";

    // --- PAX and GNU metadata ----------------------------------------------------------------------------

    private struct PendingMetadata
    {
        public int Count;
        public string? Path;
        public long? Size;
        public string? LongName;
        public bool Sparse;
    }

    private void ReadMetadata(byte type, ReadOnlySequence<byte> data, long headerOffset, ref PendingMetadata pending)
    {
        byte[]? rented = null;
        ReadOnlySpan<byte> bytes;
        if (data.IsSingleSegment)
        {
            bytes = data.FirstSpan;
        }
        else
        {
            rented = ArrayPool<byte>.Shared.Rent((int)data.Length);
            data.CopyTo(rented);
            bytes = rented.AsSpan(0, (int)data.Length);
        }

        try
        {
            switch (type)
            {
                case (byte)'L':
                    pending.LongName = LongName(bytes, headerOffset);
                    break;
                case (byte)'K':
                    break; // long link target: links are never followed
                case (byte)'x' or (byte)'X':
                    ParsePax(bytes, headerOffset, ref pending);
                    break;
                default:
                    // A global header's records apply to every later member that does not override them (Python merges them).
                    ParsePax(bytes, headerOffset, ref _global);
                    break;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private string LongName(ReadOnlySpan<byte> bytes, long headerOffset)
    {
        var trimmed = bytes.TrimEnd((byte)0);
        if (trimmed.Contains((byte)0))
        {
            ThrowHelper.ThrowShardFormat(ShardFormatError.UnsafeMemberName, "a GNU long name contains a NUL character", ShardUrl, headerOffset, Encoding.UTF8.GetString(trimmed[..Math.Min(trimmed.Length, 120)]));
        }

        return DecodeName(trimmed, headerOffset);
    }

    // Records "<length> <keyword>=<value>\n" as Python's tarfile parses them (stopping at a NUL).
    private void ParsePax(ReadOnlySpan<byte> data, long headerOffset, ref PendingMetadata target)
    {
        int pos = 0;
        while (pos < data.Length && data[pos] != 0)
        {
            int digits = 0;
            long length = 0;
            while (pos + digits < data.Length && char.IsAsciiDigit((char)data[pos + digits]) && digits < 10)
            {
                length = (length * 10) + (data[pos + digits] - '0');
                digits++;
            }

            if (digits == 0 || pos + digits >= data.Length || data[pos + digits] != (byte)' ' || length < 5 || pos + length > data.Length)
            {
                ThrowHelper.ThrowShardFormat(ShardFormatError.InvalidHeader, "a PAX header record is malformed", ShardUrl, headerOffset);
            }

            var record = data.Slice(pos + digits + 1, (int)length - digits - 1);
            int equals = record.IndexOf((byte)'=');
            if (equals <= 0 || record[^1] != (byte)'\n')
            {
                ThrowHelper.ThrowShardFormat(ShardFormatError.InvalidHeader, "a PAX header record is malformed", ShardUrl, headerOffset);
            }

            var keyword = record[..equals];
            var value = record[(equals + 1)..^1];
            if (keyword.SequenceEqual("path"u8))
            {
                if (value.Contains((byte)0))
                {
                    ThrowHelper.ThrowShardFormat(ShardFormatError.UnsafeMemberName, "a PAX path contains a NUL character", ShardUrl, headerOffset, Encoding.UTF8.GetString(value[..Math.Min(value.Length, 120)]));
                }

                target.Path = DecodeName(value, headerOffset);
            }
            else if (keyword.SequenceEqual("size"u8))
            {
                target.Size = ParsePaxSize(Encoding.ASCII.GetString(value), headerOffset);
            }
            else if (keyword.StartsWith("GNU.sparse."u8))
            {
                target.Sparse = true;
            }

            pos += (int)length;
        }
    }

    private long ParsePaxSize(string text, long headerOffset)
    {
        if (text.Length == 0 || text.Length > 19 || text.AsSpan().ContainsAnyExceptInRange('0', '9') || !long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long size))
        {
            ThrowHelper.ThrowShardFormat(text.Length > 19 && !text.AsSpan().ContainsAnyExceptInRange('0', '9') ? ShardFormatError.TooLarge : ShardFormatError.InvalidHeader, "a PAX size record is not a valid size", ShardUrl, headerOffset);
            return 0;
        }

        return size;
    }
}
