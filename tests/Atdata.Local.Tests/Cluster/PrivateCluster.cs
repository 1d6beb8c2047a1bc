using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Atdata.Local.Tests.Cluster;

/// <summary>
/// A three-master Redis Cluster of one test's own (ports from ATDATA_PRIVATE_CLUSTER_PORT, default 17010), so a
/// node can be killed by its pid without disturbing the shared cluster. Its data lives in a temporary folder.
/// </summary>
internal sealed class PrivateCluster : IDisposable
{
    private static int s_next = int.TryParse(Environment.GetEnvironmentVariable("ATDATA_PRIVATE_CLUSTER_PORT"), out int p) ? p : 17010;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "atdata-private-cluster-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly Process[] _nodes = new Process[3];

    public PrivateCluster()
    {
        ClusterTestSupport.Require();
        int first = Interlocked.Add(ref s_next, 3) - 3;
        Ports = [first, first + 1, first + 2];
        for (int i = 0; i < 3; i++)
        {
            string dir = Path.Combine(_dir, Ports[i].ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            _nodes[i] = Run("redis-server", "--port", Ports[i].ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir,
                "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(dir, "nodes.conf"), "--cluster-node-timeout", "2000",
                "--save", "", "--appendonly", "no", "--daemonize", "no");
        }

        foreach (int port in Ports)
        {
            WaitFor(() => Cli(port, "ping").Contains("PONG", StringComparison.Ordinal), $"node {port} answers PING");
        }

        using (var create = Run("redis-cli", ["--cluster", "create", .. Ports.Select(q => $"127.0.0.1:{q}"), "--cluster-replicas", "0", "--cluster-yes"]))
        {
            create.WaitForExit(60_000);
        }

        foreach (int port in Ports)
        {
            WaitFor(() => Cli(port, "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal), $"node {port} reports cluster_state:ok");
        }
    }

    public int[] Ports { get; }

    public string Endpoints => string.Join(",", Ports.Select(q => $"127.0.0.1:{q}"));

    /// <summary>SIGKILL the node listening on <paramref name="endpoint"/>'s port (by its pid, nothing else).</summary>
    public void Kill(EndPoint endpoint)
    {
        int port = endpoint switch
        {
            IPEndPoint ip => ip.Port,
            DnsEndPoint dns => dns.Port,
            _ => throw new ArgumentException($"unexpected endpoint {endpoint}", nameof(endpoint)),
        };
        var node = _nodes[Array.IndexOf(Ports, port)];
        node.Kill();
        node.WaitForExit(10_000);
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            if (node is { HasExited: false })
            {
                node.Kill();
                node.WaitForExit(10_000);
            }

            node?.Dispose();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Process Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Cli(int port, params string[] args)
    {
        var psi = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. args])
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(10_000);
        return output;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        for (int i = 0; i < 300; i++)
        {
            if (condition())
            {
                return;
            }

            Thread.Sleep(100);
        }

        Assert.Fail($"private cluster: {what} did not happen");
    }
}
