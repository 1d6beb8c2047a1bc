using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Atdata.Shards;

namespace Atdata;

/// <summary>
/// Writes samples into WebDataset-style tar shards that Python atdata and webdataset read: one plain ustar member
/// <c>{key}.msgpack</c> per sample, two zero blocks at the end, zero-padded to a multiple of 10240 bytes.
/// </summary>
/// <remarks>
/// <para>
/// Given a path without <c>%</c>, everything goes into that one file. Given a pattern with one printf integer
/// conversion (<c>data-%06d.tar</c>), shards are numbered from 0 and a new one starts before a write once the
/// current one holds <see cref="ShardWriterOptions.MaxCount"/> samples or <see cref="ShardWriterOptions.MaxSize"/>
/// payload bytes, exactly as Python webdataset's <c>ShardWriter</c> does. The first shard is opened by the
/// constructor, so writing no sample still leaves one empty (10240-byte) shard.
/// </para>
/// <para>
/// Each file is written under a hidden temporary name in the same directory (<c>.{name}.{random}.tmp</c>),
/// flushed to disk, and renamed to its final name (replacing an existing file) only once complete, so a
/// reader never sees a partial shard. Members are serialized straight into a pooled buffer that is written to
/// the file; no array is allocated per sample. The SHA-256 of each shard is computed while writing.
/// </para>
/// <para>
/// <see cref="DisposeAsync"/> completes the shard being written, like <see cref="CompleteAsync"/>. After a
/// failed or cancelled write, or after <see cref="AbortAsync"/>, the writer is faulted: the shard being written
/// is discarded (its temporary file deleted) and shards finished earlier stay. A sample that fails to
/// serialize (an exception from its own serializer) is rolled back and does not fault the writer.
/// </para>
/// <para>Not thread-safe: one write at a time.</para>
/// </remarks>
public sealed class ShardWriter : IAsyncDisposable
{
    private const int HeaderNameLength = TarFormat.NameLength;
    private static readonly byte[] s_msgpackSuffix = ".msgpack"u8.ToArray();

    private readonly ShardWriterOptions _options;
    private readonly string? _pattern;
    private readonly ShardNamePattern? _namePattern;
    private readonly Stream? _callerStream;
    private readonly bool _leaveOpen;
    private readonly string? _streamName;
    private readonly long _mtime;
    private readonly PooledBufferWriter _pending;
    private readonly List<ShardInfo> _shards = [];
    private readonly List<string> _urls = [];
    private readonly Dictionary<string, string> _checksums = new(StringComparer.Ordinal);

    private Stream? _current;
    private string? _currentTemp;
    private string? _currentFinal;
    private IncrementalHash? _hash;
    private int _shardNumber = -1;
    private long _count;
    private long _payloadBytes;
    private long _fileBytes;
    private long _totalSamples;
    private State _state;

