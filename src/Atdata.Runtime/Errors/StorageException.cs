namespace Atdata;

/// <summary>
/// A storage backend (S3, Redis, SQLite, local disk) failed: a request was refused, timed out, was reset, or
/// answered something the SDK cannot accept, after any bounded retries of idempotent steps.
/// </summary>
/// <remarks>
/// The backend's own exception, when there is one, is the <see cref="Exception.InnerException"/>. Neither the
/// message nor any property ever carries a credential.
/// </remarks>
public sealed class StorageException : AtdataException
{
    internal StorageException(string backend, string operation, string? bucket, string? key, string message, int? statusCode = null, string? errorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Backend = backend;
        Operation = operation;
        Bucket = bucket;
        Key = key;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The backend that failed, for example <c>s3</c> or <c>redis</c>.</summary>
    public string Backend { get; }

    /// <summary>The step that failed, for example <c>UploadPart</c>, <c>GetObject</c> or <c>HSET</c>.</summary>
    public string Operation { get; }

    /// <summary>The S3 bucket (or the backend's equivalent container), when the step concerned one.</summary>
    public string? Bucket { get; }

    /// <summary>The object key (or index key), when the step concerned one.</summary>
    public string? Key { get; }

    /// <summary>The HTTP status of the last answer, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>The backend's error code (S3 <c>Code</c>, such as <c>NoSuchBucket</c>), when it sent one.</summary>
    public string? ErrorCode { get; }
}
