using System.Globalization;
using Atdata.Cli.Config;
using StackExchange.Redis;

namespace Atdata.Cli.Diagnostics;

/// <summary>
/// Probes the Redis server of an index: reachability and version, persistence (<c>appendonly</c>, <c>save</c>)
/// and memory (<c>used_memory</c>, <c>maxmemory</c>, <c>maxmemory-policy</c>), with warnings when the settings
/// can lose index keys. Its own short-lived connection (admin mode for CONFIG GET); the password is never shown.
/// </summary>
internal static class RedisProbe
{
    public static async Task ProbeAsync(IndexSpec spec, Check check, CancellationToken cancellationToken)
    {
        var config = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            AllowAdmin = true,
            ConnectTimeout = 3000,
            AsyncTimeout = 3000,
            SyncTimeout = 3000,
            ConnectRetry = 1,
            User = spec.User,
            Password = spec.Password,
            Ssl = spec.Ssl,
            DefaultDatabase = spec.Database,
        };
        config.EndPoints.Add(spec.Host, spec.Port);
        var connection = await ConnectionMultiplexer.ConnectAsync(config).WaitAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            try
            {
                var latency = await server.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                check.Fact("reachable", true);
                check.Fact("pingMs", Math.Round(latency.TotalMilliseconds, 2));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                check.Fact("reachable", false);
                check.Fail($"Redis at {spec.Host}:{spec.Port} did not answer PING ({Summary(e)}).");
                return;
            }

            var info = await InfoAsync(server, cancellationToken).ConfigureAwait(false);
            check.Fact("version", info.GetValueOrDefault("redis_version"));
            check.Fact("database", spec.Database);
            string? appendOnly = await ConfigAsync(server, "appendonly", cancellationToken).ConfigureAwait(false);
            string? save = await ConfigAsync(server, "save", cancellationToken).ConfigureAwait(false);
            string? policy = await ConfigAsync(server, "maxmemory-policy", cancellationToken).ConfigureAwait(false) ?? info.GetValueOrDefault("maxmemory_policy");
            check.Fact("appendonly", appendOnly ?? info.GetValueOrDefault("aof_enabled") switch { "1" => "yes", "0" => "no", _ => null });
            check.Fact("save", save);
            check.Fact("usedMemory", Number(info.GetValueOrDefault("used_memory")));
            check.Fact("maxmemory", Number(info.GetValueOrDefault("maxmemory")));
            check.Fact("maxmemoryPolicy", policy);
            if (appendOnly is null && save is null)
            {
                check.Warn("CONFIG GET is not allowed on this server: persistence settings could not be read.");
            }
            else if (appendOnly != "yes" && string.IsNullOrWhiteSpace(save))
            {
                check.Warn("persistence is off (appendonly no, save \"\"): the index is lost when Redis restarts.");
            }

            if (policy is not null && policy != "noeviction" && Number(info.GetValueOrDefault("maxmemory")) is > 0)
            {
                check.Warn($"maxmemory-policy is {policy}: Redis may evict index keys when full; use noeviction.");
            }
        }
    }

    private static async Task<Dictionary<string, string>> InfoAsync(IServer server, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string section in (string[])["server", "persistence", "memory"])
        {
            foreach (var group in await server.InfoAsync(section).WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var (key, value) in group)
                {
                    values[key] = value;
                }
            }
        }

        return values;
    }

    private static async Task<string?> ConfigAsync(IServer server, string name, CancellationToken cancellationToken)
    {
        try
        {
            var pairs = await server.ConfigGetAsync(name).WaitAsync(cancellationToken).ConfigureAwait(false);
            return pairs.Length > 0 ? pairs[0].Value : null;
        }
        catch (RedisException)
        {
            // CONFIG may be renamed or forbidden by ACLs (managed Redis services do this).
            return null;
        }
    }

    private static long? Number(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null;

    private static string Summary(Exception e)
    {
        string message = e.Message;
        int cut = message.IndexOfAny([';', '\n']);
        return e.GetType().Name + ": " + (cut > 0 ? message[..cut] : message);
    }
}
