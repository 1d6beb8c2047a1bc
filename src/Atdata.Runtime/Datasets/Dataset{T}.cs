namespace Atdata;

/// <summary>
/// A typed dataset (Python's <c>Dataset[T]</c>): a list of WebDataset tar shards whose samples are
/// <typeparamref name="T"/>, read as an asynchronous stream in order or shuffled, sample by sample or in batches.
/// </summary>
/// <typeparam name="T">The sample type: a <see cref="PackableAttribute"/> record, or <see cref="DynamicSample"/> for schema-free reads.</typeparam>
/// <remarks>
/// <para>
/// A dataset holds no open resources: every enumeration opens the shards it reads (the current one and
/// <see cref="DatasetOptions.PrefetchShards"/> ahead) and closes them when it ends, so one instance can be
/// enumerated many times, concurrently.
/// </para>
/// <para>
/// <see cref="DatasetQuery{T}.Where"/>, <see cref="DatasetQuery{T}.Select{TResult}"/> and
/// <see cref="DatasetQuery{T}.Take"/> return queries that keep working with every read method, batched or not.
/// </para>
/// </remarks>
public sealed class Dataset<T> : DatasetQuery<T>
    where T : IPackable<T>
{
    private readonly DatasetRoot<T> _root;

    /// <summary>Creates a dataset over a URL or brace pattern (<c>data-{000000..000009}.tar</c>): local paths, <c>file://</c> and <c>http(s)://</c>.</summary>
    /// <exception cref="ShardSourceException">The URL's scheme is not supported.</exception>
    public Dataset(string url, ShardSourceOptions? sourceOptions = null)
        : this(ShardSources.FromUrl(url ?? throw new ArgumentNullException(nameof(url)), sourceOptions), url)
    {
    }

    /// <summary>Creates a dataset over a custom shard source.</summary>
    public Dataset(IShardSource source, string? url = null, DatasetOptions? options = null)
        : this(source, url, options, static (bytes, o) => Packer.Unpack<T>(bytes, o))
    {
    }

    /// <summary>
    /// Creates a dataset over a URL or brace pattern whose every sample is checked against <paramref name="schema"/>
    /// (for example one from <c>LocalIndex.DecodeSchemaAsync</c>) before it is decoded: a sample that does not match
    /// raises <see cref="SchemaMismatchException"/> listing every problem (or is skipped, as
    /// <see cref="DatasetOptions.ErrorPolicy"/> says).
    /// </summary>
    /// <remarks>
    /// Python's <c>Dataset[DictSample]</c> over a decoded schema type. For <see cref="DynamicSample"/> the check is
    /// the only extra work; a typed <typeparamref name="T"/> is decoded twice (once schema-free for the check).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> or <paramref name="schema"/> is null.</exception>
    /// <exception cref="ShardSourceException">The URL's scheme is not supported.</exception>
    public Dataset(string url, DynamicSchema schema, ShardSourceOptions? sourceOptions = null, DatasetOptions? options = null)
        : this(ShardSources.FromUrl(url ?? throw new ArgumentNullException(nameof(url)), sourceOptions), schema, url, options)
    {
    }

    /// <summary>Creates a dataset over a custom shard source whose every sample is checked against <paramref name="schema"/> (see <see cref="Dataset{T}(string, DynamicSchema, ShardSourceOptions?, DatasetOptions?)"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="schema"/> is null.</exception>
    public Dataset(IShardSource source, DynamicSchema schema, string? url = null, DatasetOptions? options = null)
        : this(source, url, options, SchemaChecked(schema ?? throw new ArgumentNullException(nameof(schema))))
    {
    }

    private Dataset(IShardSource source, string? url, DatasetOptions? options, SampleDecoder<T> decoder)
    {
        ArgumentNullException.ThrowIfNull(source);
        var shards = source.ListShards();
        _root = new DatasetRoot<T>(source, shards, [.. Enumerable.Range(0, shards.Count)], options ?? DatasetOptions.Default, decoder);
        Url = url ?? string.Join(" ", shards);
    }

    private Dataset(DatasetRoot<T> root, string url)
    {
        _root = root;
        Url = url;
    }

    /// <summary>The URL (or brace pattern) the dataset was created from.</summary>
    public string Url { get; }

    /// <summary>Where the shards come from.</summary>
    public IShardSource Source => _root.Source;

    /// <summary>How shards are read.</summary>
    public DatasetOptions Options => _root.Options;

    /// <summary>The shard URLs this dataset reads, in order (after <see cref="Partition"/>).</summary>
    public IReadOnlyList<string> ShardList => Array.ConvertAll(_root.Selected, i => _root.AllShards[i]);

    /// <summary>The sample type.</summary>
    public static Type SampleType => typeof(T);

    /// <summary>The sample type's schema name.</summary>
    public static string SampleTypeName => T.SchemaName;

    /// <summary>What this dataset's enumerations read and skipped (see <see cref="DatasetOptions.ErrorPolicy"/>).</summary>
    public override DatasetReadStatistics Statistics => _root.Statistics;

    /// <summary>The same shards read with other options (prefetch, parallelism, error policy…).</summary>
    public Dataset<T> WithOptions(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Dataset<T>(_root.WithOptions(options), Url);
    }

    /// <summary>
    /// The shards of one worker among <paramref name="worldSize"/> (multi-node training): those whose position
    /// in <see cref="ShardList"/> modulo <paramref name="worldSize"/> is <paramref name="rank"/>. The ranks'
    /// shards are disjoint and together are all the shards; a rank gets none when there are fewer shards than
    /// workers. Partitioning a partition splits it again.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="worldSize"/> is less than 1, or <paramref name="rank"/> is not in [0, worldSize).</exception>
    public Dataset<T> Partition(int rank, int worldSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(worldSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, worldSize);
        var selected = _root.Selected.Where((_, position) => position % worldSize == rank).ToArray();
        return new Dataset<T>(_root.WithSelection(selected), Url);
    }

    /// <summary>
    /// The same shards viewed as <typeparamref name="TView"/> through a lens from <see cref="LensRegistry.Default"/>:
    /// a direct lens, a chain of lenses, or, from <see cref="DynamicSample"/>, the generated <c>FromDynamic</c>.
    /// </summary>
    /// <exception cref="LensNotFoundException">No lens leads from <typeparamref name="T"/> to <typeparamref name="TView"/>.</exception>
    public Dataset<TView> AsType<TView>()
        where TView : IPackable<TView>
        => AsType<TView>(LensRegistry.Default);

    /// <summary>The same shards viewed as <typeparamref name="TView"/> through a lens from <paramref name="lenses"/>.</summary>
    /// <exception cref="LensNotFoundException">No lens leads from <typeparamref name="T"/> to <typeparamref name="TView"/>.</exception>
    public Dataset<TView> AsType<TView>(LensRegistry lenses)
        where TView : IPackable<TView>
    {
        ArgumentNullException.ThrowIfNull(lenses);
        var get = lenses.Resolve<T, TView>().Getter;
        var decode = _root.Decoder;
        return new Dataset<TView>(_root.With<TView>((bytes, options) => get(decode(bytes, options))), Url);
    }
    /// <summary>A decoder that validates each sample's map against <paramref name="schema"/> first.</summary>
    private static SampleDecoder<T> SchemaChecked(DynamicSchema schema)
        => (bytes, options) =>
        {
            // The check reads with owned memory: its arrays must outlive no pool lease.
            var raw = DynamicSample.Unpack(bytes);
            schema.EnsureValid(raw);
            return raw is T same ? same : Packer.Unpack<T>(bytes, options);
        };

    /// <inheritdoc/>
    public override string ToString() => $"Dataset<{typeof(T).Name}>({_root.Selected.Length} shards: {Url})";

    internal override IAsyncEnumerable<T> Run(ShuffleSettings? shuffle, CancellationToken cancellationToken)
        => Query(null).Run(shuffle, cancellationToken);

    private protected override DatasetQuery<T> WhereCore(Func<T, bool> predicate) => Query(null).Where(predicate);

    private protected override DatasetQuery<TResult> SelectCore<TResult>(Func<T, TResult> selector) => Query(null).Select(selector);

    private protected override DatasetQuery<T> TakeCore(long count) => Query(null).Take(count);

    private protected override DatasetQuery<T> WithCursorCore(DatasetCursor cursor) => Query(cursor);

    private PipelineQuery<T, T> Query(DatasetCursor? cursor) => new(_root, IdentityPipe<T>.Instance, cursor);
}
