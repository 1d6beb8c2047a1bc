namespace Atdata;

/// <summary>
/// A shard is not a tar archive the reader accepts: compressed with an unsupported codec, not a tar, a malformed
/// or oversized header, an unsafe member name, a refused entry type, or a WebDataset grouping error.
/// </summary>
/// <remarks>Raised before anything a header merely declares is allocated.</remarks>
public sealed class ShardFormatException : ShardException
{
    internal ShardFormatException(ShardFormatError error, string message, string? shardUrl, long offset, string? memberName, Exception? innerException = null)
        : base(message, shardUrl, offset, memberName, innerException)
    {
        Error = error;
    }

    /// <summary>What kind of problem was found.</summary>
    public ShardFormatError Error { get; }
}
