using Atdata.Urls;

namespace Atdata.Local;

/// <summary>
/// Which shard URLs of an index entry a reader may open (reliability S2): URLs come from whoever wrote the index,
/// so only the index's own data store (its bucket, its root directory) and the prefixes the user allowed in
/// <see cref="LocalIndexOptions.AllowedUrlPrefixes"/> are opened. Anything else — <c>file:///etc/…</c>, a path
/// outside the store, <c>http://169.254.169.254/…</c>, <c>pipe:</c> — is refused before any I/O.
/// </summary>
internal static class IndexUrlPolicy
{
    /// <exception cref="ShardSourceException">A URL (after brace expansion) is not allowed (<see cref="ShardSourceError.NotAllowed"/>).</exception>
    public static void EnsureAllowed(IReadOnlyList<string> urls, IDataStore? store, IReadOnlyList<string> allowedPrefixes)
    {
        foreach (string url in urls.SelectMany(BraceExpansion.Expand))
        {
            if (!InStore(url, store) && !UnderPrefix(url, allowedPrefixes))
            {
                ThrowHelper.ThrowShardSource(ShardSourceError.NotAllowed,
                    "The index entry's shard URL is outside the index's data store and LocalIndexOptions.AllowedUrlPrefixes", url);
            }
        }
    }

    private static bool InStore(string url, IDataStore? store) => store switch
    {
        S3DataStore s3 => url.StartsWith($"s3://{s3.Bucket}/", StringComparison.Ordinal),
        LegacyRepoStore legacy => url.StartsWith($"{legacy.Bucket}/", StringComparison.Ordinal)
                                  || url.StartsWith($"s3://{legacy.Bucket}/", StringComparison.Ordinal),
        LocalDiskStore disk => LocalPath(url) is { } path && LocalDiskStore.IsUnder(path, disk.Root),
        _ => false,
    };

    private static bool UnderPrefix(string url, IReadOnlyList<string> prefixes)
    {
        foreach (string prefix in prefixes)
        {
            bool allowed = LocalPath(prefix) is { } prefixPath
                ? LocalPath(url) is { } path && LocalDiskStore.IsUnder(path, prefixPath)
                : Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsoluteUri.StartsWith(prefix, StringComparison.Ordinal);
            if (allowed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The path a file shard source would open for a plain path or <c>file://</c> URL (the same conversion, so the
    /// check and the read cannot disagree); null for other schemes.
    /// </summary>
    private static string? LocalPath(string url)
        => ShardUrl.GetScheme(url) is null or "file" && url.Length > 0 && !url.Equals("file://", StringComparison.OrdinalIgnoreCase)
            ? FileShardSource.ToPath(url)
            : null;
}
