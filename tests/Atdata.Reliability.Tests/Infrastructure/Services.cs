using Atdata.Local;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>
/// The real Redis and S3 servers scripts/services.sh starts (read by the shared <see cref="TestServers"/>), in the
/// shapes the reliability tests want: index options with short timeouts and stores on fresh buckets.
/// </summary>
internal static class Services
{
    public static (string Host, int Port) Redis() => TestServers.RedisHostPort();

    public static LocalIndexOptions RedisOptions(int database)
    {
        var (host, port) = Redis();
        return new LocalIndexOptions { Host = host, Port = port, Database = database, CommandTimeout = TimeSpan.FromSeconds(3), ConnectTimeout = TimeSpan.FromSeconds(3) };
    }

    /// <summary>Options for the Redis Cluster scripts/services.sh starts (ATDATA_REDIS_CLUSTER, database 0).</summary>
    public static LocalIndexOptions ClusterOptions()
        => new() { ConnectionString = TestServers.ClusterEndpoints(), CommandTimeout = TimeSpan.FromSeconds(3), ConnectTimeout = TimeSpan.FromSeconds(3) };

    public static S3Credentials S3() => TestServers.S3();

    /// <summary>A store on a fresh bucket, optionally through another endpoint (a fault proxy).</summary>
    public static async Task<S3DataStore> NewStoreAsync(string? endpoint = null, S3DataStoreOptions? options = null, string? bucket = null)
    {
        var c = S3();
        var store = new S3DataStore(new S3Credentials(c.AccessKeyId, c.SecretAccessKey, endpoint ?? c.Endpoint, c.Region), bucket ?? UniqueName("rel"), options);
        if (bucket is null)
        {
            await store.EnsureBucketAsync();
        }

        return store;
    }

    public static string UniqueName(string what) => $"{what}-{Guid.NewGuid().ToString("N")[..10]}";
}
