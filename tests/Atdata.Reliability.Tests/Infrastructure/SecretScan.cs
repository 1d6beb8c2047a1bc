using System.Collections.Concurrent;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>
/// Case S1: canary credentials the tests put into their configurations, and everything the tests captured
/// (exception messages and ToString(), option descriptions, console output). Nothing captured may contain a canary.
/// </summary>
internal static class SecretScan
{
    /// <summary>The Redis password of every private redis-server (F4–F6) and the S1 configurations.</summary>
    public const string RedisPassword = "canary-redis-pw-7f3b9c2e51";

    /// <summary>The S3 secret key of the S1 configurations (the real server rejects it, which is the point).</summary>
    public const string S3Secret = "canary-s3-secret-c0ffee9d41a8";

    private static readonly ConcurrentQueue<string> s_captured = new();

    public static IReadOnlyCollection<string> Captured => s_captured;

    /// <summary>Records an exception and its whole inner chain (message and ToString()).</summary>
    public static void Record(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            s_captured.Enqueue(e.Message);
            s_captured.Enqueue(e.ToString());
        }
    }

    public static void Record(string? text)
    {
        if (text is not null)
        {
            s_captured.Enqueue(text);
        }
    }

    /// <summary>The captured texts that contain a canary.</summary>
    public static List<string> Leaks() => [.. s_captured.Where(t => t.Contains(RedisPassword, StringComparison.Ordinal) || t.Contains(S3Secret, StringComparison.Ordinal))];
}
