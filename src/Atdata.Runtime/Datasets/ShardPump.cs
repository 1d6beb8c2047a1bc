using System.Buffers;
using System.Threading.Channels;

namespace Atdata;

/// <summary>Up to <see cref="Capacity"/> decoded samples of one shard, in shard order.</summary>
internal sealed class SampleChunk<T>(int capacity)
{
    /// <summary>The largest chunk: channel traffic is paid once per chunk, not per sample.</summary>
    public const int MaxCapacity = 64;

    public readonly T[] Values = new T[capacity];
    public readonly long[] Indices = new long[capacity];
    public int Count;

    public int Capacity => Values.Length;

    /// <summary>No sample of the shard follows this chunk.</summary>
    public bool IsLast;
}

/// <summary>
/// Reads one shard in the background and hands its decoded samples over in chunks through a bounded channel,
/// applying the error policy. The consumer reads <see cref="Reader"/> and then awaits <see cref="Completion"/>.
/// </summary>
internal sealed class ShardPump<T> : IAsyncDisposable
{
    private readonly DatasetRoot<T> _root;
    private readonly string _url;
    private readonly long _skip;
    private readonly HashSet<long>? _only;
    private readonly long _onlyMax;
    private readonly Channel<SampleChunk<T>> _channel;
    private readonly CancellationTokenSource _cts;
    private readonly int _chunkSize;
    private Task? _task;

