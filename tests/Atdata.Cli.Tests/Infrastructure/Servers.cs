using StackExchange.Redis;

namespace Atdata.Cli.Tests.Infrastructure;

/// <summary>
/// The real Redis and S3 servers scripts/services.sh starts, read from <c>ATDATA_REDIS</c> and
/// <c>ATDATA_S3_*</c> as the Atdata.Local tests read them. Missing: the test fails under CI (<c>CI=true</c>)
/// and is ignored elsewhere.
/// </summary>
internal static class Servers
{
    public static string Redis()
    {
        string? endpoint = Environment.GetEnvironmentVariable("ATDATA_REDIS");
        if (string.IsNullOrEmpty(endpoint))
        {
            Unavailable("ATDATA_REDIS is not set: start redis with scripts/services.sh start and source its env file, or run scripts/test.sh");
        }

        return endpoint!;
    }

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
        string? endpoint = Environment.GetEnvironmentVariable("ATDATA_S3_ENDPOINT");
        string? access = Environment.GetEnvironmentVariable("ATDATA_S3_ACCESS_KEY");
        string? secret = Environment.GetEnvironmentVariable("ATDATA_S3_SECRET_KEY");
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret))
        {
            Unavailable("ATDATA_S3_ENDPOINT, ATDATA_S3_ACCESS_KEY and ATDATA_S3_SECRET_KEY are not set: start the S3 server with scripts/services.sh start and source its env file, or run scripts/test.sh");
        }

        string path = Path.Combine(directory, "s3.env");
        File.WriteAllText(path, $"AWS_ENDPOINT={endpoint}\nAWS_ACCESS_KEY_ID={access}\nAWS_SECRET_ACCESS_KEY={secret}\n");
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

    public static void Unavailable(string why)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(why);
        }

        Assert.Ignore(why);
    }
}
