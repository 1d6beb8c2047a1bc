using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Atdata.Shards;

namespace Atdata;

/// <summary>
/// Streams the samples of one WebDataset-style tar shard, in order, from any readable stream: it never seeks,
/// so HTTP and S3 response streams work as well as files.
/// </summary>
/// <remarks>
/// <para>
/// <b>Formats.</b> POSIX ustar (with its name prefix), PAX <c>x</c>/<c>g</c> headers (<c>path</c> and <c>size</c>
/// records are applied; Python's default output), GNU <c>L</c> long names and <c>K</c> long links, old GNU and
/// v7 headers. A gzip-compressed shard is recognized by its magic bytes and decompressed; zstd, bzip2, xz,
/// lzma, lz4 and 7z raise <see cref="ShardFormatError.Compressed"/>, zip and text raise
/// <see cref="ShardFormatError.NotATar"/>. Missing end-of-archive blocks are tolerated, as in Python.
/// </para>
/// <para>
/// <b>Grouping</b> (Python webdataset's rules). A member name splits into a key (everything before the first
/// <c>.</c> of its last path component, directories included) and a suffix (the rest, lower-cased); adjacent
/// members with the same key form one sample, which must contain a <c>msgpack</c> member. Names without such a
/// split and <c>__*__</c> names are skipped (<see cref="SkippedMemberCount"/>).
/// </para>
/// <para>
/// <b>Hostile input.</b> Every header checksum is verified (signed or unsigned sum); sizes are checked against
/// <see cref="ShardReaderOptions"/> caps before anything is buffered; member names are validated (no absolute
/// path, no <c>..</c> component, no control characters or NUL, valid UTF-8, at most
/// <see cref="ShardReaderOptions.MaxNameLength"/> bytes) and never used as file paths; non-regular entries are
/// skipped or rejected (<see cref="ShardReaderOptions.NonRegularEntries"/>) and sparse files rejected. Errors are
/// <see cref="ShardFormatException"/>, <see cref="ShardTruncatedException"/> and
/// <see cref="ShardIntegrityException"/>, naming the shard, the byte offset and the member. Unlike Python, a
/// corrupt header after the first one is an error rather than a silent end of the shard.
/// </para>
/// <para>
/// <b>Memory.</b> A sample's msgpack bytes are copied into one pooled buffer that the reader reuses: they are
/// valid until the reader advances (see <see cref="ShardSample"/>). Members that are skipped are never buffered
/// whole.
/// </para>
/// <para>Not thread-safe; one enumeration per reader.</para>
/// </remarks>
public sealed class ShardReader : IAsyncDisposable
{
    private const int MaxMetadataHeadersPerEntry = 16;
    private const int SniffLength = 10;
    private static readonly Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly ShardReaderOptions _options;
    private readonly string? _expectedSha256;
    private readonly byte[] _block = new byte[TarFormat.BlockSize];
    private readonly List<string> _suffixes = [];

    private HashingReadStream? _hashing;
    private Stream? _decompressor;
    private PipeReader? _pipe;
    private ReadOnlySequence<byte> _buffer;
    private bool _haveBuffer;
    private bool _endOfStream;
    private long _offset;

    private byte[] _msgpack = [];
    private Dictionary<string, string>? _globalPax;

    private bool _started;
    private bool _finished;
    private bool _disposed;
    private bool _enumerating;
    private bool _faulted;
    private bool _hasEntry;
    private string _entryName = string.Empty;
    private long _entrySize;
    private long _entryOffset;
    private ShardSample _current;

