using System.Globalization;

namespace Atdata.Local;

/// <summary>
/// Stores shards as files under a root directory, named as Python's <c>LocalDiskStore</c> names them
/// (interop §2.4): <c>{root}/{prefix}/data--{first 8 hex of a uuid4}--%06d.tar</c>. URLs are absolute paths.
/// </summary>
/// <remarks>
/// Every shard goes through <see cref="ShardWriter"/>: written under a temporary name, flushed, then renamed, so
/// a reader never sees a partial shard. Samples are copied member for member (keys and msgpack bytes kept).
/// A failed or cancelled write deletes the shards it finished. Thread-safe.
/// </remarks>
public sealed class LocalDiskStore : IDataStore
{
    /// <summary>Creates a store under <paramref name="root"/>; null for <c>~/.atdata/data</c>.</summary>
    public LocalDiskStore(string? root = null)
    {
        Root = Path.GetFullPath(root ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".atdata", "data"));
    }

    /// <summary>The absolute root directory.</summary>
    public string Root { get; }

    /// <inheritdoc/>
    public bool SupportsStreaming => true;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The prefix is empty, absolute, or has an empty, <c>.</c> or <c>..</c> segment or a character outside <c>A–Z a–z 0–9 . _ -</c>.</exception>
    public async Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(dataset);
        string directory = ResolvePrefix(prefix);
        Directory.CreateDirectory(directory);
        string id = Guid.NewGuid().ToString("N")[..8];
        // The root may hold '%' (the prefix cannot): escape it for the printf-style pattern.
        string pattern = Path.Combine(directory.Replace("%", "%%", StringComparison.Ordinal), $"data--{id}--%06d.tar");

        var writer = new ShardWriter(pattern, options);
        try
        {
            foreach (string shard in dataset.ShardList)
            {
                await foreach (var sample in ShardReader.ReadAsync(dataset.Source, shard, dataset.Options.ReaderOptions, cancellationToken).ConfigureAwait(false))
                {
                    await writer.WriteAsync(sample.Key, sample.Msgpack, cancellationToken).ConfigureAwait(false);
                }
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await writer.AbortAsync().ConfigureAwait(false);
            DeleteFiles(writer.ShardUrls);
            throw;
        }
        finally
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        return new StoredShards(writer.ShardUrls.ToArray(), new Dictionary<string, string>(writer.Checksums, StringComparer.Ordinal), writer.Shards.ToArray());
    }

    /// <inheritdoc/>
    public IShardSource OpenSource(IReadOnlyList<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return new FileShardSource(urls);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A URL is not a file under <see cref="Root"/> (nothing is deleted then).</exception>
    public Task DeleteAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (string url in urls)
        {
            if (!IsUnder(url, Root))
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not under the store root; nothing was deleted.", url), nameof(urls));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        DeleteFiles(urls);
        return Task.CompletedTask;
    }

    private static void DeleteFiles(IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            File.Delete(path);
        }
    }

    private string ResolvePrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var segments = prefix.Split('/');
        foreach (string segment in segments)
        {
            if (segment is "" or "." or ".." || segment.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
            {
                throw new ArgumentException($"The prefix '{prefix}' must be a relative path of segments made of A-Z, a-z, 0-9, '.', '_' and '-' (no '.' or '..' segment).", nameof(prefix));
            }
        }

        return Path.Combine([Root, .. segments]);
    }

    /// <summary>Whether <paramref name="path"/>, once normalised (so <c>..</c> cannot escape), lies under <paramref name="directory"/>.</summary>
    internal static bool IsUnder(string path, string directory)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
    }
}
