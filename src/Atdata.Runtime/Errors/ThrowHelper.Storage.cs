namespace Atdata;

/// <summary>Storage backend errors.</summary>
internal static partial class ThrowHelper
{
    public static StorageException Storage(string backend, string operation, string? bucket, string? key, string message, int? statusCode = null, string? errorCode = null, Exception? inner = null)
        => new(backend, operation, bucket, key, message, statusCode, errorCode, inner);
}
