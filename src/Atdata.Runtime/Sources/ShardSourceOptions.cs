namespace Atdata;

/// <summary>Settings of <see cref="ShardSources.FromUrl"/>.</summary>
public sealed record ShardSourceOptions
{
    /// <summary>The client for http(s) URLs; null for a shared one. Never disposed by the sources.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>
    /// Extra URL schemes (lower-case, without <c>:</c>, for example <c>s3</c>) and the factory that builds a source
    /// for a URL pattern of that scheme. This is how storage packages add schemes; nothing else is allowed. The empty
    /// string claims URLs without a scheme (otherwise local paths), for storage whose URLs carry none, such as the
    /// legacy Repo's <c>{bucket}/{key}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, Func<string, IShardSource>>? Schemes { get; init; }
}
