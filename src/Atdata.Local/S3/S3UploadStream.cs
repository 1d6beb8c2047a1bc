using System.Buffers;

namespace Atdata.Local;

/// <summary>
/// A write-only stream that turns what is written into one S3 object: a single PutObject when everything fits in
/// one part, otherwise a multipart upload whose parts are sent while later bytes are still being written.
/// </summary>
/// <remarks>
/// Memory is bounded: at most <c>MaxPartsInFlight</c> parts are uploading while one more fills; a write waits for a
/// free slot. Nothing is visible under the key until <see cref="CompleteAsync"/> succeeds. Any failure (or
/// <see cref="AbortAsync"/>) cancels the parts in flight and aborts the multipart upload; when the abort itself
/// fails, the upload id is handed to <c>onAbortFailed</c> so that <see cref="S3DataStore.GcAsync"/> retries it.
/// </remarks>
internal sealed class S3UploadStream : Stream
{
    private readonly S3Client _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly int _partSize;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<Task> _inFlight = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> _etags = new();
    private int _partCount;
    private readonly Action<string, string, string> _onAbortFailed;
    private byte[]? _buffer;
    private int _filled;
    private string? _uploadId;
    private Exception? _failure;
    private bool _finished;
    private long _length;

    public S3UploadStream(S3Client client, string bucket, string key, S3DataStoreOptions options, Action<string, string, string> onAbortFailed)
    {
        _client = client;
        _bucket = bucket;
        _key = key;
        _partSize = options.PartSize;
        _slots = new SemaphoreSlim(options.MaxPartsInFlight, options.MaxPartsInFlight);
        _onAbortFailed = onAbortFailed;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_finished;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>How many parts were started (0 when the object goes up with one PutObject).</summary>
    public int PartCount => _partCount;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (buffer.Length > 0)
        {
            ThrowIfFailed();
            _buffer ??= ArrayPool<byte>.Shared.Rent(_partSize);
            int n = Math.Min(buffer.Length, _partSize - _filled);
            buffer.Span[..n].CopyTo(_buffer.AsSpan(_filled));
            _filled += n;
            _length += n;
            buffer = buffer[n..];
            if (_filled == _partSize)
            {
                await StartPartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Sends what is left and makes the object visible; on failure the upload is aborted and the error thrown.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        try
        {
            ThrowIfFailed();
            if (_uploadId is null)
            {
                // Everything fits in one part: one PutObject, no multipart upload to clean up.
                await _client.PutObjectAsync(_bucket, _key, _buffer.AsMemory(0, _filled), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (_filled > 0)
                {
                    await StartPartAsync(cancellationToken).ConfigureAwait(false);
                }

                await Task.WhenAll(_inFlight).ConfigureAwait(false);
                ThrowIfFailed();
                await _client.CompleteMultipartUploadAsync(_bucket, _key, _uploadId, [.. Enumerable.Range(0, _partCount).Select(i => _etags[i])], cancellationToken).ConfigureAwait(false);
                _uploadId = null;
            }

            _finished = true;
            ReturnBuffer();
        }
        catch (Exception ex)
        {
            await AbortAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw _failure is StorageException failure && ex is not StorageException ? failure : ex;
        }
    }

    /// <summary>Cancels the parts in flight and aborts the multipart upload, if one was started. Never throws.</summary>
    public async Task AbortAsync()
    {
        if (_finished && _uploadId is null)
        {
            return;
        }

        _finished = true;
        await _cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_inFlight).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StorageException or OperationCanceledException)
        {
            // Part failures were recorded; the abort below removes what the parts stored.
        }

        ReturnBuffer();
        if (_uploadId is { } uploadId)
        {
            _uploadId = null;
            try
            {
                await _client.AbortMultipartUploadAsync(_bucket, _key, uploadId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageException)
            {
                _onAbortFailed(_bucket, _key, uploadId);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            AbortAsync().GetAwaiter().GetResult();
        }

        if (disposing)
        {
            _cancel.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_finished || _uploadId is not null)
        {
            await AbortAsync().ConfigureAwait(false);
        }

        _cancel.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task StartPartAsync(CancellationToken cancellationToken)
    {
        _uploadId ??= await _client.CreateMultipartUploadAsync(_bucket, _key, cancellationToken).ConfigureAwait(false);
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancel.Token))
        {
            try
            {
                await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                ThrowIfFailed();
                throw;
            }
        }

        ThrowIfFailed();
        var buffer = _buffer!;
        int length = _filled;
        int index = _partCount++;
        _buffer = null;
        _filled = 0;
        _inFlight.Add(UploadPartAsync(buffer, length, index));
    }

    private async Task UploadPartAsync(byte[] buffer, int length, int index)
    {
        try
        {
            await Task.Yield();
            _etags[index] = await _client.UploadPartAsync(_bucket, _key, _uploadId!, index + 1, buffer.AsMemory(0, length), _cancel.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The first failure stops the upload: later writes and Complete throw it.
            Interlocked.CompareExchange(ref _failure, ex, null);
            await _cancel.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _slots.Release();
        }
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw failure is StorageException ? failure : S3Client.Error("UploadPart", _bucket, _key, "S3 UploadPart was cancelled", inner: failure);
        }
    }

    private void ReturnBuffer()
    {
        if (_buffer is { } b)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}
