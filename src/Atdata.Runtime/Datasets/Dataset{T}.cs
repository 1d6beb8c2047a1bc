using System.Runtime.CompilerServices;

namespace Atdata;

/// <summary>
/// A typed dataset (Python's <c>Dataset[T]</c>): a list of WebDataset tar shards whose samples are
/// <typeparamref name="T"/>, read as an asynchronous stream.
/// </summary>
/// <typeparam name="T">The sample type: a <see cref="PackableAttribute"/> record.</typeparam>
/// <remarks>
/// A dataset holds no open resources: every enumeration opens the shards it reads and closes them when it
/// ends, so one instance can be enumerated many times, concurrently.
/// </remarks>
public sealed class Dataset<T>
    where T : IPackable<T>
{
    /// <summary>Creates a dataset over a URL or brace pattern (<c>data-{000000..000009}.tar</c>): local paths, <c>file://</c> and <c>http(s)://</c>.</summary>
    /// <exception cref="ShardSourceException">The URL's scheme is not supported.</exception>
    public Dataset(string url, ShardSourceOptions? sourceOptions = null)
        : this(ShardSources.FromUrl(url ?? throw new ArgumentNullException(nameof(url)), sourceOptions), url)
    {
    }

    /// <summary>Creates a dataset over a custom shard source.</summary>
    public Dataset(IShardSource source, string? url = null, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        Url = url ?? string.Join(" ", source.ListShards());
        Options = options ?? DatasetOptions.Default;
    }

    /// <summary>The URL (or brace pattern) the dataset was created from.</summary>
    public string Url { get; }

    /// <summary>Where the shards come from.</summary>
    public IShardSource Source { get; }

    /// <summary>How shards are read.</summary>
    public DatasetOptions Options { get; }

    /// <summary>The expanded shard URLs, in order.</summary>
    public IReadOnlyList<string> ShardList => Source.ListShards();

    /// <summary>The sample type's schema name.</summary>
    public static string SampleTypeName => T.SchemaName;

    /// <summary>Streams every sample, shard by shard in order (Python's <c>ordered(batch_size=None)</c>).</summary>
    /// <exception cref="ShardException">A shard is malformed, truncated or fails its checksum.</exception>
    /// <exception cref="SampleFormatException">A sample does not decode as <typeparamref name="T"/>.</exception>
    public async IAsyncEnumerable<T> Ordered([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (string shard in ShardList)
        {
            await foreach (var sample in ShardReader.ReadAsync(Source, shard, Options.ReaderOptions, cancellationToken).ConfigureAwait(false))
            {
                // The sample's bytes are only valid until the reader advances: decode before yielding.
                yield return sample.Unpack<T>(Options.SampleOptions);
            }
        }
    }
}
