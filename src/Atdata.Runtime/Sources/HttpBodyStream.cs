namespace Atdata;

/// <summary>
/// An HTTP response body handed to a shard reader: disposing it disposes the response, and a failed read
/// becomes a <see cref="ShardSourceException"/> naming the shard. Shared by the http(s) and s3 sources.
/// </summary>
internal sealed class HttpBodyStream(HttpResponseMessage response, Stream body, string url, string failureMessage) : Atdata.Shards.ForwardReadStream
{
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return body.Read(buffer);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw Failed(ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw Failed(ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }

    private ShardSourceException Failed(Exception ex)
        => ThrowHelper.ShardSource(ShardSourceError.ReadFailed, failureMessage, url, inner: ex);
}
