using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Atdata.Shards;

namespace Atdata;

/// <content>Opening the stream (compression sniffing, gzip, hashing), buffering over the pipe, and the end of a shard.</content>
public sealed partial class ShardReader
{
    // --- Stream setup and end ----------------------------------------------------------------------------

    private async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        Stream raw = _source;
        if (_expectedSha256 is not null)
        {
            raw = _hashing = new HashingReadStream(_source);
        }

        var sniff = new byte[SniffLength];
        int n = 0;
        while (n < sniff.Length)
        {
            int read = await raw.ReadAsync(sniff.AsMemory(n), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            n += read;
        }

        if (n == 0)
        {
            ThrowHelper.ThrowShardTruncated("the shard is empty (0 bytes)", ShardUrl, 0);
        }

        var head = sniff.AsSpan(0, n);
        if (CompressionName(head) is { } codec)
        {
            ThrowHelper.ThrowShardFormat(ShardFormatError.Compressed, $"the shard is {codec}-compressed, not a tar archive; only gzip is decompressed", ShardUrl, 0);
        }

        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
        {
            ThrowHelper.ThrowShardFormat(ShardFormatError.NotATar, "the shard is a zip archive, not a tar archive", ShardUrl, 0);
        }

        Stream tar = new PrefixedReadStream(sniff.AsMemory(0, n), raw);
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]))
        {
            if (!_options.DecompressGzip)
            {
                ThrowHelper.ThrowShardFormat(ShardFormatError.Compressed, "the shard is gzip-compressed and gzip decompression is turned off", ShardUrl, 0);
            }

            IsGzip = true;
            tar = _decompressor = new GZipStream(tar, CompressionMode.Decompress, leaveOpen: true);
        }

        _pipe = PipeReader.Create(tar, new StreamPipeReaderOptions(bufferSize: _options.BufferSize, minimumReadSize: Math.Min(4096, _options.BufferSize), leaveOpen: true));
    }

    private static string? CompressionName(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd]))
        {
            return "zstd";
        }

        if (head.Length >= 5 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9' && head[4] is 0x31 or 0x17)
        {
            return "bzip2";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))
        {
            return "xz";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x5d, 0x00, 0x00]))
        {
            return "lzma";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x04, 0x22, 0x4d, 0x18]))
        {
            return "lz4";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))
        {
            return "7z";
        }

        return null;
    }

    private async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        _finished = true;
        if (_hashing is null)
        {
            return;
        }

        // Read what follows the end-of-archive marker too, so the checksum covers the whole file.
        while (await EnsureAsync(1, cancellationToken).ConfigureAwait(false))
        {
            Consume(_buffer.Length);
        }

        string actual = await _hashing.DrainAndHashAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(actual, _expectedSha256, StringComparison.Ordinal))
        {
            ThrowHelper.ThrowShardIntegrity($"the shard's SHA-256 is {actual}, expected {_expectedSha256}", ShardUrl, -1, null, _expectedSha256, actual);
        }
    }

    // --- Buffering ---------------------------------------------------------------------------------------

    // Makes at least `count` unconsumed bytes available in _buffer; false at the end of the stream.
    private ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        if (_buffer.Length >= count)
        {
            return ValueTask.FromResult(true);
        }

        if (_endOfStream)
        {
            return ValueTask.FromResult(false);
        }

        return ReadMoreAsync(count, cancellationToken);
    }

    private async ValueTask<bool> ReadMoreAsync(int count, CancellationToken cancellationToken)
    {
        if (_haveBuffer)
        {
            _pipe!.AdvanceTo(_buffer.Start, _buffer.End);
            _haveBuffer = false;
        }

        ReadResult result;
        try
        {
            result = await _pipe!.ReadAtLeastAsync(count, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex) when (IsGzip)
        {
            throw new ShardIntegrityException($"the gzip data is corrupt: {ex.Message}", ShardUrl, _offset + _buffer.Length, _hasEntry ? _entryName : null);
        }

        _haveBuffer = true;
        _buffer = result.Buffer;
        if (result.IsCanceled)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        _endOfStream = result.IsCompleted;
        return _buffer.Length >= count;
    }

    private void Consume(long count)
    {
        _buffer = _buffer.Slice(count);
        _offset += count;
    }

    // Copies the current member's data into `destination` (exactly its size), then skips its padding.
    private ValueTask ReadDataAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        // Fast path: data and padding are buffered already, as they are for small members.
        long padded = TarFormat.PaddedSize(_entrySize);
        if (_buffer.Length >= padded)
        {
            _buffer.Slice(0, destination.Length).CopyTo(destination.Span);
            Consume(padded);
            return ValueTask.CompletedTask;
        }

        return ReadDataSlowAsync(destination, cancellationToken);
    }

    private async ValueTask ReadDataSlowAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        int copied = 0;
        while (copied < destination.Length)
        {
            if (!await EnsureAsync(1, cancellationToken).ConfigureAwait(false))
            {
                ThrowTruncatedData();
            }

            int take = (int)Math.Min(destination.Length - copied, _buffer.Length);
            _buffer.Slice(0, take).CopyTo(destination.Span[copied..]);
            Consume(take);
            copied += take;
        }

        await SkipAsync(TarFormat.Padding(_entrySize), toleratedAtEnd: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The most a member's buffer is allocated ahead of the bytes that have actually arrived.</summary>
    private const int MaxUnverifiedAllocation = 1 << 20;

    /// <summary>
    /// Reads the current member's data into a buffer obtained from <paramref name="resize"/> (new length, bytes to
    /// keep), growing it as bytes arrive instead of to the declared size up front: a header may declare up to
    /// <see cref="ShardReaderOptions.MaxMemberSize"/> in a tiny shard (CWE-789), so what is allocated must follow the
    /// bytes present, not the claim. Returns the buffer holding the data.
    /// </summary>
    private async ValueTask<byte[]> ReadDataGrowingAsync(Func<int, int, byte[]> resize, CancellationToken cancellationToken)
    {
        int size = (int)_entrySize;
        if (size <= MaxUnverifiedAllocation || _buffer.Length >= TarFormat.PaddedSize(_entrySize))
        {
            var whole = resize(size, 0);
            await ReadDataAsync(whole.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
            return whole;
        }

        var buffer = resize(MaxUnverifiedAllocation, 0);
        int copied = 0;
        while (copied < size)
        {
            if (!await EnsureAsync(1, cancellationToken).ConfigureAwait(false))
            {
                ThrowTruncatedData();
            }

            int take = (int)Math.Min(size - copied, _buffer.Length);
            if (copied + take > buffer.Length)
            {
                buffer = resize((int)Math.Min(size, Math.Max(copied + (long)take, 2L * buffer.Length)), copied);
            }

            _buffer.Slice(0, take).CopyTo(buffer.AsSpan(copied));
            Consume(take);
            copied += take;
        }

        await SkipAsync(TarFormat.Padding(_entrySize), toleratedAtEnd: true, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    private ValueTask SkipDataAsync(CancellationToken cancellationToken)
    {
        long padded = TarFormat.PaddedSize(_entrySize);
        if (_buffer.Length >= padded)
        {
            Consume(padded);
            return ValueTask.CompletedTask;
        }

        return SkipAsync(padded, toleratedAtEnd: false, cancellationToken, dataLength: _entrySize);
    }

    private async ValueTask SkipAsync(long count, bool toleratedAtEnd, CancellationToken cancellationToken, long dataLength = 0)
    {
        long remaining = count;
        while (remaining > 0)
        {
            if (!await EnsureAsync(1, cancellationToken).ConfigureAwait(false))
            {
                // The data must be complete; missing padding after the last member is tolerated.
                if (toleratedAtEnd || count - remaining >= dataLength)
                {
                    return;
                }

                ThrowTruncatedData();
            }

            long take = Math.Min(remaining, _buffer.Length);
            Consume(take);
            remaining -= take;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowTruncatedData()
        => ThrowHelper.ThrowShardTruncated($"the shard ends inside the data of a {_entrySize}-byte member", ShardUrl, _offset, _entryName);
}
