namespace Atdata;

/// <summary>
/// Counters of what a dataset read and skipped, summed over every enumeration of the dataset and of the queries
/// built from it. Thread-safe; read them at any time.
/// </summary>
public sealed class DatasetReadStatistics
{
    private const int MaxErrors = 100;
    private readonly Queue<DatasetReadError> _errors = new();
    private long _samplesDecoded;
    private long _samplesSkipped;
    private long _shardsOpened;
    private long _shardsSkipped;

    /// <summary>Samples decoded successfully (including samples read ahead and never consumed).</summary>
    public long SamplesDecoded => Interlocked.Read(ref _samplesDecoded);

    /// <summary>Samples skipped because they did not decode (<see cref="DatasetErrorPolicy.SkipSample"/>).</summary>
    public long SamplesSkipped => Interlocked.Read(ref _samplesSkipped);

    /// <summary>Shards opened.</summary>
    public long ShardsOpened => Interlocked.Read(ref _shardsOpened);

    /// <summary>Shards whose remaining samples were skipped after an error (a skip policy).</summary>
    public long ShardsSkipped => Interlocked.Read(ref _shardsSkipped);

    /// <summary>The most recent skipped errors (up to 100), oldest first.</summary>
    public IReadOnlyList<DatasetReadError> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Sets every counter to zero and forgets the errors.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _samplesDecoded, 0);
        Interlocked.Exchange(ref _samplesSkipped, 0);
        Interlocked.Exchange(ref _shardsOpened, 0);
        Interlocked.Exchange(ref _shardsSkipped, 0);
        lock (_errors)
        {
            _errors.Clear();
        }
    }

    /// <inheritdoc/>
    public override string ToString()
        => $"{SamplesDecoded} samples decoded, {SamplesSkipped} skipped; {ShardsOpened} shards opened, {ShardsSkipped} skipped";

    internal void AddDecoded(long count) => Interlocked.Add(ref _samplesDecoded, count);

    internal void AddShardOpened() => Interlocked.Increment(ref _shardsOpened);

    internal void AddSkippedSample(DatasetReadError error)
    {
        Interlocked.Increment(ref _samplesSkipped);
        Remember(error);
    }

    internal void AddSkippedShard(DatasetReadError error)
    {
        Interlocked.Increment(ref _shardsSkipped);
        Remember(error);
    }

    private void Remember(DatasetReadError error)
    {
        lock (_errors)
        {
            if (_errors.Count == MaxErrors)
            {
                _errors.Dequeue();
            }

            _errors.Enqueue(error);
        }
    }
}

/// <summary>One error a skip policy absorbed.</summary>
/// <param name="ShardUrl">The shard being read.</param>
/// <param name="SampleKey">The sample's key, for a sample error; <see langword="null"/> for a shard error.</param>
/// <param name="SampleIndex">The sample's position in its shard, when known.</param>
/// <param name="SkippedShard">Whether the rest of the shard was skipped.</param>
/// <param name="Exception">What went wrong.</param>
public sealed record DatasetReadError(string ShardUrl, string? SampleKey, long? SampleIndex, bool SkippedShard, Exception Exception);
