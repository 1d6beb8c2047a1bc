using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Atdata.Local;

/// <summary>
/// The few S3 REST calls the store makes, signed with AWS Signature V4 (path-style) over <see cref="HttpClient"/>.
/// </summary>
/// <remarks>
/// Why not Minio 7.0.0 (the client the project otherwise names): its multipart primitives (new upload, put part,
/// complete, list uploads) are private, its own multipart upload never aborts after a failed part, it has no
/// retries, it turns an empty HTTP 500 into a NullReferenceException, it signs every part with a SHA-256 of the
/// body (which caps uploads at the hash rate, performance guide G7), and it brings NativeAOT trimming warnings.
/// This client sends part and object bodies as <c>UNSIGNED-PAYLOAD</c>, retries only idempotent steps, and turns
/// every failure into a <see cref="StorageException"/> whose message holds no credential. It uses no reflection.
/// </remarks>
internal sealed class S3Client : IDisposable
{
    internal const string Backend = "s3";
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private const int MaxErrorBody = 64 * 1024;

    private readonly S3Credentials _credentials;
    private readonly S3DataStoreOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string _baseUrl;
    private readonly string _basePath;
    private (string Date, byte[] Key) _signingKey = (string.Empty, []);

    public S3Client(S3Credentials credentials, S3DataStoreOptions options)
    {
        _credentials = credentials;
        _options = options;
        var endpoint = new Uri(credentials.EffectiveEndpoint);
        _baseUrl = endpoint.GetLeftPart(UriPartial.Authority);
        _basePath = endpoint.AbsolutePath.TrimEnd('/');
        if (options.HttpClient is { } client)
        {
            _http = client;
        }
        else
        {
            _http = new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.None,
                MaxConnectionsPerServer = 64,
            })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            _ownsHttp = true;
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    public async Task CreateBucketAsync(string bucket, CancellationToken ct)
    {
        using var r = await SendAsync("CreateBucket", HttpMethod.Put, bucket, null, null, null, idempotent: true, ct, okStatus: 409).ConfigureAwait(false);
    }