    /// <param name="root">The dataset.</param>
    /// <param name="shard">The global shard index.</param>
    /// <param name="skip">Samples at positions below this are not decoded (already consumed).</param>
    /// <param name="only">When set, only these positions are decoded (cursor buffer refill).</param>
    /// <param name="cancellationToken">The enumeration's token.</param>
    public ShardPump(DatasetRoot<T> root, int shard, long skip, HashSet<long>? only, CancellationToken cancellationToken)
    {
        _root = root;
        Shard = shard;
        _url = root.AllShards[shard];
        _skip = skip;
        _only = only;
        _onlyMax = only is null || only.Count == 0 ? -1 : only.Max();
        // Chunks of up to 64 samples, at least four per shard queue, so PrefetchSamples bounds what waits.
        _chunkSize = Math.Clamp(root.Options.PrefetchSamples / 4, 1, SampleChunk<T>.MaxCapacity);
        int chunks = Math.Max(1, root.Options.PrefetchSamples / _chunkSize);
        _channel = Channel.CreateBounded<SampleChunk<T>>(new BoundedChannelOptions(chunks)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public int Shard { get; }

    public ChannelReader<SampleChunk<T>> Reader => _channel.Reader;

    public Task Completion => _task ?? Task.CompletedTask;

    /// <summary>What ended the shard early, once <see cref="Completion"/> is done.</summary>
    public Exception? Failure { get; private set; }

    public ShardPump<T> Start()
    {
        _task = Task.Run(RunAsync);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        if (_task is not null)
        {
            try
            {
                await _task.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The consumer stopped early (or saw this error already): nothing to report.
            }
        }

        _cts.Dispose();
    }

    private async Task RunAsync()
    {
        var ct = _cts.Token;
        var options = _root.Options;
        var policy = options.ErrorPolicy;
        var chunk = new SampleChunk<T>(_chunkSize);
        Exception? failure = null;
        RawChunk? raw = options.DecodeParallelism > 1 ? new RawChunk(_chunkSize) : null;
        try
        {
            _root.Statistics.AddShardOpened();
            var stream = await _root.Source.OpenShardAsync(_url, ct).ConfigureAwait(false);
            var reader = new ShardReader(stream, _url, options.ReaderOptions, leaveOpen: false);
            await using (reader.ConfigureAwait(false))
            {
                bool stopShard = false;
                while (!stopShard && await reader.MoveNextAsync(ct).ConfigureAwait(false))
                {
                    var sample = reader.Current;
                    long index = sample.Index;
                    if (index < _skip)
                    {
                        continue;
                    }

                    if (_only is not null)
                    {
                        if (index > _onlyMax)
                        {
                            break;
                        }

                        if (!_only.Contains(index))
                        {
                            continue;
                        }
                    }

                    if (raw is not null)
                    {
                        raw.Add(sample);
                        if (raw.Count == raw.Capacity)
                        {
                            (chunk, stopShard) = await FlushRawAsync(raw, chunk, ct).ConfigureAwait(false);
                        }

                        continue;
                    }

                    T value;
                    try
                    {
                        value = _root.Decoder(sample.Msgpack.Span, options.SampleOptions);
                    }
                    catch (AtdataException ex) when (policy != DatasetErrorPolicy.Throw && IsSampleError(ex))
                    {
                        stopShard = SkipSample(sample.Key, index, ex);
                        continue;
                    }

                    chunk = await AddAsync(chunk, index, value, ct).ConfigureAwait(false);
                }

                if (raw is not null && raw.Count > 0 && !stopShard)
                {
                    (chunk, _) = await FlushRawAsync(raw, chunk, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException ex) when (ct.IsCancellationRequested)
        {
            failure = ex;
        }
        catch (Exception ex) when (policy != DatasetErrorPolicy.Throw && IsShardError(ex))
        {
            _root.Statistics.AddSkippedShard(new DatasetReadError(_url, null, null, SkippedShard: true, ex));
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            raw?.Dispose();
        }

        if (failure is null)
        {
            chunk.IsLast = true;
            try
            {
                _root.Statistics.AddDecoded(chunk.Count);
                await _channel.Writer.WriteAsync(chunk, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex)
            {
                failure = ex;
            }
        }

        // The failure is rethrown by the consumer as it is: a channel completed with an error would wrap it.
        Failure = failure;
        _channel.Writer.TryComplete();
    }

    /// <summary>After the channel completed: rethrows what ended the shard, if anything did.</summary>
    public void ThrowIfFailed()
    {
        if (Failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    // Returns true when the policy ends the shard.
    private bool SkipSample(string key, long index, AtdataException ex)
    {
        if (_root.Options.ErrorPolicy == DatasetErrorPolicy.SkipShard)
        {
            _root.Statistics.AddSkippedShard(new DatasetReadError(_url, key, index, SkippedShard: true, ex));
            return true;
        }

        _root.Statistics.AddSkippedSample(new DatasetReadError(_url, key, index, SkippedShard: false, ex));
        return false;
    }

    /// <summary>Errors of one sample (its bytes, or its fields against a schema the dataset checks): the policy may skip just it.</summary>
    private static bool IsSampleError(AtdataException ex) => ex is SampleFormatException or SchemaMismatchException;

    private static bool IsShardError(Exception ex) => ex is AtdataException or IOException or HttpRequestException;

    // A full chunk is written only once the next sample exists, so the last chunk of a shard is the one marked IsLast.
    private async ValueTask<SampleChunk<T>> AddAsync(SampleChunk<T> chunk, long index, T value, CancellationToken ct)
    {
        if (chunk.Count == chunk.Capacity)
        {
            _root.Statistics.AddDecoded(chunk.Count);
            await _channel.Writer.WriteAsync(chunk, ct).ConfigureAwait(false);
            chunk = new SampleChunk<T>(_chunkSize);
        }

        chunk.Values[chunk.Count] = value;
        chunk.Indices[chunk.Count] = index;
        chunk.Count++;
        return chunk;
    }

    private async ValueTask<(SampleChunk<T> Chunk, bool StopShard)> FlushRawAsync(RawChunk raw, SampleChunk<T> chunk, CancellationToken ct)
    {
        int n = raw.Count;
        var values = new T[n];
        var errors = new AtdataException?[n];
        var decoder = _root.Decoder;
        var sampleOptions = _root.Options.SampleOptions;
        var policy = _root.Options.ErrorPolicy;
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = _root.Options.DecodeParallelism, CancellationToken = ct }, i =>
        {
            try
            {
                values[i] = decoder(raw.Bytes(i), sampleOptions);
            }
            catch (AtdataException ex) when (policy != DatasetErrorPolicy.Throw && IsSampleError(ex))
            {
                errors[i] = ex;
            }
        });

        bool stop = false;
        for (int i = 0; i < n && !stop; i++)
        {
            if (errors[i] is { } error)
            {
                stop = SkipSample(raw.Keys[i], raw.Indices[i], error);
                continue;
            }

            chunk = await AddAsync(chunk, raw.Indices[i], values[i], ct).ConfigureAwait(false);
        }

        raw.Clear();
        return (chunk, stop);
    }

    /// <summary>Copies of up to 64 samples' bytes in one pooled buffer, for parallel decoding.</summary>
    private sealed class RawChunk(int capacity) : IDisposable
    {
        private readonly int[] _starts = new int[capacity + 1];
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

        public readonly long[] Indices = new long[capacity];
        public readonly string[] Keys = new string[capacity];

        public int Capacity => capacity;

        public int Count { get; private set; }

        public ReadOnlySpan<byte> Bytes(int i) => _buffer.AsSpan(_starts[i], _starts[i + 1] - _starts[i]);

        public void Add(in ShardSample sample)
        {
            int start = _starts[Count];
            int length = sample.Msgpack.Length;
            if (_buffer.Length - start < length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(checked(Math.Max(_buffer.Length * 2, start + length)));
                _buffer.AsSpan(0, start).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            sample.Msgpack.Span.CopyTo(_buffer.AsSpan(start));
            Indices[Count] = sample.Index;
            Keys[Count] = sample.Key;
            Count++;
            _starts[Count] = start + length;
        }

        public void Clear() => Count = 0;

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
