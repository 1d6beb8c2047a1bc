using StackExchange.Redis;

namespace Atdata.Local.Tests.Cluster;

/// <summary>
/// The Redis Cluster scripts/services.sh starts, named by <c>ATDATA_REDIS_CLUSTER</c> (comma-separated host:port of
/// its primaries). Without the variable the cluster tests are ignored, except under CI (<c>CI=true</c>), where they fail.
/// </summary>
internal static class ClusterTestSupport
{
    private static readonly Lazy<ConnectionMultiplexer?> s_admin = new(() =>
    {
        if (Endpoints is not { } endpoints)
        {
            return null;
        }

        var config = ConfigurationOptions.Parse(endpoints);
        config.AllowAdmin = true;
        config.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(config);
    });

    public static string? Endpoints => Environment.GetEnvironmentVariable("ATDATA_REDIS_CLUSTER") is { Length: > 0 } e ? e : null;

    /// <summary>An admin connection to the cluster (fails or ignores the test when there is none).</summary>
    public static ConnectionMultiplexer Admin
    {
        get
        {
            Require();
            return s_admin.Value!;
        }
    }

    /// <summary>Index options for the cluster: <paramref name="options"/>'s behaviour with the cluster's connection string.</summary>
    public static LocalIndexOptions Options(LocalIndexOptions? options = null)
        => (options ?? new LocalIndexOptions { CommandTimeout = TimeSpan.FromSeconds(3) }) with { ConnectionString = Endpoints, Database = 0 };

    public static void Require()
    {
        if (Endpoints is not null)
        {
            return;
        }

        _ = TestServers.ClusterEndpoints();
    }

    /// <summary>Requires the cluster and empties every primary (the cluster exists for tests only).</summary>
    public static void RequireAndFlush()
    {
        foreach (var server in Admin.GetServers().Where(s => !s.IsReplica))
        {
            server.FlushDatabase();
        }
    }

    /// <summary>The hash slot of <paramref name="key"/> as the server computes it (CLUSTER KEYSLOT).</summary>
    public static long KeySlot(string key)
        => (long)Admin.GetServers().First(s => !s.IsReplica).Execute("CLUSTER", "KEYSLOT", key);
}
