using Atdata.Urls;

namespace Atdata.Local;

/// <summary>
/// Reads <c>s3://{bucket}/{key}</c> shards (or, for legacy Repo entries, scheme-less <c>{bucket}/{key}</c> ones)
/// with signed GetObject requests (private buckets included), streaming each body as it arrives. Only URLs in the
/// store's bucket are accepted. Opening retries with bounds; a failure becomes a <see cref="ShardSourceException"/>
/// whose inner exception is the <see cref="StorageException"/>.
/// </summary>
internal sealed class S3ShardSource : IShardSource
{
    private readonly S3Client _client;
    private readonly string _bucket;
    private readonly string[] _shards;
    private readonly bool _schemeless;

    /// <param name="client">The signing client.</param>
    /// <param name="bucket">The only bucket read.</param>
    /// <param name="urls">The shard URLs, brace patterns already expanded.</param>
    /// <param name="schemeless">Whether the URLs are legacy Repo's <c>{bucket}/{key}</c> rather than <c>s3://{bucket}/{key}</c>.</param>
    public S3ShardSource(S3Client client, string bucket, IEnumerable<string> urls, bool schemeless = false)
    {
        _client = client;
        _bucket = bucket;
        _schemeless = schemeless;
        _shards = Sources.ShardList.Create(urls, url => Parse(url, bucket, schemeless), nameof(urls));
    }

    public IReadOnlyList<string> ListShards() => _shards;

    public async ValueTask<Stream> OpenShardAsync(string shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        string key = Parse(shard, _bucket, _schemeless);
        HttpResponseMessage response;
        try
        {
            response = await _client.GetObjectAsync(_bucket, key, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException ex)
        {
            var error = ex.StatusCode switch
            {
                404 => ShardSourceError.NotFound,
                401 or 403 => ShardSourceError.AccessDenied,
                null => ShardSourceError.ReadFailed,
                _ => ShardSourceError.HttpStatus,
            };
            throw ThrowHelper.ShardSource(error, ex.Message, shard, ex.StatusCode, ex);
        }

        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new HttpBodyStream(response, body, shard, "Reading the S3 object body failed");
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The key of <paramref name="url"/> (<c>s3://{bucket}/{key}</c>, or <c>{bucket}/{key}</c> when <paramref name="schemeless"/>), checking the bucket.</summary>
    internal static string Parse(string url, string bucket, bool schemeless = false)
    {
        if (!(schemeless ? TrySplitSchemeless(url, out string? b, out string? key) : TrySplit(url, out b, out key)))
        {
            ThrowHelper.ThrowShardSource(ShardSourceError.InvalidUrl, schemeless ? "A legacy Repo shard URL must look like bucket/key" : "An S3 shard URL must look like s3://bucket/key", url);
        }

        if (!string.Equals(b, bucket, StringComparison.Ordinal))
        {
            ThrowHelper.ThrowShardSource(ShardSourceError.AccessDenied, $"The shard is not in the store's bucket '{bucket}'", url);
        }

        return key!;
    }

    internal static bool TrySplit(string url, out string? bucket, out string? key)
    {
        bucket = key = null;
        return url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && TrySplitAt(url, 5, out bucket, out key);
    }

    /// <summary>Splits legacy Repo's <c>{bucket}/{key}</c> (no scheme: the first path component is the bucket).</summary>
    internal static bool TrySplitSchemeless(string url, out string? bucket, out string? key)
    {
        bucket = key = null;
        return ShardUrl.GetScheme(url) is null && !url.StartsWith('/') && TrySplitAt(url, 0, out bucket, out key);
    }

    private static bool TrySplitAt(string url, int start, out string? bucket, out string? key)
    {
        bucket = key = null;
        int slash = url.IndexOf('/', start);
        if (slash <= start || slash == url.Length - 1)
        {
            return false;
        }

        bucket = url[start..slash];
        key = NormalizeKey(url[(slash + 1)..]);
        return key.Length > 0;
    }

    // Python derives the key with path normalisation: repeated slashes collapse.
    internal static string NormalizeKey(string key)
    {
        while (key.Contains("//", StringComparison.Ordinal))
        {
            key = key.Replace("//", "/", StringComparison.Ordinal);
        }

        return key.Trim('/');
    }
}
