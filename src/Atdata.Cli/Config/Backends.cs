using Atdata.Local;

namespace Atdata.Cli.Config;

/// <summary>
/// The index, the data store and the shard-source options of one run, opened on first use and disposed with
/// the run. Shards go to S3 when a bucket is configured, else to local disk (<see cref="DiskRoot"/>).
/// </summary>
internal sealed class Backends(CliSettings settings, SecretScrubber secrets) : IAsyncDisposable
{
    private S3DataStore? _s3;
    private IDataStore? _store;
    private LocalIndex? _index;

    public CliSettings Settings => settings;

    /// <summary>Where shards go without a bucket: beside a <c>sqlite:PATH</c> file, else under the embedded home.</summary>
    public string DiskRoot => settings.Index.Kind == IndexKind.Sqlite
        ? Path.Combine(Path.GetDirectoryName(settings.Index.SqlitePath!)!, "data")
        : Path.Combine(settings.Home, "data");

    /// <summary>The S3 store when a bucket is configured, else null.</summary>
    public S3DataStore? S3Store
    {
        get
        {
            if (_s3 is null && settings.Bucket is { } bucket)
            {
                _s3 = new S3DataStore(LoadCredentials(), bucket);
            }

            return _s3;
        }
    }

    /// <summary>The store inserts write to.</summary>
    public IDataStore DataStore => _store ??= (IDataStore?)S3Store ?? new LocalDiskStore(DiskRoot);

    /// <summary>The index (connections open lazily inside it).</summary>
    public LocalIndex Index => _index ??= IndexFactory.Open(settings, DataStore, S3Store is not null);

    /// <summary>Source options that also read this run's <c>s3://</c> bucket when one is configured.</summary>
    public ShardSourceOptions SourceOptions => S3Store?.ShardSourceOptions() ?? new ShardSourceOptions();

    /// <summary>The S3 credentials (their secret registered for scrubbing first).</summary>
    public S3Credentials LoadCredentials()
    {
        string path = settings.S3EnvFile ?? throw new CliUsageException("No S3 credentials: give --s3-env FILE (or ATDATA_S3_ENV).");
        try
        {
            var credentials = S3Credentials.FromEnvFile(path);
            secrets.Add(credentials.SecretAccessKey);
            return credentials;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliFailureException($"Cannot read the S3 credentials file '{path}': {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new CliFailureException($"The S3 credentials file '{path}' is not usable: {ErrorReporter.MessageOf(e)}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_index is not null)
        {
            await _index.DisposeAsync().ConfigureAwait(false);
        }

        _s3?.Dispose();
    }
}