    /// <summary>Creates a reader of the shard in <paramref name="stream"/>; nothing is read until the first <see cref="MoveNextAsync"/>.</summary>
    /// <param name="stream">The shard's bytes, positioned at its start; read forward only.</param>
    /// <param name="shardUrl">The shard's name in errors and samples (credentials are removed from messages by the sources, not here).</param>
    /// <param name="options">Limits and behaviour; null for the defaults.</param>
    /// <param name="leaveOpen">Whether <paramref name="stream"/> stays open when the reader is disposed.</param>
    public ShardReader(Stream stream, string shardUrl, ShardReaderOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(shardUrl);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        _options = options ?? new ShardReaderOptions();
        _options.Validate(nameof(options));
        _source = stream;
        _leaveOpen = leaveOpen;
        ShardUrl = shardUrl;
        if (_options.ExpectedChecksums is { } checksums && checksums.TryGetValue(shardUrl, out var expected))
        {
            if (expected is null || expected.Length != 64 || !expected.All(char.IsAsciiHexDigit))
            {
                throw new ArgumentException($"The expected checksum of '{shardUrl}' is not a 64-digit hex SHA-256.", nameof(options));
            }

            _expectedSha256 = expected.ToLowerInvariant();
        }
    }

    /// <summary>The shard's URL, as given.</summary>
    public string ShardUrl { get; }

    /// <summary>The current sample, after <see cref="MoveNextAsync"/> returned true (see <see cref="ShardSample"/> for how long its bytes stay valid).</summary>
    public ShardSample Current => _current;

    /// <summary>Samples yielded so far.</summary>
    public long SampleCount { get; private set; }

    /// <summary>Tar headers read so far (metadata headers, members and skipped entries).</summary>
    public long EntryCount { get; private set; }

    /// <summary>Non-regular entries skipped (directories, links, devices, FIFOs, unknown types).</summary>
    public long SkippedEntryCount { get; private set; }

    /// <summary>Regular members skipped because they belong to no sample (<c>__*__</c> names, names without a suffix).</summary>
    public long SkippedMemberCount { get; private set; }

    /// <summary>Whether the shard turned out to be gzip-compressed.</summary>
    public bool IsGzip { get; private set; }

    /// <summary>How far the reader got in the tar stream (decompressed bytes for a gzip shard).</summary>
    public long Position => _offset;

