using Atdata.Urls;

namespace Atdata;

/// <summary>
/// Shards on the local file system, named by paths or <c>file://</c> URLs, with brace patterns
/// (<c>/data/train-{000000..000009}.tar</c>).
/// </summary>
/// <remarks>
/// A <c>file://</c> URL maps to its path by removing the <c>file://</c> prefix, as webdataset does
/// (<c>file:///data/a.tar</c> is <c>/data/a.tar</c>); no percent-decoding is applied.
/// </remarks>
public sealed class FileShardSource : IShardSource
{
    private readonly IReadOnlyList<string> _shards;

    /// <summary>A source over the shards <paramref name="urlOrPattern"/> expands to (see <see cref="BraceExpansion.Expand"/>).</summary>
    /// <exception cref="ArgumentException">Unbalanced braces.</exception>
    /// <exception cref="ShardSourceException">A URL is not a path or <c>file://</c> URL.</exception>
    public FileShardSource(string urlOrPattern)
        : this(BraceExpansion.Expand(urlOrPattern ?? throw new ArgumentNullException(nameof(urlOrPattern))))
    {
    }

    /// <summary>A source over the given shards (no brace expansion).</summary>
    /// <exception cref="ShardSourceException">A URL is not a path or <c>file://</c> URL.</exception>
    public FileShardSource(IEnumerable<string> shards)
    {
        _shards = Sources.ShardList.Create(shards, shard => ToPath(shard), nameof(shards));
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListShards() => _shards;

    /// <inheritdoc/>
    public ValueTask<Stream> OpenShardAsync(string shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        cancellationToken.ThrowIfCancellationRequested();
        string path = ToPath(shard);
        try
        {
            // Unbuffered: the shard reader does its own buffering.
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return ValueTask.FromResult(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw ThrowHelper.ShardSource(ShardSourceError.NotFound, "The shard file does not exist", shard, inner: ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw ThrowHelper.ShardSource(ShardSourceError.AccessDenied, "The shard file cannot be opened for reading", shard, inner: ex);
        }
        catch (IOException ex)
        {
            throw ThrowHelper.ShardSource(ShardSourceError.ReadFailed, "The shard file cannot be opened", shard, inner: ex);
        }
    }

    /// <summary>The file path for a path or <c>file://</c> URL.</summary>
    internal static string ToPath(string shard)
    {
        if (shard.Length == 0)
        {
            ThrowHelper.ThrowShardSource(ShardSourceError.InvalidUrl, "A shard path is empty", shard);
        }

        string? scheme = ShardUrl.GetScheme(shard);
        if (scheme is null)
        {
            return shard;
        }

        if (scheme == "file" && shard.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && shard.Length > "file://".Length)
        {
            return shard["file://".Length..];
        }

        ThrowHelper.ThrowShardSource(scheme == "file" ? ShardSourceError.InvalidUrl : ShardSourceError.UnsupportedScheme, $"A file shard source takes paths and file:// URLs, not '{scheme}:' URLs", shard);
        return shard;
    }
}
