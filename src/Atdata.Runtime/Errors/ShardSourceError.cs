namespace Atdata;

/// <summary>The category of a <see cref="ShardSourceException"/>.</summary>
public enum ShardSourceError
{
    /// <summary>The URL's scheme is not allowed (anything but a path, <c>file://</c>, <c>http://</c>, <c>https://</c> and registered schemes; <c>pipe:</c> never).</summary>
    UnsupportedScheme,

    /// <summary>The URL or path is malformed for its scheme.</summary>
    InvalidUrl,

    /// <summary>The shard does not exist (a missing file, HTTP 404 or 410).</summary>
    NotFound,

    /// <summary>Access was refused (file permissions, HTTP 401 or 403).</summary>
    AccessDenied,

    /// <summary>The server answered with another non-success status.</summary>
    HttpStatus,

    /// <summary>Opening or reading the shard failed (network error, I/O error); the inner exception says why.</summary>
    ReadFailed,

    /// <summary>
    /// The URL is outside what its caller allows: an index entry's URL that is neither in the index's data store nor
    /// under an allowed prefix (a hostile or mistaken index must not make a reader open <c>/etc</c> or an internal host).
    /// </summary>
    NotAllowed,
}
