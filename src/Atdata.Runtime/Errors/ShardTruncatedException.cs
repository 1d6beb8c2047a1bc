namespace Atdata;

/// <summary>
/// A shard ended early: it is empty (zero bytes), or it stops inside a header, a metadata block or a member's data.
/// </summary>
public sealed class ShardTruncatedException : ShardException
{
    internal ShardTruncatedException(string message, string? shardUrl, long offset, string? memberName, Exception? innerException = null)
        : base(message, shardUrl, offset, memberName, innerException)
    {
    }
}
