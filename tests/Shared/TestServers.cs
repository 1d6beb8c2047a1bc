using System.Globalization;
using Atdata.Local;

namespace Atdata.Testing;

/// <summary>
/// The real servers scripts/services.sh starts, as its env file names them: <c>ATDATA_REDIS</c> (host:port),
/// <c>ATDATA_REDIS_CLUSTER</c> (comma-separated primaries) and <c>ATDATA_S3_*</c>. One copy, linked into every test
/// project that talks to them, so they all read the same variables and treat a missing server the same way.
/// </summary>
internal static class TestServers
{
    /// <summary>The repository root: the folder above the test binaries that holds <c>scripts/services.sh</c>.</summary>
    public static string RepoRoot { get; } = LocateRepoRoot();

    /// <summary>Where scripts/services.sh keeps pid files and logs: <c>STATE_DIR</c>, else the repository's <c>.atdata-services</c>.</summary>
    public static string StateDir()
        => Environment.GetEnvironmentVariable("STATE_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepoRoot, ".atdata-services");

    /// <summary>The single redis-server as <c>host:port</c>.</summary>
    public static string RedisEndpoint()
        => Require("ATDATA_REDIS", "ATDATA_REDIS is not set: start redis with scripts/services.sh start and source its env file, or run scripts/test.sh");

    /// <summary>The single redis-server's host and port.</summary>
    public static (string Host, int Port) RedisHostPort()
    {
        string endpoint = RedisEndpoint();
        int colon = endpoint.LastIndexOf(':');
        return (endpoint[..colon], int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>The Redis Cluster's primaries, comma-separated.</summary>
    public static string ClusterEndpoints()
        => Require("ATDATA_REDIS_CLUSTER", "ATDATA_REDIS_CLUSTER is not set: start the cluster with scripts/services.sh start cluster and source its env file, or run scripts/test.sh");

    /// <summary>Credentials for the S3 server (Swift's s3api).</summary>
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

    /// <summary>
    /// Ends a test whose server or tool is missing: a failure under CI (<c>CI=true</c>), where a test that cannot run
    /// must never pass, and ignored on a developer machine.
    /// </summary>
    public static void Unavailable(string why)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            NUnit.Framework.Assert.Fail(why);
        }

        NUnit.Framework.Assert.Ignore(why);
    }

    private static string LocateRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "services.sh")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("scripts/services.sh not found above the test binaries.");
    }

    private static string Require(string variable, string why)
    {
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            Unavailable(why);
        }

        return value!;
    }
}
