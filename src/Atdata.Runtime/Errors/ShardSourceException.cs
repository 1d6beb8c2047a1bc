namespace Atdata;

/// <summary>
/// A shard could not be listed or opened, or its stream failed while being read: an unsupported URL scheme, a
/// missing file, an HTTP error status or a network failure.
/// </summary>
/// <remarks>
/// <see cref="Url"/> and the message never carry credentials: user information and query strings (which may
/// hold presigned signatures) are removed.
/// </remarks>
public sealed class ShardSourceException : AtdataException
{
    internal ShardSourceException(ShardSourceError error, string message, string? url, int? statusCode = null, Exception? innerException = null)
        : base(url is null ? message : $"{message} (shard '{url}')", innerException)
    {
        Error = error;
        Url = url;
        StatusCode = statusCode;
    }

    /// <summary>What kind of problem was found.</summary>
    public ShardSourceError Error { get; }

    /// <summary>The shard URL or path, without credentials or query string, when known.</summary>
    public string? Url { get; }

    /// <summary>The HTTP status code, for <see cref="ShardSourceError.HttpStatus"/>, <see cref="ShardSourceError.NotFound"/> and <see cref="ShardSourceError.AccessDenied"/> from HTTP.</summary>
    public int? StatusCode { get; }
}
