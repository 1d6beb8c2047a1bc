namespace Atdata.Reliability.Tests.FaultMatrix;

/// <summary>
/// One step of <c>LocalIndex.InsertDatasetAsync</c> over Redis + S3 where a fault is injected: an S3 request of
/// the multipart protocol (matched on its request line) or the Nth Redis command of a name.
/// </summary>
/// <param name="Name">The step, as it appears in test names and docs/reliability.md.</param>
/// <param name="S3Request">For an S3 step: which request line it is.</param>
/// <param name="RedisCommands">For a Redis step: the command names (upper case) counted.</param>
/// <param name="Occurrence">For a Redis step: which occurrence of those commands.</param>
public sealed record FaultPoint(string Name, Func<string, bool>? S3Request = null, string[]? RedisCommands = null, int Occurrence = 0)
{
    /// <summary>
    /// The steps of an insert of two shards, the first large enough for a two-part multipart upload and the
    /// second a single PUT, in protocol order.
    /// </summary>
    public static readonly FaultPoint[] All =
    [
        new("redis-check-name", RedisCommands: ["HGET"], Occurrence: 1),
        new("redis-check-label", RedisCommands: ["HGET"], Occurrence: 2),
        new("redis-register-pending", RedisCommands: ["ZADD"], Occurrence: 1),
        new("s3-initiate", S3Request: l => l.StartsWith("POST ", StringComparison.Ordinal) && l.Contains("?uploads", StringComparison.Ordinal)),
        new("s3-part-1", S3Request: l => l.StartsWith("PUT ", StringComparison.Ordinal) && l.Contains("partNumber=1&", StringComparison.Ordinal)),
        new("s3-part-2", S3Request: l => l.StartsWith("PUT ", StringComparison.Ordinal) && l.Contains("partNumber=2&", StringComparison.Ordinal)),
        new("s3-complete", S3Request: l => l.StartsWith("POST ", StringComparison.Ordinal) && l.Contains("uploadId=", StringComparison.Ordinal)),
        new("redis-record-shard-1", RedisCommands: ["RPUSH"], Occurrence: 1),
        new("s3-put-shard-2", S3Request: l => l.StartsWith("PUT ", StringComparison.Ordinal) && !l.Contains('?', StringComparison.Ordinal) && l.Contains("--000001.tar", StringComparison.Ordinal)),
        new("redis-record-shard-2", RedisCommands: ["RPUSH"], Occurrence: 2),
        new("redis-commit", RedisCommands: ["EVALSHA", "EVAL"], Occurrence: 1),
    ];

    public bool IsRedis => RedisCommands is not null;

    public override string ToString() => Name;
}
