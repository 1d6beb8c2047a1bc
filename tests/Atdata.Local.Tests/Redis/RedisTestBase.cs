using System.Diagnostics;
using StackExchange.Redis;

namespace Atdata.Local.Tests.Redis;

/// <summary>
/// Connects to the real redis-server named by <c>ATDATA_REDIS</c> (host:port). Each fixture owns one database
/// number and flushes only that database. Without the variable the tests are ignored, except under CI
/// (<c>CI=true</c>), where they fail.
/// </summary>
public abstract class RedisTestBase
{
    private static readonly Lazy<ConnectionMultiplexer?> s_admin = new(() =>
    {
        var endpoint = Environment.GetEnvironmentVariable("ATDATA_REDIS");
        if (string.IsNullOrEmpty(endpoint))
        {
            return null;
        }

        var config = ConfigurationOptions.Parse(endpoint);
        config.AllowAdmin = true;
        config.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(config);
    });

    private readonly List<string> _tempDirs = [];

    /// <summary>The database number this fixture owns (1..15).</summary>
    protected abstract int DatabaseNumber { get; }

    protected static string Endpoint => Environment.GetEnvironmentVariable("ATDATA_REDIS")!;

    protected static (string Host, int Port) HostPort
    {
        get
        {
            int colon = Endpoint.LastIndexOf(':');
            return (Endpoint[..colon], int.Parse(Endpoint[(colon + 1)..]));
        }
    }

    protected static ConnectionMultiplexer Admin => s_admin.Value!;

    protected IDatabase Db => Admin.GetDatabase(DatabaseNumber);

    protected static IServer Server => Admin.GetServer(Admin.GetEndPoints()[0]);

    /// <summary>Whether this fixture talks to Redis (a backend-parameterised fixture's SQLite flavour does not).</summary>
    protected virtual bool NeedsRedis => true;

    [SetUp]
    public void RequireRedisAndFlush()
    {
        if (!NeedsRedis)
        {
            return;
        }

        if (s_admin.Value is null)
        {
            _ = TestServers.RedisEndpoint();
        }

        Server.FlushDatabase(DatabaseNumber);
    }

    [TearDown]
    public void DeleteTempDirs()
    {
        foreach (var dir in _tempDirs)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }

        _tempDirs.Clear();
    }

    protected LocalIndexOptions Options => new() { Host = HostPort.Host, Port = HostPort.Port, Database = DatabaseNumber, CommandTimeout = TimeSpan.FromSeconds(3) };

    protected virtual LocalIndex NewIndex(IDataStore? store = null, LocalIndexOptions? options = null) => new(options ?? Options, store);

    protected string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "atdata-redis-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        _tempDirs.Add(dir);
        return dir;
    }

    /// <summary>Writes <paramref name="count"/> samples into one local shard and returns a dataset over it.</summary>
    protected async Task<Dataset<TextSample>> SmallDatasetAsync(int count = 5, string? text = null)
    {
        string path = Path.Combine(TempDir(), "source.tar");
        await using (var writer = new ShardWriter(path))
        {
            for (int i = 0; i < count; i++)
            {
                await writer.WriteAsync(new TextSample(text ?? $"sample {i}", i));
            }
        }

        return new Dataset<TextSample>(path);
    }

    protected static long CommandCalls(string command)
    {
        var info = Server.Info("commandstats");
        foreach (var group in info)
        {
            foreach (var pair in group)
            {
                if (pair.Key == "cmdstat_" + command)
                {
                    // calls=N,usec=...
                    var calls = pair.Value.Split(',')[0];
                    return long.Parse(calls["calls=".Length..]);
                }
            }
        }

        return 0;
    }

    /// <summary>Starts redis again through scripts/services.sh on the same port.</summary>
    protected static void RestartRedis()
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(TestServers.RepoRoot, "scripts", "services.sh"), "start", "redis"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["REDIS_PORT"] = HostPort.Port.ToString();
        psi.Environment["STATE_DIR"] = TestServers.StateDir();
        // services.sh rewrites its env file; keep the S3 port in it (otherwise the default replaces it).
        if (Uri.TryCreate(Environment.GetEnvironmentVariable("ATDATA_S3_ENDPOINT"), UriKind.Absolute, out var s3))
        {
            psi.Environment["S3_PORT"] = s3.Port.ToString();
        }
        using var process = Process.Start(psi)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit(60_000);
        Assert.That(process.ExitCode, Is.EqualTo(0), "services.sh start redis failed");
    }
}
