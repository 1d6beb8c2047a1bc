using System.Runtime.CompilerServices;

namespace Atdata;

/// <summary>
/// A dataset with recorded <see cref="Where"/>, <see cref="Select{TResult}"/> and <see cref="Take"/> steps.
/// Nothing is read until it is enumerated with <see cref="Ordered(CancellationToken)"/>,
/// <see cref="Shuffled(int, int, int?, CancellationToken)"/> or their batched overloads; the steps apply to
/// each sample in stream order (after shuffling), and batching groups what comes out of them.
/// </summary>
/// <typeparam name="T">The type of the query's elements.</typeparam>
/// <remarks>
/// <para>Queries are immutable: each step returns a new query, and one query can be enumerated many times.</para>
/// <para>
/// <c>Take(n)</c> ends the enumeration after its n-th sample without reading further shards; with
/// <c>Shuffled</c> it takes the first n of the shuffled stream. The step delegates run on the consumer's side,
/// in order; exceptions they throw propagate whatever the <see cref="DatasetErrorPolicy"/>.
/// </para>
/// </remarks>
public abstract class DatasetQuery<T>
{
    private protected DatasetQuery()
    {
    }

    /// <summary>The counters of what the underlying dataset read and skipped.</summary>
    public abstract DatasetReadStatistics Statistics { get; }

    /// <summary>Keeps the samples for which <paramref name="predicate"/> is true.</summary>
    public DatasetQuery<T> Where(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return WhereCore(predicate);
    }

    /// <summary>Maps each sample to another value (any type; batches of it are <see cref="SampleBatch{T}"/> too).</summary>
    public DatasetQuery<TResult> Select<TResult>(Func<T, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return SelectCore(selector);
    }

    /// <summary>Ends the stream after <paramref name="count"/> samples (of the stream at this step).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public DatasetQuery<T> Take(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return TakeCore(count);
    }

    /// <summary>
    /// Enumerations of the returned query start at <paramref name="cursor"/> and move it along; save it at
    /// any point between items (see <see cref="DatasetCursor"/>).
    /// </summary>
    public DatasetQuery<T> WithCursor(DatasetCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        return WithCursorCore(cursor);
    }

    /// <summary>Streams every sample, shard by shard in order (Python's <c>ordered()</c>).</summary>
    /// <exception cref="ShardException">A shard is malformed, truncated or fails its checksum (under <see cref="DatasetErrorPolicy.Throw"/>).</exception>
    /// <exception cref="SampleFormatException">A sample does not decode (under <see cref="DatasetErrorPolicy.Throw"/>).</exception>
    public IAsyncEnumerable<T> Ordered(CancellationToken cancellationToken = default) => Run(null, cancellationToken);

    /// <summary>Streams the samples in order, in batches of <paramref name="batchSize"/> (the last one may be smaller).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    public IAsyncEnumerable<SampleBatch<T>> Ordered(int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return Batch(Run(null, cancellationToken), batchSize, cancellationToken);
    }

    /// <summary>
    /// Streams the samples shuffled in two levels, as webdataset does: the shard order through a shuffle buffer
    /// of <paramref name="bufferShards"/>, then the samples through a buffer of <paramref name="bufferSamples"/>.
    /// The same seed gives the same order; without one a random seed is drawn (and kept in a cursor).
    /// </summary>
    /// <remarks>Pass the arguments by name: <c>Shuffled(bufferSamples: 1000, seed: 42)</c>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A buffer size is less than 1.</exception>
    public IAsyncEnumerable<T> Shuffled(int bufferShards = 100, int bufferSamples = 10_000, int? seed = null, CancellationToken cancellationToken = default)
        => Run(ShuffleSettings.Create(bufferShards, bufferSamples, seed), cancellationToken);

    /// <summary>Streams the samples shuffled (see <see cref="Shuffled(int, int, int?, CancellationToken)"/>), in batches of <paramref name="batchSize"/>.</summary>
    /// <remarks>Pass the arguments by name: <c>Shuffled(batchSize: 32, seed: 42)</c>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> or a buffer size is less than 1.</exception>
    public IAsyncEnumerable<SampleBatch<T>> Shuffled(int batchSize, int bufferShards = 100, int bufferSamples = 10_000, int? seed = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return Batch(Run(ShuffleSettings.Create(bufferShards, bufferSamples, seed), cancellationToken), batchSize, cancellationToken);
    }

    /// <summary>The first <paramref name="count"/> samples in order (fewer if the dataset is smaller); reads only the shards needed.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public async Task<IReadOnlyList<T>> HeadAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new List<T>(Math.Min(count, 1024));
        await foreach (var sample in Take(count).Ordered(cancellationToken).ConfigureAwait(false))
        {
            result.Add(sample);
        }

        return result;
    }

    internal abstract IAsyncEnumerable<T> Run(ShuffleSettings? shuffle, CancellationToken cancellationToken);

    private protected abstract DatasetQuery<T> WhereCore(Func<T, bool> predicate);

    private protected abstract DatasetQuery<TResult> SelectCore<TResult>(Func<T, TResult> selector);

    private protected abstract DatasetQuery<T> TakeCore(long count);

    private protected abstract DatasetQuery<T> WithCursorCore(DatasetCursor cursor);

    private static async IAsyncEnumerable<SampleBatch<T>> Batch(IAsyncEnumerable<T> samples, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = new T[batchSize];
        int count = 0;
        await foreach (var sample in samples.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            items[count++] = sample;
            if (count == batchSize)
            {
                yield return new SampleBatch<T>(items, count);
                items = new T[batchSize];
                count = 0;
            }
        }

        if (count > 0)
        {
            yield return new SampleBatch<T>(items, count);
        }
    }
}

