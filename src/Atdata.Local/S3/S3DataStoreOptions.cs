namespace Atdata.Local;

/// <summary>Settings of <see cref="S3DataStore"/>.</summary>
public sealed record S3DataStoreOptions
{
    /// <summary>The smallest part S3 accepts (except the last): 5 MiB.</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>
    /// Bytes per multipart part (default 8 MiB, at least 5 MiB). A shard smaller than one part is sent with a single
    /// PutObject. Memory held per upload is about <c>(MaxPartsInFlight + 1) × PartSize</c>.
    /// </summary>
    public int PartSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>How many parts of one shard upload at once (default 2); the writer waits when all are busy.</summary>
    public int MaxPartsInFlight { get; init; } = 2;

    /// <summary>
    /// Write every shard to a local temporary directory first, then upload it (Python's <c>cache_local=True</c>).
    /// Off by default: shards stream straight into multipart uploads with no temporary file.
    /// </summary>
    public bool CacheLocal { get; init; }

    /// <summary>Where <see cref="CacheLocal"/> stages shards; null for the system temporary directory.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Attempts per idempotent request (GET, HEAD, PUT of a part or object, list, delete, abort); default 4.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first retry delay (default 200 ms); later ones double, each with random jitter of ±50%.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one request may take before it counts as failed (default 5 minutes).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The HTTP client to send requests with (not disposed by the store); null for the store's own.</summary>
    public HttpClient? HttpClient { get; init; }

    internal void Validate(string paramName)
    {
        if (PartSize < MinPartSize)
        {
            throw new ArgumentException($"PartSize must be at least {MinPartSize} bytes (the S3 minimum part size).", paramName);
        }

        if (MaxPartsInFlight < 1 || MaxAttempts < 1)
        {
            throw new ArgumentException("MaxPartsInFlight and MaxAttempts must be at least 1.", paramName);
        }

        if (RetryDelay < TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RetryDelay must not be negative and RequestTimeout must be positive.", paramName);
        }
    }
}

/// <summary>Settings of <see cref="S3DataStore.GcAsync"/>.</summary>
public sealed record S3GcOptions
{
    /// <summary>Only look under this key prefix; null for the whole bucket.</summary>
    public string? Prefix { get; init; }

    /// <summary>Multipart uploads started longer ago than this are aborted (default 1 hour, so running inserts are left alone).</summary>
    public TimeSpan StaleUploadAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Unreferenced shard objects are deleted only when older than this (default 1 hour), so an insert whose entry is not written yet keeps its shards.</summary>
    public TimeSpan OrphanObjectAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Report what would be removed without removing anything.</summary>
    public bool DryRun { get; init; }
}

/// <summary>What <see cref="S3DataStore.GcAsync"/> removed (or, with <see cref="S3GcOptions.DryRun"/>, would remove).</summary>
/// <param name="AbortedUploads">The keys of the multipart uploads aborted.</param>
/// <param name="DeletedObjects">The <c>s3://</c> URLs of the orphaned shard objects deleted.</param>
/// <param name="ReferencedObjects">How many shard objects were kept because the index references them.</param>
public sealed record S3GcReport(IReadOnlyList<string> AbortedUploads, IReadOnlyList<string> DeletedObjects, int ReferencedObjects);
