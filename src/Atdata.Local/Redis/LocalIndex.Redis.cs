using StackExchange.Redis;

namespace Atdata.Local;

public sealed partial class LocalIndex
{
    /// <summary>Connects to Redis at <c>localhost:6379</c>, database 0 (the connection opens on first use).</summary>
    public LocalIndex()
        : this(new LocalIndexOptions())
    {
    }

    /// <summary>Connects to Redis at <c>localhost:6379</c> and inserts through <paramref name="dataStore"/>.</summary>
    public LocalIndex(IDataStore dataStore)
        : this(new LocalIndexOptions(), dataStore)
    {
    }

    /// <summary>Connects to Redis with <paramref name="options"/> (the connection opens on first use and is disposed with the index).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public LocalIndex(LocalIndexOptions options, IDataStore? dataStore = null)
        : this(RedisIndexBackend.Connect(ValidatedForRedis(options)), dataStore, options)
    {
    }

    /// <summary>Uses an existing Redis connection (not disposed with the index).</summary>
    /// <param name="redis">The connection.</param>
    /// <param name="dataStore">Where <see cref="InsertDatasetAsync{T}"/> writes shards, or null.</param>
    /// <param name="options">Behaviour options; the connection settings in them are ignored except <see cref="LocalIndexOptions.Database"/>.</param>
    public LocalIndex(IConnectionMultiplexer redis, IDataStore? dataStore = null, LocalIndexOptions? options = null)
        : this(RedisIndexBackend.Use(redis ?? throw new ArgumentNullException(nameof(redis)), ValidatedForRedis(options ?? new LocalIndexOptions(), nameof(options)), options?.Database ?? -1),
               dataStore, options ?? new LocalIndexOptions())
    {
    }

    private static LocalIndexOptions ValidatedForRedis(LocalIndexOptions options, string paramName = "options")
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        options.Validate(paramName, redis: true);
        return options;
    }
}
