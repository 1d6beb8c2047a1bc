using StackExchange.Redis;

namespace Atdata.Cli.Tests.Infrastructure;

/// <summary>
/// The real Redis and S3 servers scripts/services.sh starts (read by the shared <see cref="TestServers"/>), in the
/// shapes the CLI tests want: a connection string, a dotenv credentials file, a fresh bucket.
/// </summary>
internal static class Servers
{
    public static string Redis() => TestServers.RedisEndpoint();

    /// <summary>Empties one database of the test Redis.</summary>
    public static void FlushDatabase(int database)
    {
        var config = ConfigurationOptions.Parse(Redis());
        config.AllowAdmin = true;
        using var connection = ConnectionMultiplexer.Connect(config);
        connection.GetServer(connection.GetEndPoints()[0]).FlushDatabase(database);
    }

    /// <summary>Writes a dotenv credentials file for the test S3 server into <paramref name="directory"/>.</summary>
    public static string S3EnvFile(string directory)
    {
        var s3 = TestServers.S3();
        string path = Path.Combine(directory, "s3.env");
        File.WriteAllText(path, $"AWS_ENDPOINT={s3.Endpoint}\nAWS_ACCESS_KEY_ID={s3.AccessKeyId}\nAWS_SECRET_ACCESS_KEY={s3.SecretAccessKey}\n");
        return path;
    }

    public static string S3Secret => Environment.GetEnvironmentVariable("ATDATA_S3_SECRET_KEY")!;

    /// <summary>Creates a bucket of a unique name on the test server and returns its name.</summary>
    public static async Task<string> NewBucketAsync(string envFile)
    {
        string bucket = "atdata-cli-" + Guid.NewGuid().ToString("N")[..10];
        using var store = new Local.S3DataStore(Local.S3Credentials.FromEnvFile(envFile), bucket);
        await store.EnsureBucketAsync();
        return bucket;
    }
}
