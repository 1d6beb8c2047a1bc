using Atdata.Urls;

namespace Atdata;

/// <summary>Picks the shard source for a URL by its scheme, from an allowlist.</summary>
public static class ShardSources
{
    /// <summary>
    /// The source for <paramref name="urlOrPattern"/>: a plain path or <c>file://</c> URL gives a
    /// <see cref="FileShardSource"/>, <c>http://</c> or <c>https://</c> an <see cref="HttpShardSource"/>, and a scheme
    /// registered in <see cref="ShardSourceOptions.Schemes"/> its own source (the empty scheme, when registered, takes
    /// plain paths instead of <see cref="FileShardSource"/>). Every other scheme is refused,
    /// <c>pipe:</c> (a shell command in webdataset) included.
    /// </summary>
    /// <exception cref="ArgumentException">Unbalanced braces.</exception>
    /// <exception cref="ShardSourceException">The scheme is not allowed, or the pattern mixes schemes.</exception>
    public static IShardSource FromUrl(string urlOrPattern, ShardSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(urlOrPattern);
        string? scheme = ShardUrl.GetScheme(urlOrPattern);
        if (options?.Schemes is { } custom && custom.TryGetValue(scheme ?? string.Empty, out var factory))
        {
            return factory(urlOrPattern);
        }

        var shards = BraceExpansion.Expand(urlOrPattern);
        foreach (var shard in shards)
        {
            if (ShardUrl.GetScheme(shard) != scheme)
            {
                ThrowHelper.ThrowShardSource(ShardSourceError.InvalidUrl, "A shard pattern must not mix URL schemes", urlOrPattern);
            }
        }

        return scheme switch
        {
            null or "file" => new FileShardSource(shards),
            "http" or "https" => new HttpShardSource(shards, options?.HttpClient),
            _ => throw ThrowHelper.ShardSource(ShardSourceError.UnsupportedScheme, $"The URL scheme '{scheme}:' is not allowed for shards (allowed: paths, file://, http://, https://{RegisteredSchemes(options)})", urlOrPattern),
        };
    }

    private static string RegisteredSchemes(ShardSourceOptions? options)
        => options?.Schemes?.Keys.Where(k => k.Length > 0).Order(StringComparer.Ordinal).ToArray() is { Length: > 0 } schemes
            ? ", " + string.Join(", ", schemes.Select(s => s + "://"))
            : string.Empty;
}
