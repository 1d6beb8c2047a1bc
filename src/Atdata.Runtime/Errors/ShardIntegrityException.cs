namespace Atdata;

/// <summary>
/// A shard's bytes are corrupt: a tar header's checksum does not match, a header after the first cannot be
/// parsed, or the SHA-256 of the whole shard differs from the expected one.
/// </summary>
/// <remarks>
/// The SHA-256 check runs while streaming, so it fails at the end of the shard, after its samples were
/// yielded; a caller that must not use unverified samples buffers a shard's samples until it ends.
/// </remarks>
public sealed class ShardIntegrityException : ShardException
{
    internal ShardIntegrityException(string message, string? shardUrl, long offset, string? memberName, string? expectedSha256 = null, string? actualSha256 = null)
        : base(message, shardUrl, offset, memberName, null)
    {
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    /// <summary>The expected SHA-256 (lowercase hex) when the whole-shard checksum failed; otherwise null.</summary>
    public string? ExpectedSha256 { get; }

    /// <summary>The SHA-256 (lowercase hex) of the bytes read when the whole-shard checksum failed; otherwise null.</summary>
    public string? ActualSha256 { get; }
}
