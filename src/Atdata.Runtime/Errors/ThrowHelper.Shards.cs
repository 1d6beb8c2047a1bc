using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Atdata;

/// <summary>Shard, source and URL errors.</summary>
internal static partial class ThrowHelper
{
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowShardFormat(ShardFormatError error, string message, string? shardUrl, long offset, string? memberName = null)
        => throw new ShardFormatException(error, message, shardUrl, offset, memberName);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowShardTruncated(string message, string? shardUrl, long offset, string? memberName = null)
        => throw new ShardTruncatedException(message, shardUrl, offset, memberName);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowShardIntegrity(string message, string? shardUrl, long offset, string? memberName = null, string? expectedSha256 = null, string? actualSha256 = null)
        => throw new ShardIntegrityException(message, shardUrl, offset, memberName, expectedSha256, actualSha256);

    public static ShardSourceException ShardSource(ShardSourceError error, string message, string? url, int? statusCode = null, Exception? inner = null)
        => new(error, message, url is null ? null : Urls.ShardUrl.Redact(url), statusCode, inner);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowShardSource(ShardSourceError error, string message, string? url, int? statusCode = null, Exception? inner = null)
        => throw ShardSource(error, message, url, statusCode, inner);
}
