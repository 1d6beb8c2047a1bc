namespace Atdata;

/// <summary>A shard a <see cref="ShardWriter"/> finished.</summary>
/// <param name="Url">The shard's absolute path, or the name given for a stream (null when none was given).</param>
/// <param name="Sha256">The SHA-256 of the whole shard, lowercase hex (what Python atdata records in <c>metadata["checksums"]</c>); null when <see cref="ShardWriterOptions.ComputeChecksums"/> is off.</param>
/// <param name="SampleCount">How many samples it holds.</param>
/// <param name="PayloadBytes">The sum of the samples' msgpack lengths.</param>
/// <param name="Length">The shard's length in bytes (a multiple of 10240).</param>
public sealed record ShardInfo(string? Url, string? Sha256, long SampleCount, long PayloadBytes, long Length);