    /// <summary>Opens a writer on a file path or a pattern such as <c>data-%06d.tar</c>; the first shard is created now.</summary>
    /// <param name="pathOrPattern">A file path (one shard, never rolled over) or a pattern with one integer conversion (<c>%d</c>, <c>%06d</c>; <c>%%</c> for a literal <c>%</c>).</param>
    /// <param name="options">Limits and header settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">The path is empty, or the pattern has a <c>%</c> but not exactly one integer conversion.</exception>
    /// <exception cref="IOException">The first shard's temporary file cannot be created (for example, the directory does not exist).</exception>
    public ShardWriter(string pathOrPattern, ShardWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrPattern);
        _options = options ?? new ShardWriterOptions();
        _options.Validate(nameof(options));
        _pattern = pathOrPattern;
        _namePattern = ShardNamePattern.TryParse(pathOrPattern, nameof(pathOrPattern));
        _mtime = _options.ModificationTime.ToUnixTimeSeconds();
        _pending = new PooledBufferWriter(InitialBufferCapacity);
        try
        {
            OpenNextFile();
        }
        catch
        {
            _pending.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a writer that writes one shard into <paramref name="stream"/> (for example an upload stream): no
    /// rollover, no temporary name. The stream is flushed when the shard completes.
    /// </summary>
    /// <param name="stream">A writable stream; it need not be seekable.</param>
    /// <param name="shardName">The name reported in <see cref="Shards"/>, <see cref="ShardUrls"/> and <see cref="Checksums"/>; null for none.</param>
    /// <param name="options">Header settings; <see cref="ShardWriterOptions.MaxCount"/> and <see cref="ShardWriterOptions.MaxSize"/> are ignored.</param>
    /// <param name="leaveOpen">Whether the stream stays open after the writer completes or is disposed.</param>
    public ShardWriter(Stream stream, string? shardName = null, ShardWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        _options = options ?? new ShardWriterOptions();
        _options.Validate(nameof(options));
        _callerStream = stream;
        _leaveOpen = leaveOpen;
        _streamName = shardName;
        _mtime = _options.ModificationTime.ToUnixTimeSeconds();
        _pending = new PooledBufferWriter(InitialBufferCapacity);
        _current = stream;
        _hash = NewHash();
        _shardNumber = 0;
    }

    private enum State
    {
        Open,
        Completed,
        Faulted,
    }

    private int InitialBufferCapacity => Math.Min(_options.BufferSize, 64 * 1024) + TarFormat.BlockSize;

    /// <summary>The finished shards, in order: absolute paths (or the stream's name).</summary>
    public IReadOnlyList<string> ShardUrls => _urls;

    /// <summary>The SHA-256 of each finished shard, lowercase hex, by URL (Python atdata's <c>metadata["checksums"]</c>); empty when <see cref="ShardWriterOptions.ComputeChecksums"/> is off.</summary>
    public IReadOnlyDictionary<string, string> Checksums => _checksums;

    /// <summary>The finished shards with their checksums, sample counts and lengths.</summary>
    public IReadOnlyList<ShardInfo> Shards => _shards;

    /// <summary>How many samples were written so far, over all shards.</summary>
    public long SampleCount => _totalSamples;

    /// <summary>Whether the writer was completed (<see cref="CompleteAsync"/> or <see cref="DisposeAsync"/>).</summary>
    public bool IsCompleted => _state == State.Completed;

    /// <summary>Writes one sample as the member <c>{key}.msgpack</c>.</summary>
    /// <param name="sample">The sample.</param>
    /// <param name="key">The sample key; null for a new uuid1 key (<see cref="SampleKey.NewKey()"/>), as Python does.</param>
    /// <param name="cancellationToken">Cancels the write; a write cancelled after it began faults the writer.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key (see <see cref="SampleKey.IsValid"/>).</exception>
    /// <exception cref="InvalidOperationException">The writer is completed or faulted.</exception>
    public ValueTask WriteAsync<T>(T sample, string? key = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(sample);
        return WriteCoreAsync(ResolveKey(key), new PackablePayload<T>(sample), cancellationToken);
    }

    /// <summary>Writes one schema-free sample as the member <c>{key}.msgpack</c>.</summary>
    /// <inheritdoc cref="WriteAsync{T}(T, string?, CancellationToken)"/>
    public ValueTask WriteAsync(DynamicSample sample, string? key = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return WriteCoreAsync(ResolveKey(key), new DynamicPayload(sample), cancellationToken);
    }

    /// <summary>Writes already-serialized msgpack bytes as the member <c>{key}.msgpack</c>; the bytes are not checked.</summary>
    /// <param name="key">The sample key (required).</param>
    /// <param name="msgpack">The sample's msgpack bytes; they must stay unchanged until the returned task completes.</param>
    /// <param name="cancellationToken">Cancels the write; a write cancelled after it began faults the writer.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key.</exception>
    /// <exception cref="InvalidOperationException">The writer is completed or faulted.</exception>
    public ValueTask WriteAsync(string key, ReadOnlyMemory<byte> msgpack, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        SampleKey.Validate(key);
        return WriteCoreAsync(key, new RawPayload(msgpack), cancellationToken);
    }

    /// <summary>
    /// Finishes the shard being written (end-of-archive blocks, padding, flush, fsync, rename) and closes the
    /// writer. Calling it again does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The writer is faulted.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_state == State.Completed)
        {
            return;
        }

        ThrowIfFaulted();
        try
        {
            await FinishShardAsync(cancellationToken).ConfigureAwait(false);
            _state = State.Completed;
        }
        catch
        {
            await FaultAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (_state == State.Completed)
            {
                _pending.Dispose();
            }
        }
    }

