using System.Buffers;
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
public sealed partial class ShardReader : IAsyncDisposable
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
    private PendingMetadata _global;

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
                        msgpackLength = (int)_entrySize;
                        await ReadDataGrowingAsync(ResizeMsgpackBuffer, cancellationToken).ConfigureAwait(false);
                    }
                    else if (_options.IncludeOtherMembers)
                    {
                        int length = (int)_entrySize;
                        byte[] data = [];
                        data = await ReadDataGrowingAsync((size, keep) => data = Resized(data, size, keep), cancellationToken).ConfigureAwait(false);
                        (others ??= new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal))[suffix] = data.AsMemory(0, length);
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

    /// <summary>The pooled msgpack buffer with room for <paramref name="size"/> bytes, keeping its first <paramref name="keep"/> bytes.</summary>
    private byte[] ResizeMsgpackBuffer(int size, int keep)
    {
        if (_msgpack.Length >= size)
        {
            return _msgpack;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(size, 4096));
        _msgpack.AsSpan(0, keep).CopyTo(grown);
        if (_msgpack.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_msgpack);
        }

        _msgpack = grown;
        return grown;
    }

    /// <summary><paramref name="data"/> copied into an array of <paramref name="size"/> bytes (its first <paramref name="keep"/> bytes).</summary>
    private static byte[] Resized(byte[] data, int size, int keep)
    {
        var grown = new byte[size];
        data.AsSpan(0, keep).CopyTo(grown);
        return grown;
    }

    private async ValueTask SkipMemberAsync(CancellationToken cancellationToken)
    {
        SkippedMemberCount++;
        await SkipDataAsync(cancellationToken).ConfigureAwait(false);
        await ReadEntryAsync(cancellationToken).ConfigureAwait(false);
    }
}