    /// <summary>
    /// Opens <paramref name="shard"/> from <paramref name="source"/> and streams its samples; the stream is
    /// disposed when the enumeration ends. See <see cref="ShardSample"/> for how long each sample's bytes stay valid.
    /// </summary>
    public static async IAsyncEnumerable<ShardSample> ReadAsync(IShardSource source, string shard, ShardReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(shard);
        var stream = await source.OpenShardAsync(shard, cancellationToken).ConfigureAwait(false);
        var reader = new ShardReader(stream, shard, options);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return reader.Current;
            }
        }
    }

    /// <summary>Streams the shard's samples (once per reader). Each sample's bytes are valid until the next iteration.</summary>
    public async IAsyncEnumerable<ShardSample> ReadSamplesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_enumerating)
        {
            throw new InvalidOperationException("A ShardReader can be enumerated once.");
        }

        _enumerating = true;
        while (await MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return _current;
        }
    }

    /// <summary>Reads the next sample into <see cref="Current"/>; false at the end of the shard.</summary>
    /// <exception cref="ShardFormatException">The shard is compressed with an unsupported codec, not a tar, or has a malformed or refused entry.</exception>
    /// <exception cref="ShardTruncatedException">The shard is empty or ends inside a header or a member.</exception>
    /// <exception cref="ShardIntegrityException">A header checksum is wrong, or the whole shard's SHA-256 differs from the expected one.</exception>
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faulted)
        {
            throw new InvalidOperationException("The shard reader failed or was cancelled earlier; open the shard again to re-read it.");
        }

        if (_finished)
        {
            return false;
        }

        try
        {
            if (!_started)
            {
                _started = true;
                await StartAsync(cancellationToken).ConfigureAwait(false);
                await ReadEntryAsync(cancellationToken).ConfigureAwait(false);
            }

            _current = default;
            while (true)
            {
                if (!_hasEntry)
                {
                    await FinishAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }

                if (!TrySplit(_entryName, out var key, out var suffix))
                {
                    await SkipMemberAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                long groupOffset = _entryOffset;
                int msgpackLength = -1;
                Dictionary<string, ReadOnlyMemory<byte>>? others = null;
                _suffixes.Clear();
                while (true)
                {
                    if (_suffixes.Contains(suffix))
                    {
                        ThrowHelper.ThrowShardFormat(ShardFormatError.DuplicateMember, $"duplicate member: a second '{suffix}' member for the sample key '{ShardException.DisplayName(key)}'", ShardUrl, _entryOffset, _entryName);
                    }

                    _suffixes.Add(suffix);
                    if (suffix == "msgpack")
                    {
                        if (_msgpack.Length < _entrySize)
                        {
                            GrowMsgpackBuffer((int)_entrySize);
                        }

                        msgpackLength = (int)_entrySize;
                        await ReadDataAsync(_msgpack.AsMemory(0, msgpackLength), cancellationToken).ConfigureAwait(false);
                    }
                    else if (_options.IncludeOtherMembers)
                    {
                        var data = new byte[_entrySize];
                        await ReadDataAsync(data, cancellationToken).ConfigureAwait(false);
                        (others ??= new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal))[suffix] = data;
                    }
                    else
                    {
                        await SkipDataAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await ReadEntryAsync(cancellationToken).ConfigureAwait(false);

                    // Python drops unkeyed and __*__ members before grouping, so they do not end a sample.
                    string? nextKey = null;
                    while (_hasEntry && !TrySplit(_entryName, out nextKey, out suffix))
                    {
                        await SkipMemberAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (!_hasEntry || !string.Equals(nextKey, key, StringComparison.Ordinal))
                    {
                        break;
                    }
                }

                if (msgpackLength < 0)
                {
                    ThrowHelper.ThrowShardFormat(ShardFormatError.MissingMsgpack, $"the sample '{ShardException.DisplayName(key)}' has no msgpack member (suffixes: {string.Join(", ", _suffixes)})", ShardUrl, groupOffset, key);
                }

                _current = new ShardSample(key, ShardUrl, groupOffset, SampleCount, _msgpack.AsMemory(0, msgpackLength), others, isOwned: false);
                SampleCount++;
                return true;
            }
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>Releases the buffers and, unless <c>leaveOpen</c> was set, the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _current = default;
        if (_pipe is not null)
        {
            await _pipe.CompleteAsync().ConfigureAwait(false);
        }

        if (_decompressor is not null)
        {
            await _decompressor.DisposeAsync().ConfigureAwait(false);
        }

        _hashing?.Dispose();
        if (!_leaveOpen)
        {
            await _source.DisposeAsync().ConfigureAwait(false);
        }

        if (_msgpack.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_msgpack);
            _msgpack = [];
        }
    }

    // --- Grouping helpers --------------------------------------------------------------------------------

    /// <summary>
    /// Splits a member name as webdataset's <c>base_plus_ext</c> regex <c>^((?:.*/|)[^.]+)[.]([^/]*)$</c> does,
    /// after dropping the <c>__*__</c> names its tar iterator skips. False for names that form no sample.
    /// </summary>
    internal static bool TrySplit(string name, out string key, out string suffix)
    {
        key = string.Empty;
        suffix = string.Empty;
        if (IsMetaName(name))
        {
            return false;
        }

        int slash = name.LastIndexOf('/');
        int dot = name.IndexOf('.', slash + 1);
        if (dot < 0)
        {
            return false;
        }

        if (dot == slash + 1)
        {
            // The last component starts with '.': the regex can still match with a key that ends in '/', made of
            // an optional prefix ending in '/' and a non-empty run without dots.
            if (!KeyEndingInSlashMatches(name.AsSpan(0, dot)))
            {
                return false;
            }
        }

        key = name[..dot];
        suffix = name[(dot + 1)..].ToLowerInvariant();
        return true;
    }

    private static bool KeyEndingInSlashMatches(ReadOnlySpan<char> key)
    {
        int lastDot = key.LastIndexOf('.');
        for (int i = lastDot + 1; i < key.Length; i++)
        {
            if (i == 0 || key[i - 1] == '/')
            {
                return true;
            }
        }

        return false;
    }

    // webdataset skips top-level "__x__" names and any name matching ^__[^/]*__($|/).
    private static bool IsMetaName(string name)
    {
        if (!name.StartsWith("__", StringComparison.Ordinal))
        {
            return false;
        }

        if (!name.Contains('/', StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal) && name.Length >= 2)
        {
            return true;
        }

        int slash = name.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? name.AsSpan() : name.AsSpan(0, slash);
        // Greedy "[^/]*" then "__" at the end of the first component: the component must end with "__" after the leading "__".
        return first.Length >= 4 && first.EndsWith("__", StringComparison.Ordinal);
    }

    private void GrowMsgpackBuffer(int size)
    {
        if (_msgpack.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_msgpack);
        }

        _msgpack = [];
        _msgpack = ArrayPool<byte>.Shared.Rent(Math.Max(size, 4096));
    }

    private async ValueTask SkipMemberAsync(CancellationToken cancellationToken)
    {
        SkippedMemberCount++;
        await SkipDataAsync(cancellationToken).ConfigureAwait(false);
        await ReadEntryAsync(cancellationToken).ConfigureAwait(false);
    }

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
    private async ValueTask ReadDataAsync(Memory<byte> destination, CancellationToken cancellationToken)
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

    private ValueTask SkipDataAsync(CancellationToken cancellationToken)
        => SkipAsync(TarFormat.PaddedSize(_entrySize), toleratedAtEnd: false, cancellationToken, dataLength: _entrySize);

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
            long size2 = pending.Size ?? (_globalPax is not null && _globalPax.TryGetValue("size", out var gs) ? ParsePaxSize(gs, headerOffset) : headerSize);
            if (pending.Sparse || type == (byte)'S')
            {
                ThrowHelper.ThrowShardFormat(ShardFormatError.UnsupportedEntryType, "GNU sparse files are not supported", ShardUrl, headerOffset);
            }

            bool regular = type is (byte)'0' or 0 or (byte)'7';
            string? name = null;
            if (regular)
            {
                name = pending.Path ?? GlobalPath() ?? pending.LongName ?? HeaderName(block, type, headerOffset);
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

    private string? GlobalPath() => _globalPax is not null && _globalPax.TryGetValue("path", out var path) ? path : null;

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

    private void ValidateName(string name, long headerOffset)
    {
        string? problem = null;
        if (name.Length == 0)
        {
            problem = "is empty";
        }
        else if (Encoding.UTF8.GetByteCount(name) > _options.MaxNameLength)
        {
            problem = $"is longer than {_options.MaxNameLength} bytes";
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
        else
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
                    ParsePax(bytes, headerOffset, ref pending, global: null);
                    break;
                default:
                    ParsePax(bytes, headerOffset, ref pending, global: _globalPax ??= new Dictionary<string, string>(StringComparer.Ordinal));
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
    private void ParsePax(ReadOnlySpan<byte> data, long headerOffset, ref PendingMetadata pending, Dictionary<string, string>? global)
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

                string path = DecodeName(value, headerOffset);
                if (global is null)
                {
                    pending.Path = path;
                }
                else
                {
                    global["path"] = path;
                }
            }
            else if (keyword.SequenceEqual("size"u8))
            {
                string text = Encoding.ASCII.GetString(value);
                long size = ParsePaxSize(text, headerOffset);
                if (global is null)
                {
                    pending.Size = size;
                }
                else
                {
                    global["size"] = text;
                }
            }
            else if (keyword.StartsWith("GNU.sparse."u8))
            {
                pending.Sparse = true;
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

