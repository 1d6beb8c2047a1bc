namespace Atdata.Cli;

/// <summary>
/// Wraps a shard source and counts the bytes read from each shard, so <c>inspect</c> can report sizes for any
/// source (file, http, s3) and <c>insert</c> can show progress while the store reads the dataset.
/// </summary>
internal sealed class CountingShardSource(IShardSource inner) : IShardSource
{
    private long _bytesRead;
    private int _shardsOpened;

    /// <summary>Called after a shard's stream is disposed, with the shard and the bytes read from it.</summary>
    public Action<string, long>? ShardClosed { get; init; }

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public int ShardsOpened => Volatile.Read(ref _shardsOpened);

    public IReadOnlyList<string> ListShards() => inner.ListShards();

    public async ValueTask<Stream> OpenShardAsync(string shard, CancellationToken cancellationToken = default)
    {
        var stream = await inner.OpenShardAsync(shard, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _shardsOpened);
        return new CountingStream(stream, this, shard);
    }

    // ForwardReadStream supplies the read-only, non-seekable Stream surface; this type only counts.
    private sealed class CountingStream(Stream inner, CountingShardSource owner, string shard) : Atdata.Shards.ForwardReadStream
    {
        private long _read;
        private bool _closed;

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                ReportClosed();
            }

            base.Dispose(disposing);
        }

        private void ReportClosed()
        {
            if (!_closed)
            {
                _closed = true;
                owner.ShardClosed?.Invoke(shard, _read);
            }
        }

        private int Count(int n)
        {
            _read += n;
            Interlocked.Add(ref owner._bytesRead, n);
            return n;
        }
    }
}
