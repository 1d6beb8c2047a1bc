using StackExchange.Redis;

namespace Atdata.Local;

/// <summary>How a <see cref="LocalIndex"/> connects to Redis and behaves.</summary>
/// <remarks>
/// <para>
/// The connection settings (<see cref="Host"/>, <see cref="Port"/>, <see cref="Database"/>, <see cref="Password"/>,
/// <see cref="Ssl"/>, <see cref="ConnectionString"/>, <see cref="ConnectTimeout"/> and
/// <see cref="ScanFallbackForNames"/>) apply to Redis only and are ignored by a SQLite index
/// (<see cref="LocalIndex.OpenEmbedded"/>, <see cref="LocalIndex.OpenSqlite"/>); <see cref="CommandTimeout"/>,
/// <see cref="PendingInsertTimeout"/> and <see cref="TimeProvider"/> apply to both.
/// </para>
/// <para>
/// For Redis, either give <see cref="ConnectionString"/> (StackExchange.Redis syntax, for example
/// <c>redis.example:6380,password=…,ssl=true</c>) or the separate <see cref="Host"/>, <see cref="Port"/>,
/// <see cref="Password"/> and <see cref="Ssl"/>; <see cref="Database"/> applies to both.
/// <see cref="ToString"/> never shows the password.
/// </para>
/// </remarks>
public sealed record LocalIndexOptions
{
    /// <summary>The Redis host (default <c>localhost</c>). Redis only.</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>The Redis port (default 6379). Redis only.</summary>
    public int Port { get; init; } = 6379;

    /// <summary>The Redis database number (default 0, where Python atdata keeps its keys). Redis only.</summary>
    public int Database { get; init; }

    /// <summary>The Redis password, or null. Redis only.</summary>
    public string? Password { get; init; }

    /// <summary>Whether to connect to Redis with TLS. Redis only.</summary>
    public bool Ssl { get; init; }

    /// <summary>A StackExchange.Redis configuration string; when set, it replaces <see cref="Host"/>, <see cref="Port"/>, <see cref="Password"/> and <see cref="Ssl"/>. Redis only.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// How long one Redis command may take, or how long a SQLite statement waits for another writer's lock (its
    /// busy timeout), before it fails with <see cref="IndexException"/> (default 5 s).
    /// </summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long connecting to Redis may take (default 5 s). Redis only.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a name lookup that misses both this SDK's name index and Python's <c>Label:{name}@</c> key falls
    /// back to scanning <c>LocalDatasetEntry:*</c> (finds entries seed-era Python wrote). Default true; the scan
    /// runs only on such a miss. Redis only: a SQLite index always falls back to <c>dataset_entries.name</c>,
    /// which is indexed.
    /// </summary>
    public bool ScanFallbackForNames { get; init; } = true;

    /// <summary>How old a pending insert record must be before <see cref="LocalIndex.GcAsync"/> deletes its shards (default 24 h).</summary>
    public TimeSpan PendingInsertTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The clock used for schema <c>createdAt</c> and pending-insert times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// URL prefixes that <see cref="LocalIndex.OpenDataset{T}"/> may open besides the index's own data store (whose
    /// <c>s3://bucket/</c> or root directory is always allowed), for example <c>https://data.example.org/datasets/</c>
    /// or <c>/mnt/shared/atdata/</c> for entries another writer recorded. Empty by default: an entry's URL outside the
    /// store is refused (reliability S2), so a hostile index cannot point readers at local files or internal hosts.
    /// Paths are compared after normalisation, so <c>..</c> cannot leave a prefix.
    /// </summary>
    public IReadOnlyList<string> AllowedUrlPrefixes { get; init; } = [];

    /// <summary>Checks the settings; the Redis connection settings only when <paramref name="redis"/> is true.</summary>
    internal void Validate(string paramName, bool redis)
    {
        if (redis)
        {
            ValidateConnection(paramName);
        }

        if (CommandTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || PendingInsertTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeouts must be positive.", paramName);
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, paramName);
    }

    private void ValidateConnection(string paramName)
    {
        if (ConnectionString is null)
        {
            if (string.IsNullOrWhiteSpace(Host))
            {
                throw new ArgumentException("Host must not be empty.", paramName);
            }

            if (Port is < 1 or > 65535)
            {
                throw new ArgumentException($"Port {Port} is outside 1..65535.", paramName);
            }
        }
        else if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("ConnectionString must not be empty when set.", paramName);
        }

        if (Database < 0)
        {
            throw new ArgumentException($"Database {Database} must not be negative.", paramName);
        }
    }

    internal ConfigurationOptions ToConfiguration()
    {
        ConfigurationOptions config;
        if (ConnectionString is not null)
        {
            config = ConfigurationOptions.Parse(ConnectionString);
        }
        else
        {
            config = new ConfigurationOptions { Password = Password, Ssl = Ssl };
            config.EndPoints.Add(Host, Port);
        }

        config.DefaultDatabase = Database;
        config.AbortOnConnectFail = false;
        config.AsyncTimeout = (int)Math.Min(int.MaxValue, CommandTimeout.TotalMilliseconds);
        config.SyncTimeout = config.AsyncTimeout;
        config.ConnectTimeout = (int)Math.Min(int.MaxValue, ConnectTimeout.TotalMilliseconds);
        return config;
    }

    /// <summary>A description without the password.</summary>
    public override string ToString()
        => $"LocalIndexOptions {{ {ToConfiguration().ToString(includePassword: false)}, Database = {Database} }}";
}