/// <summary>The parameters of a shuffled read.</summary>
internal sealed record ShuffleSettings(int BufferShards, int BufferSamples, long? Seed)
{
    public static ShuffleSettings Create(int bufferShards, int bufferSamples, int? seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferShards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSamples, 1);
        return new ShuffleSettings(bufferShards, bufferSamples, seed);
    }
}

/// <summary>A query over a dataset decoded as <typeparamref name="TRoot"/>, with the steps to <typeparamref name="T"/>.</summary>
internal sealed class PipelineQuery<TRoot, T>(DatasetRoot<TRoot> root, Pipe<TRoot, T> pipe, DatasetCursor? cursor) : DatasetQuery<T>
{
    public override DatasetReadStatistics Statistics => root.Statistics;

    private protected override DatasetQuery<T> WhereCore(Func<T, bool> predicate)
        => new PipelineQuery<TRoot, T>(root, new WherePipe<TRoot, T>(pipe, predicate), cursor);

    private protected override DatasetQuery<TResult> SelectCore<TResult>(Func<T, TResult> selector)
        => new PipelineQuery<TRoot, TResult>(root, new SelectPipe<TRoot, T, TResult>(pipe, selector), cursor);

    private protected override DatasetQuery<T> TakeCore(long count)
        => new PipelineQuery<TRoot, T>(root, new TakePipe<TRoot, T>(pipe, count), cursor);

    private protected override DatasetQuery<T> WithCursorCore(DatasetCursor cursor) => new PipelineQuery<TRoot, T>(root, pipe, cursor);

    internal override async IAsyncEnumerable<T> Run(ShuffleSettings? shuffle, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var progress = Prepare(shuffle);
        if (pipe.Exhausted(progress.Takes))
        {
            yield break;
        }

        var items = shuffle is null
            ? DatasetEngine.Sequential(root, root.Selected, progress, cancellationToken)
            : DatasetEngine.Shuffled(root, progress, cancellationToken);
        await foreach (var item in items.ConfigureAwait(false))
        {
            switch (pipe.Push(item.Value, progress.Takes, out var value))
            {
                case PipeFlow.Skip:
                    continue;
                case PipeFlow.Stop:
                    yield break;
                case PipeFlow.YieldLast:
                    yield return value;
                    yield break;
                default:
                    yield return value;
                    break;
            }
        }
    }

    private IterationProgress Prepare(ShuffleSettings? shuffle)
    {
        if (cursor?.Progress is { } saved)
        {
            if (saved.Fingerprint != root.Fingerprint)
            {
                throw new ArgumentException("The cursor was saved from a dataset with other shards (or another partition).");
            }

            if (saved.Shuffle != shuffle is not null)
            {
                throw new ArgumentException($"The cursor was saved from a{(saved.Shuffle ? " shuffled" : "n ordered")} read; resume it with the same method.");
            }

            if (shuffle is not null && (saved.BufferShards != shuffle.BufferShards || saved.BufferSamples != shuffle.BufferSamples || (shuffle.Seed is { } seed && seed != saved.Seed)))
            {
                throw new ArgumentException("The cursor was saved from a shuffled read with other buffer sizes or another seed.");
            }

            if (saved.Takes.Length != pipe.TakeSlots || saved.Position > root.Selected.Length)
            {
                throw new ArgumentException("The cursor was saved from a query with another shape.");
            }

            return saved;
        }

        long actualSeed = shuffle?.Seed ?? Random.Shared.NextInt64();
        var progress = new IterationProgress
        {
            Shuffle = shuffle is not null,
            Seed = shuffle is null ? 0 : actualSeed,
            BufferShards = shuffle?.BufferShards ?? 0,
            BufferSamples = shuffle?.BufferSamples ?? 0,
            Fingerprint = root.Fingerprint,
            Takes = new long[pipe.TakeSlots],
            Random = shuffle is null ? 0 : DatasetEngine.InitialRandom(actualSeed),
        };
        if (cursor is not null)
        {
            cursor.Progress = progress;
        }

        return progress;
    }
}