    /// <summary>Discards the shard being written (deleting its temporary file); shards finished earlier stay. The writer is faulted afterwards.</summary>
    public async ValueTask AbortAsync()
    {
        if (_state == State.Open)
        {
            await FaultAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Completes the writer if it is still open (see <see cref="CompleteAsync"/>); after a fault, only cleans up.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_state == State.Open)
        {
            await CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        else if (_state == State.Faulted)
        {
            await FaultAsync().ConfigureAwait(false);
        }
    }

    private static string ResolveKey(string? key)
    {
        if (key is null)
        {
            return SampleKey.NewKey();
        }

        SampleKey.Validate(key);
        return key;
    }

    // True when the write can go into the current shard now; false when a rollover must happen first.
    private bool BeforeWrite(CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        if (_state == State.Completed)
        {
            throw new InvalidOperationException("The shard writer is completed; no more samples can be written.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return _namePattern is null || (_count < _options.MaxCount && _payloadBytes < _options.MaxSize);
    }

    // Serializes straight into the pooled buffer behind a reserved header; a payload that throws is rolled back.
    private ValueTask WriteCoreAsync<TPayload>(string key, TPayload payload, CancellationToken cancellationToken)
        where TPayload : struct, IMemberPayload
    {
        if (!BeforeWrite(cancellationToken))
        {
            return WriteAfterRolloverAsync(key, payload, cancellationToken);
        }

        int mark = BeginMember(key, out int headerAt);
        try
        {
            payload.WriteTo(_pending);
        }
        catch
        {
            _pending.Truncate(mark);
            throw;
        }

        return EndMemberAsync(key, headerAt, cancellationToken);
    }

    private async ValueTask WriteAfterRolloverAsync<TPayload>(string key, TPayload payload, CancellationToken cancellationToken)
        where TPayload : struct, IMemberPayload
    {
        await RollOverAsync(cancellationToken).ConfigureAwait(false);
        await WriteCoreAsync(key, payload, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RollOverAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FinishShardAsync(cancellationToken).ConfigureAwait(false);
            OpenNextFile();
        }
        catch
        {
            await FaultAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Appends a PAX header when the name does not fit the ustar field, then reserves the member header.
    private int BeginMember(string key, out int headerAt)
    {
        int mark = _pending.WrittenCount;
        int nameLength = Encoding.UTF8.GetByteCount(key) + s_msgpackSuffix.Length;
        if (nameLength > HeaderNameLength)
        {
            AppendPaxPath(key, nameLength);
        }

        headerAt = _pending.WrittenCount;
        _pending.AppendZeros(TarFormat.BlockSize);
        return mark;
    }

    private ValueTask EndMemberAsync(string key, int headerAt, CancellationToken cancellationToken)
    {
        long size = _pending.WrittenCount - headerAt - TarFormat.BlockSize;
        var header = _pending.WrittenSpan.Slice(headerAt, TarFormat.BlockSize);
        WriteName(header[..HeaderNameLength], key);
        FillHeader(header, size, (byte)'0');
        _pending.AppendZeros((int)TarFormat.Padding(size));
        _count++;
        _totalSamples++;
        _payloadBytes += size;
        return _pending.WrittenCount >= _options.BufferSize ? FlushPendingAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    private void AppendPaxPath(string key, int nameLength)
    {
        // A record is "<length> path=<name>\n", where <length> counts the whole record including its own digits.
        int body = " path=".Length + nameLength + 1;
        int length = body + 1;
        while (length != body + length.ToString(CultureInfo.InvariantCulture).Length)
        {
            length = body + length.ToString(CultureInfo.InvariantCulture).Length;
        }

        var header = _pending.AppendZeros(TarFormat.BlockSize);
        "././@PaxHeader"u8.CopyTo(header);
        FillHeader(header, length, (byte)'x');

        var record = _pending.AppendZeros(length);
        int written = Encoding.ASCII.GetBytes(length.ToString(CultureInfo.InvariantCulture) + " path=", record);
        written += Encoding.UTF8.GetBytes(key, record[written..]);
        s_msgpackSuffix.CopyTo(record[written..]);
        record[^1] = (byte)'\n';
        _pending.AppendZeros((int)TarFormat.Padding(length));
    }

    // The ustar name field: the member name, cut to 100 bytes at a character boundary when a PAX header holds the full name.
    private static void WriteName(Span<byte> field, string key)
    {
        int keyBytes = Encoding.UTF8.GetByteCount(key);
        if (keyBytes + s_msgpackSuffix.Length <= field.Length)
        {
            int n = Encoding.UTF8.GetBytes(key, field);
            s_msgpackSuffix.CopyTo(field[n..]);
            return;
        }

        int chars = key.Length;
        while (Encoding.UTF8.GetByteCount(key.AsSpan(0, chars)) > field.Length || (chars > 0 && char.IsHighSurrogate(key[chars - 1])))
        {
            chars--;
        }

        Encoding.UTF8.GetBytes(key.AsSpan(0, chars), field);
    }

    // Mode 0644, uid/gid 0, size, mtime, type, POSIX ustar magic and version, checksum: the layout of the Python fixture shard.
    private void FillHeader(Span<byte> header, long size, byte typeFlag)
    {
        TarFormat.WriteOctal(header.Slice(TarFormat.ModeOffset, TarFormat.ModeLength), 0b110_100_100);
        TarFormat.WriteOctal(header.Slice(TarFormat.UidOffset, TarFormat.UidLength), 0);
        TarFormat.WriteOctal(header.Slice(TarFormat.GidOffset, TarFormat.GidLength), 0);
        TarFormat.WriteOctal(header.Slice(TarFormat.SizeOffset, TarFormat.SizeLength), size);
        TarFormat.WriteOctal(header.Slice(TarFormat.MtimeOffset, TarFormat.MtimeLength), _mtime);
        header[TarFormat.TypeFlagOffset] = typeFlag;
        "ustar\000"u8.CopyTo(header[TarFormat.MagicOffset..]);
        TarFormat.WriteChecksum(header);
    }

    private async ValueTask FlushPendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        try
        {
            var data = _pending.WrittenMemory;

            // Hash while an asynchronous write is in flight: both only read the buffer.
            var write = _current!.WriteAsync(data, cancellationToken);
            _hash?.AppendData(data.Span);
            await write.ConfigureAwait(false);
            _fileBytes += data.Length;
            _pending.Reset(maxRetained: 2 * (_options.BufferSize + (64 * 1024)), initialCapacity: InitialBufferCapacity);
        }
        catch
        {
            await FaultAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void OpenNextFile()
    {
        _shardNumber++;
        string name = _namePattern is null ? _pattern! : _namePattern.Format(_shardNumber);
        string final = Path.GetFullPath(name);
        string directory = Path.GetDirectoryName(final) ?? throw new ArgumentException($"'{name}' has no directory.", "pathOrPattern");
        string temp = Path.Combine(directory, $".{Path.GetFileName(final)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        _current = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        _currentTemp = temp;
        _currentFinal = final;
        _hash = NewHash();
        _count = 0;
        _payloadBytes = 0;
        _fileBytes = 0;
    }

    private IncrementalHash? NewHash() => _options.ComputeChecksums ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    private async Task FinishShardAsync(CancellationToken cancellationToken)
    {
        // End of archive: two zero blocks, then zeros up to a multiple of the 10240-byte record, as Python writes.
        long length = _fileBytes + _pending.WrittenCount + (2 * TarFormat.BlockSize);
        long record = (TarFormat.RecordSize - (length % TarFormat.RecordSize)) % TarFormat.RecordSize;
        _pending.AppendZeros((int)((2 * TarFormat.BlockSize) + record));
        await FlushPendingAsync(cancellationToken).ConfigureAwait(false);
        string? sha256 = _hash is null ? null : Convert.ToHexStringLower(_hash.GetHashAndReset());
        _hash?.Dispose();
        _hash = null;

        string? url;
        if (_callerStream is not null)
        {
            await _callerStream.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (!_leaveOpen)
            {
                await _callerStream.DisposeAsync().ConfigureAwait(false);
            }

            _current = null;
            url = _streamName;
        }
        else
        {
            var file = (FileStream)_current!;
            if (_options.FlushToDisk)
            {
                file.Flush(flushToDisk: true);
            }

            await file.DisposeAsync().ConfigureAwait(false);
            _current = null;
            File.Move(_currentTemp!, _currentFinal!, overwrite: true);
            _currentTemp = null;
            url = _currentFinal;
        }

        var info = new ShardInfo(url, sha256, _count, _payloadBytes, _fileBytes);
        _shards.Add(info);
        if (url is not null)
        {
            _urls.Add(url);
            if (sha256 is not null)
            {
                _checksums[url] = sha256;
            }
        }

        if (_options.ShardCompleted is { } completed)
        {
            await completed(info, cancellationToken).ConfigureAwait(false);
        }
    }

    private void ThrowIfFaulted()
    {
        if (_state == State.Faulted)
        {
            throw new InvalidOperationException("The shard writer is faulted after an earlier failure or abort; the shard being written was discarded.");
        }
    }

    private async ValueTask FaultAsync()
    {
        _state = State.Faulted;
        var stream = _current;
        _current = null;
        if (stream is not null && (_callerStream is null || !_leaveOpen))
        {
            try
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The stream already failed; the temporary file is deleted below either way.
            }
        }

        if (_currentTemp is { } temp)
        {
            _currentTemp = null;
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        _hash?.Dispose();
        _hash = null;
        _pending.Dispose();
    }

    private interface IMemberPayload
    {
        public void WriteTo(PooledBufferWriter output);
    }

    private readonly struct PackablePayload<T>(T sample) : IMemberPayload
        where T : IPackable<T>
    {
        public void WriteTo(PooledBufferWriter output) => Packer.Pack(sample, output);
    }

    private readonly struct DynamicPayload(DynamicSample sample) : IMemberPayload
    {
        public void WriteTo(PooledBufferWriter output) => sample.Pack(output);
    }

    private readonly struct RawPayload(ReadOnlyMemory<byte> msgpack) : IMemberPayload
    {
        public void WriteTo(PooledBufferWriter output) => output.Append(msgpack.Span);
    }
}
