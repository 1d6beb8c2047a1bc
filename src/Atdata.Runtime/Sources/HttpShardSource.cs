using System.Net;
using Atdata.Urls;

namespace Atdata;

/// <summary>
/// Shards served over <c>http://</c> or <c>https://</c>, streamed with <see cref="HttpClient"/> (the body is read
/// as it arrives, never buffered whole), with brace patterns (<c>https://host/train-{000000..000009}.tar</c>).
/// </summary>
/// <remarks>
/// A non-success status raises <see cref="ShardSourceException"/>; so do network failures while opening or while
/// the body is read. URLs in errors lose their user information and query string, which may carry credentials.
/// </remarks>
public sealed class HttpShardSource : IShardSource
{
    private static readonly Lazy<HttpClient> s_sharedClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    private readonly IReadOnlyList<string> _shards;
    private readonly HttpClient _client;

    /// <summary>A source over the URLs <paramref name="urlOrPattern"/> expands to.</summary>
    /// <param name="urlOrPattern">An http(s) URL, possibly with brace patterns.</param>
    /// <param name="httpClient">The client to use (not disposed by the source); null for a shared client without a timeout (cancel through the token).</param>
    /// <exception cref="ArgumentException">Unbalanced braces.</exception>
    /// <exception cref="ShardSourceException">A URL is not an absolute http or https URL.</exception>
    public HttpShardSource(string urlOrPattern, HttpClient? httpClient = null)
        : this(BraceExpansion.Expand(urlOrPattern ?? throw new ArgumentNullException(nameof(urlOrPattern))), httpClient)
    {
    }

    /// <summary>A source over the given URLs (no brace expansion).</summary>
    /// <exception cref="ShardSourceException">A URL is not an absolute http or https URL.</exception>
    public HttpShardSource(IEnumerable<string> shards, HttpClient? httpClient = null)
    {
        _shards = Sources.ShardList.Create(shards, shard => ToUri(shard), nameof(shards));
        _client = httpClient ?? s_sharedClient.Value;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListShards() => _shards;

    /// <inheritdoc/>
    public async ValueTask<Stream> OpenShardAsync(string shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var uri = ToUri(shard);
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw ThrowHelper.ShardSource(ShardSourceError.ReadFailed, $"The request failed: {ex.HttpRequestError}", shard, inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw ThrowHelper.ShardSource(ShardSourceError.ReadFailed, "The request timed out", shard, inner: ex);
        }

        if (!response.IsSuccessStatusCode)
        {
            int status = (int)response.StatusCode;
            response.Dispose();
            var error = status switch
            {
                404 or 410 => ShardSourceError.NotFound,
                401 or 403 => ShardSourceError.AccessDenied,
                _ => ShardSourceError.HttpStatus,
            };
            throw ThrowHelper.ShardSource(error, $"The server answered HTTP {status}", shard, status);
        }

        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new HttpBodyStream(response, body, shard, "Reading the response body failed");
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static Uri ToUri(string shard)
    {
        string? scheme = ShardUrl.GetScheme(shard);
        if (scheme is not ("http" or "https"))
        {
            ThrowHelper.ThrowShardSource(ShardSourceError.UnsupportedScheme, $"An HTTP shard source takes http:// and https:// URLs, not '{scheme ?? "path"}'", shard);
        }

        if (!Uri.TryCreate(shard, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            ThrowHelper.ThrowShardSource(ShardSourceError.InvalidUrl, "The shard URL is not a valid absolute URL", shard);
        }

        return uri;
    }
}
