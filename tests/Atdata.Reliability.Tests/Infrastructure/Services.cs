using Atdata.Local;
using NUnit.Framework;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>
/// The real Redis and S3 servers scripts/services.sh starts, read from ATDATA_REDIS and ATDATA_S3_*. A missing
/// server fails the test under CI (CI=true) and makes it inconclusive on a developer machine, as in Atdata.Local.Tests.
/// </summary>
internal static class Services
{
    public static (string Host, int Port) Redis()
    {
        string? endpoint = Environment.GetEnvironmentVariable("ATDATA_REDIS");
        if (string.IsNullOrEmpty(endpoint))
        {
            Unavailable("ATDATA_REDIS is not set: start redis with scripts/services.sh start and source its env file, or run scripts/test.sh");
        }

        int colon = endpoint!.LastIndexOf(':');
        return (endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public static LocalIndexOptions RedisOptions(int database)
    {
        var (host, port) = Redis();
        return new LocalIndexOptions { Host = host, Port = port, Database = database, CommandTimeout = TimeSpan.FromSeconds(3), ConnectTimeout = TimeSpan.FromSeconds(3) };
    }

    /// <summary>Options for the Redis Cluster scripts/services.sh starts (ATDATA_REDIS_CLUSTER, database 0).</summary>
    public static LocalIndexOptions ClusterOptions()
    {
        string? endpoints = Environment.GetEnvironmentVariable("ATDATA_REDIS_CLUSTER");
        if (string.IsNullOrEmpty(endpoints))
        {
            Unavailable("ATDATA_REDIS_CLUSTER is not set: start the cluster with scripts/services.sh start cluster and source its env file, or run scripts/test.sh");
        }

        return new LocalIndexOptions { ConnectionString = endpoints, CommandTimeout = TimeSpan.FromSeconds(3), ConnectTimeout = TimeSpan.FromSeconds(3) };
    }

    public static S3Credentials S3()
    {
        string? endpoint = Environment.GetEnvironmentVariable("ATDATA_S3_ENDPOINT");
        string? access = Environment.GetEnvironmentVariable("ATDATA_S3_ACCESS_KEY");
        string? secret = Environment.GetEnvironmentVariable("ATDATA_S3_SECRET_KEY");
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret))
        {
            Unavailable("ATDATA_S3_ENDPOINT, ATDATA_S3_ACCESS_KEY and ATDATA_S3_SECRET_KEY are not set: start the S3 server with scripts/services.sh start s3 and source its env file, or run scripts/test.sh");
        }

        return new S3Credentials(access!, secret!, endpoint, Environment.GetEnvironmentVariable("ATDATA_S3_REGION"));
    }

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

    public static void Unavailable(string why)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(why);
        }

        Assert.Inconclusive(why);
    }
}