    public async Task PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        using var r = await SendAsync("PutObject", HttpMethod.Put, bucket, key, null, () => new ReadOnlyMemoryContent(body), idempotent: true, ct).ConfigureAwait(false);
    }

    // Not idempotent in principle (a lost answer leaves an upload nobody knows of), but such an upload holds no
    // visible object and GcAsync aborts it once stale; retrying keeps a flaky first request from failing the insert.
    public async Task<string> CreateMultipartUploadAsync(string bucket, string key, CancellationToken ct)
    {
        using var r = await SendAsync("CreateMultipartUpload", HttpMethod.Post, bucket, key, [new("uploads", "")], null, idempotent: true, ct).ConfigureAwait(false);
        var doc = await ReadXmlAsync(r, "CreateMultipartUpload", bucket, key, ct).ConfigureAwait(false);
        return Child(doc.Root, "UploadId") is { Length: > 0 } id
            ? id
            : throw Error("CreateMultipartUpload", bucket, key, "S3 CreateMultipartUpload answered without an UploadId");
    }

    // Parts are idempotent by number: a retried part replaces the earlier one.
    public async Task<string> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        using var r = await SendAsync(
            "UploadPart",
            HttpMethod.Put,
            bucket,
            key,
            [new("partNumber", partNumber.ToString(CultureInfo.InvariantCulture)), new("uploadId", uploadId)],
            () => new ReadOnlyMemoryContent(body),
            idempotent: true,
            ct).ConfigureAwait(false);
        string? etag = r.Headers.ETag?.Tag ?? (r.Headers.TryGetValues("ETag", out var values) ? values.FirstOrDefault() : null);
        return string.IsNullOrWhiteSpace(etag) || etag == "\"\""
            ? throw Error("UploadPart", bucket, key, $"S3 UploadPart {partNumber} answered without an ETag; the upload is abandoned", (int)r.StatusCode)
            : etag;
    }

    // Sent once: a Complete whose answer is lost may have succeeded, so instead of re-sending it blindly the object
    // is looked up (keys hold a fresh uuid, so an object under the key can only come from this upload).
    public async Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<string> etags, CancellationToken ct)
    {
        var xml = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < etags.Count; i++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<Part><PartNumber>{i + 1}</PartNumber><ETag>{SecurityElementEscape(etags[i])}</ETag></Part>");
        }

        byte[] body = Encoding.UTF8.GetBytes(xml.Append("</CompleteMultipartUpload>").ToString());
        try
        {
            using var r = await SendAsync("CompleteMultipartUpload", HttpMethod.Post, bucket, key, [new("uploadId", uploadId)], () => new ByteArrayContent(body), idempotent: false, ct, payloadHash: Convert.ToHexStringLower(SHA256.HashData(body))).ConfigureAwait(false);

            // S3 may answer 200 and report the failure in the body.
            var doc = await ReadXmlAsync(r, "CompleteMultipartUpload", bucket, key, ct).ConfigureAwait(false);
            if (doc.Root?.Name.LocalName == "Error")
            {
                string? code = Child(doc.Root, "Code");
                throw Error("CompleteMultipartUpload", bucket, key, $"S3 CompleteMultipartUpload failed ({code})", 200, code);
            }
        }
        catch (StorageException ex) when (ex.StatusCode is null or >= 500 && !ct.IsCancellationRequested)
        {
            if (await HeadObjectAsync(bucket, key, ct).ConfigureAwait(false) is null)
            {
                throw;
            }
        }
    }

    public async Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken ct)
    {
        using var r = await SendAsync("AbortMultipartUpload", HttpMethod.Delete, bucket, key, [new("uploadId", uploadId)], null, idempotent: true, ct, okStatus: 404).ConfigureAwait(false);
    }

    /// <summary>The object's length, or null when it does not exist.</summary>
    public async Task<long?> HeadObjectAsync(string bucket, string key, CancellationToken ct)
    {
        using var r = await SendAsync("HeadObject", HttpMethod.Head, bucket, key, null, null, idempotent: true, ct, okStatus: 404).ConfigureAwait(false);
        return r.StatusCode == HttpStatusCode.NotFound ? null : r.Content.Headers.ContentLength ?? 0;
    }

    /// <summary>The response with the body not yet read; the caller disposes it.</summary>
    public Task<HttpResponseMessage> GetObjectAsync(string bucket, string key, CancellationToken ct)
        => SendAsync("GetObject", HttpMethod.Get, bucket, key, null, null, idempotent: true, ct, completion: HttpCompletionOption.ResponseHeadersRead);

    public async Task DeleteObjectAsync(string bucket, string key, CancellationToken ct)
    {
        using var r = await SendAsync("DeleteObject", HttpMethod.Delete, bucket, key, null, null, idempotent: true, ct, okStatus: 404).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<(string Key, long Size, DateTimeOffset LastModified)> ListObjectsAsync(string bucket, string? prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        string? token = null;
        do
        {
            List<KeyValuePair<string, string>> query = [new("list-type", "2")];
            if (!string.IsNullOrEmpty(prefix))
            {
                query.Add(new("prefix", prefix));
            }

            if (token is not null)
            {
                query.Add(new("continuation-token", token));
            }

            XDocument doc;
            using (var r = await SendAsync("ListObjectsV2", HttpMethod.Get, bucket, null, query, null, idempotent: true, ct).ConfigureAwait(false))
            {
                doc = await ReadXmlAsync(r, "ListObjectsV2", bucket, prefix, ct).ConfigureAwait(false);
            }

            foreach (var c in doc.Root!.Elements().Where(e => e.Name.LocalName == "Contents"))
            {
                yield return (Child(c, "Key") ?? string.Empty, long.Parse(Child(c, "Size") ?? "0", CultureInfo.InvariantCulture), ParseDate(Child(c, "LastModified")));
            }

            token = Child(doc.Root, "IsTruncated") == "true" ? Child(doc.Root, "NextContinuationToken") : null;
        }
        while (token is not null);
    }

    public async IAsyncEnumerable<(string Key, string UploadId, DateTimeOffset Initiated)> ListMultipartUploadsAsync(string bucket, string? prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        string? keyMarker = null, idMarker = null;
        while (true)
        {
            List<KeyValuePair<string, string>> query = [new("uploads", "")];
            if (!string.IsNullOrEmpty(prefix))
            {
                query.Add(new("prefix", prefix));
            }

            if (keyMarker is not null)
            {
                query.Add(new("key-marker", keyMarker));
                query.Add(new("upload-id-marker", idMarker ?? string.Empty));
            }

            XDocument doc;
            using (var r = await SendAsync("ListMultipartUploads", HttpMethod.Get, bucket, null, query, null, idempotent: true, ct).ConfigureAwait(false))
            {
                doc = await ReadXmlAsync(r, "ListMultipartUploads", bucket, prefix, ct).ConfigureAwait(false);
            }

            foreach (var u in doc.Root!.Elements().Where(e => e.Name.LocalName == "Upload"))
            {
                yield return (Child(u, "Key") ?? string.Empty, Child(u, "UploadId") ?? string.Empty, ParseDate(Child(u, "Initiated")));
            }

            if (Child(doc.Root, "IsTruncated") != "true")
            {
                yield break;
            }

            keyMarker = Child(doc.Root, "NextKeyMarker");
            idMarker = Child(doc.Root, "NextUploadIdMarker");
            if (string.IsNullOrEmpty(keyMarker))
            {
                yield break;
            }
        }
    }

    internal static StorageException Error(string operation, string? bucket, string? key, string message, int? status = null, string? code = null, Exception? inner = null)
        => ThrowHelper.Storage(Backend, operation, bucket, key, $"{message} (bucket '{bucket}', key '{key}')", status, code, inner);

    // Sends one request, retrying idempotent ones on transport errors, timeouts and HTTP 408/429/5xx with
    // exponential backoff and jitter. Returns a 2xx response (or one with okStatus); throws StorageException otherwise.
    private async Task<HttpResponseMessage> SendAsync(
        string operation,
        HttpMethod method,
        string bucket,
        string? key,
        IReadOnlyList<KeyValuePair<string, string>>? query,
        Func<HttpContent>? content,
        bool idempotent,
        CancellationToken ct,
        int okStatus = 0,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead,
        string? payloadHash = null)
    {
        string canonicalQuery = query is null ? string.Empty : string.Join('&', query.Select(p => $"{Encode(p.Key, true)}={Encode(p.Value, true)}").Order(StringComparer.Ordinal));
        string path = _basePath + "/" + Encode(bucket, true) + (key is null ? string.Empty : "/" + Encode(key, false));
        var uri = new Uri(_baseUrl + path + (canonicalQuery.Length > 0 ? "?" + canonicalQuery : string.Empty), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        payloadHash ??= content is null ? EmptySha256 : UnsignedPayload;
        int attempts = idempotent ? _options.MaxAttempts : 1;
        for (int attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.RequestTimeout);
            HttpResponseMessage? response = null;
            int? status = null;
            string? code = null;
            try
            {
                using var request = new HttpRequestMessage(method, uri) { Content = content?.Invoke() };
                Sign(request, method.Method, path, canonicalQuery, payloadHash);
                response = await _http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode || (int)response.StatusCode == okStatus)
                {
                    return response;
                }

                status = (int)response.StatusCode;
                code = await ReadErrorCodeAsync(response, timeout.Token).ConfigureAwait(false);
                response.Dispose();
                if (!(status is 408 or 429 or >= 500) || attempt >= attempts)
                {
                    string what = code is null ? $"HTTP {status}" : $"HTTP {status} ({code})";
                    throw Error(operation, bucket, key, $"S3 {operation} failed: {what}{AttemptsText(attempt)}", status, code);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                response?.Dispose();
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                // SocketException: a connection reset right after connect can surface unwrapped from the handler.
                response?.Dispose();
                if (attempt >= attempts)
                {
                    string what = ex is OperationCanceledException ? $"timed out after {_options.RequestTimeout.TotalSeconds:0.#} s" : ex is HttpRequestException h ? $"{h.HttpRequestError}" : "connection failed";
                    throw Error(operation, bucket, key, $"S3 {operation} failed: {what}{AttemptsText(attempt)}", inner: ex);
                }
            }

            double ms = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
            int jittered = (int)(ms * (0.5 + (RandomNumberGenerator.GetInt32(1000) / 1000.0)));
            await Task.Delay(jittered, ct).ConfigureAwait(false);
        }
    }

    private static string AttemptsText(int attempt) => attempt > 1 ? $" after {attempt} attempts" : string.Empty;

    private static async Task<string?> ReadErrorCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            if (response.Content.Headers.ContentLength is > MaxErrorBody)
            {
                return null;
            }

            string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (body.Length == 0 || body.Length > MaxErrorBody)
            {
                return null;
            }

            // Only the code is kept: S3 messages may echo the string to sign.
            return Child(XDocument.Parse(body).Root, "Code") is { Length: <= 64 } c && c.All(char.IsAsciiLetterOrDigit) ? c : null;
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    private static async Task<XDocument> ReadXmlAsync(HttpResponseMessage response, string operation, string bucket, string? key, CancellationToken ct)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return await XDocument.LoadAsync(stream, LoadOptions.None, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or HttpRequestException or IOException)
        {
            throw Error(operation, bucket, key, $"S3 {operation} answered with a body that is not valid XML", (int)response.StatusCode, inner: ex);
        }
    }

    private static string? Child(XElement? element, string name)
        => element?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static DateTimeOffset ParseDate(string? text)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : DateTimeOffset.MinValue;

    private static string SecurityElementEscape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    // SigV4 URI encoding: unreserved characters stay, everything else is %XX (upper case); '/' stays in paths.
    internal static string Encode(string value, bool encodeSlash)
    {
        var sb = new StringBuilder(value.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            int c = rune.Value;
            if (c < 128 && (char.IsAsciiLetterOrDigit((char)c) || c is '-' or '.' or '_' or '~' || (c == '/' && !encodeSlash)))
            {
                sb.Append((char)c);
                continue;
            }

            int n = rune.EncodeToUtf8(utf8);
            for (int i = 0; i < n; i++)
            {
                sb.Append('%').Append(utf8[i].ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private void Sign(HttpRequestMessage request, string method, string path, string canonicalQuery, string payloadHash)
    {
        var now = DateTimeOffset.UtcNow;
        string amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string date = amzDate[..8];
        string host = request.RequestUri!.Authority;
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        const string signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        string canonicalRequest = $"{method}\n{path}\n{canonicalQuery}\nhost:{host}\nx-amz-content-sha256:{payloadHash}\nx-amz-date:{amzDate}\n\n{signedHeaders}\n{payloadHash}";
        string scope = $"{date}/{_credentials.Region}/s3/aws4_request";
        string stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        string signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(date), Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={_credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    private byte[] SigningKey(string date)
    {
        var cached = _signingKey;
        if (cached.Date == date)
        {
            return cached.Key;
        }

        byte[] key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + _credentials.SecretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_credentials.Region));
        key = HMACSHA256.HashData(key, "s3"u8);
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        _signingKey = (date, key);
        return key;
    }
}
