using System.Globalization;
using Atdata.Local;

namespace Atdata.Cli.Config;

/// <summary>
/// The parsed <c>--index</c> value: <c>sqlite:PATH</c>, <c>redis://[user[:password]@]host[:port][/db]</c>
/// (<c>rediss://</c> for TLS), or the embedded default. <see cref="Display"/> never shows the password.
/// </summary>
internal sealed record IndexSpec
{
    private IndexSpec(IndexKind kind, string display)
    {
        Kind = kind;
        Display = display;
    }

    public IndexKind Kind { get; }

    /// <summary>A description safe to print (no password).</summary>
    public string Display { get; }

    /// <summary>The SQLite file (<see cref="IndexKind.Sqlite"/>, <see cref="IndexKind.Embedded"/>).</summary>
    public string? SqlitePath { get; private init; }

    /// <summary>The embedded root (<see cref="IndexKind.Embedded"/>).</summary>
    public string? Home { get; private init; }

    /// <summary>The Redis host (<see cref="IndexKind.Redis"/>).</summary>
    public string Host { get; private init; } = "localhost";

    /// <summary>The Redis port (<see cref="IndexKind.Redis"/>).</summary>
    public int Port { get; private init; } = 6379;

    /// <summary>The Redis database number (<see cref="IndexKind.Redis"/>).</summary>
    public int Database { get; private init; }

    /// <summary>The Redis ACL user, or null (<see cref="IndexKind.Redis"/>).</summary>
    public string? User { get; private init; }

    /// <summary>The Redis password, or null (<see cref="IndexKind.Redis"/>). Never printed.</summary>
    public string? Password { get; private init; }

    /// <summary>Whether Redis is reached over TLS (<c>rediss://</c>).</summary>
    public bool Ssl { get; private init; }

    /// <summary>The embedded default under <paramref name="home"/>.</summary>
    public static IndexSpec Embedded(string home)
        => new(IndexKind.Embedded, home) { Home = home, SqlitePath = Path.Combine(home, "index.db") };

    /// <summary>
    /// Parses an <c>--index</c> value. The password of a Redis URL is handed to <paramref name="secrets"/> before
    /// anything can fail, so no error message can show it.
    /// </summary>
    /// <exception cref="CliUsageException">The value is not one of the accepted forms.</exception>
    public static IndexSpec Parse(string value, SecretScrubber secrets)
    {
        ArgumentNullException.ThrowIfNull(value);
        RegisterSecrets(value, secrets);
        if (value.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            string path = value["sqlite:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                path = path[2..];
            }

            if (path.Length == 0)
            {
                throw new CliUsageException("--index sqlite: needs a file path (sqlite:PATH).");
            }

            string full = Path.GetFullPath(path);
            return new IndexSpec(IndexKind.Sqlite, full) { SqlitePath = full };
        }

        if (value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseRedis(value);
        }

        throw new CliUsageException($"--index must be sqlite:PATH or redis://host:port/db, not '{RedactUserInfo(value)}'.");
    }

    /// <summary>Finds a password in anything that looks like a URL with user information, so it is never echoed.</summary>
    public static void RegisterSecrets(string value, SecretScrubber secrets)
    {
        int scheme = value.IndexOf("://", StringComparison.Ordinal);
        int at = value.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return;
        }

        string userInfo = value[(scheme + 3)..at];
        // user:password, :password, or (short form) password alone.
        int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        string password = colon >= 0 ? userInfo[(colon + 1)..] : userInfo;
        secrets.Add(password);
        secrets.Add(Uri.UnescapeDataString(password));
    }

    /// <summary>The Redis connection settings.</summary>
    public LocalIndexOptions ToRedisOptions()
    {
        if (User is null)
        {
            return new LocalIndexOptions { Host = Host, Port = Port, Database = Database, Password = Password, Ssl = Ssl };
        }

        // LocalIndexOptions has no user field: an ACL user goes through the configuration string.
        var config = new StackExchange.Redis.ConfigurationOptions { User = User, Password = Password, Ssl = Ssl };
        config.EndPoints.Add(Host, Port);
        return new LocalIndexOptions { ConnectionString = config.ToString(includePassword: true), Database = Database };
    }

    private static IndexSpec ParseRedis(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new CliUsageException($"--index '{RedactUserInfo(value)}' is not a valid redis:// URL (redis://[:password@]host[:port][/db]).");
        }

        int database = 0;
        string path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database) || database > 15_000))
        {
            throw new CliUsageException($"--index '{RedactUserInfo(value)}': the path must be a database number, not '{path}'.");
        }

        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            string rawUser = colon < 0 ? uri.UserInfo : uri.UserInfo[..colon];
            user = rawUser.Length == 0 ? null : Uri.UnescapeDataString(rawUser);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            if (colon < 0)
            {
                // redis://secret@host is the common short form of a password-only URL.
                (user, password) = (null, user);
            }
        }

        bool ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
        int port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        string host = uri.Host.Trim('[', ']');
        string display = string.Create(CultureInfo.InvariantCulture, $"{(ssl ? "rediss" : "redis")}://{(password is null ? "" : "***@")}{host}:{port}/{database}");
        return new IndexSpec(IndexKind.Redis, display)
        {
            Host = host,
            Port = port,
            Database = database,
            User = user,
            Password = password,
            Ssl = ssl,
        };
    }

    private static string RedactUserInfo(string value)
    {
        int scheme = value.IndexOf("://", StringComparison.Ordinal);
        int at = value.LastIndexOf('@');
        return scheme >= 0 && at > scheme ? value[..(scheme + 3)] + "***" + value[at..] : value;
    }
}
