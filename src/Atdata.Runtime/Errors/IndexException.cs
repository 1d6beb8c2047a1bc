namespace Atdata;

/// <summary>
/// The dataset index (Redis, SQLite) could not be read or written: the server is unreachable, a command timed
/// out, or a stored value is malformed. When an insert fails after its shards were written,
/// <see cref="OrphanedUrls"/> lists the shards that could not be removed (an empty list means the insert
/// removed everything it wrote).
/// </summary>
public sealed class IndexException : AtdataException
{
    internal IndexException(string operation, string message, Exception? innerException = null, IReadOnlyList<string>? orphanedUrls = null)
        : base(message, innerException)
    {
        Operation = operation;
        OrphanedUrls = orphanedUrls ?? [];
    }

    /// <summary>The index operation that failed (for example <c>insert</c>, <c>get</c>, <c>list</c>).</summary>
    public string Operation { get; }

    /// <summary>Shards written by a failed insert that could not be deleted; a pending record lets <c>GcAsync</c> remove them later.</summary>
    public IReadOnlyList<string> OrphanedUrls { get; }
}
