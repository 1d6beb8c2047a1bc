using Atdata.Local;
using System.Diagnostics;
using System.Net.Sockets;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>
/// A redis-server of this test's own on a loopback port (6395 and up, or ATDATA_PRIVATE_REDIS_PORT), with
/// <c>appendonly yes</c> and <c>appendfsync always</c> (or another fsync policy, for the durability figures), so it
/// can be killed by its pid (never by name) and restarted on the same data. Optionally protected by a password
/// (the canary of the secret scan).
/// </summary>
internal sealed class PrivateRedis : IDisposable
{
    private static int s_next = int.TryParse(Environment.GetEnvironmentVariable("ATDATA_PRIVATE_REDIS_PORT"), out int p) ? p : 6395;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "atdata-private-redis-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _appendFsync;
    private Process? _process;

    /// <param name="password">The server's password, or null.</param>
    /// <param name="appendFsync">The AOF fsync policy: <c>always</c>, <c>everysec</c> or <c>no</c>.</param>
    public PrivateRedis(string? password = null, string appendFsync = "always")
    {
        Password = password;
        _appendFsync = appendFsync;
        Port = Interlocked.Increment(ref s_next) - 1;
        Directory.CreateDirectory(_dir);
        Start();
    }

    public int Port { get; }

    public string? Password { get; }

    public int Pid => _process?.Id ?? -1;

    public LocalIndexOptions Options(TimeSpan? commandTimeout = null) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Password = Password,
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(2),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>Starts the server (again) on the same port and data directory; waits until it accepts connections.</summary>
    public void Start()
    {
        string? server = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (server is null)
        {
            TestServers.Unavailable("redis-server is not installed (scripts/services.sh install redis)");
        }

        var psi = new ProcessStartInfo(server!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dir, "--appendonly", "yes", "--appendfsync", _appendFsync, "--save", "", "--daemonize", "no" },
        };
        if (Password is not null)
        {
            psi.ArgumentList.Add("--requirepass");
            psi.ArgumentList.Add(Password);
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                // Ready means PONG: while the AOF loads, Redis accepts connections but answers -LOADING.
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", Port);
                var stream = probe.GetStream();
                string auth = Password is null ? string.Empty : $"AUTH {Password}\r\n";
                stream.Write(System.Text.Encoding.ASCII.GetBytes(auth + "PING\r\n"));
                var answer = new byte[256];
                int read = 0;
                while (read < answer.Length && !System.Text.Encoding.ASCII.GetString(answer, 0, read).Contains("PONG", StringComparison.Ordinal) && !System.Text.Encoding.ASCII.GetString(answer, 0, read).Contains('-', StringComparison.Ordinal))
                {
                    int n = stream.Read(answer, read, answer.Length - read);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                if (System.Text.Encoding.ASCII.GetString(answer, 0, read).Contains("+PONG", StringComparison.Ordinal))
                {
                    return;
                }

                throw new SocketException();
            }
            catch (Exception ex) when (ex is SocketException or IOException && DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>SIGKILL by pid (only this server), then wait for it to be gone.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit(10_000);
        }

        Figures.FaultInjected();
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit(10_000);
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
