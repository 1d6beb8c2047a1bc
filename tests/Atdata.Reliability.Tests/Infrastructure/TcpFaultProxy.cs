using System.Net;
using System.Net.Sockets;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>What <see cref="TcpFaultProxy"/> does to the bytes it relays.</summary>
internal enum TcpFault
{
    /// <summary>Relay both ways.</summary>
    None,

    /// <summary>Wait <see cref="TcpFaultProxy.Delay"/> before relaying each chunk.</summary>
    Delay,

    /// <summary>Reset (RST) a connection once it has sent more than <see cref="TcpFaultProxy.ResetAfterBytes"/> upstream.</summary>
    ResetAfterBytes,

    /// <summary>Swallow everything in both directions, answer nothing, keep connections open.</summary>
    Blackhole,

    /// <summary>Relay client to server, drop every answer: the command runs, its outcome is unknown to the client.</summary>
    HalfOpen,
}

/// <summary>
/// A loopback TCP relay in front of a real server (S3 or Redis) that injects transport faults: delay, reset
/// after N bytes, blackhole, half-open. The fault can be switched while connections are open; it applies to
/// the next chunk relayed.
/// </summary>
internal sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _loop;
    private long _resets;

    public TcpFaultProxy(string upstreamHost, int upstreamPort)
    {
        _host = upstreamHost;
        _port = upstreamPort;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private volatile TcpFault _fault;

    /// <summary>The fault applied from the next relayed chunk on.</summary>
    public TcpFault Fault
    {
        get => _fault;
        set => _fault = value;
    }

    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(100);

    public long ResetAfterBytes { get; set; } = 1 << 20;

    /// <summary>Connections reset so far.</summary>
    public long Resets => Interlocked.Read(ref _resets);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_open)
        {
            foreach (var c in _open)
            {
                c.Dispose();
            }
        }

        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        lock (_open)
        {
            _open.Add(client);
            _open.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(_host, _port, _stop.Token);
            var up = PumpAsync(client, upstream, toServer: true);
            var down = PumpAsync(upstream, client, toServer: false);
            await Task.WhenAny(up, down);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toServer)
    {
        var buffer = new byte[64 * 1024];
        long sent = 0;
        var source = from.GetStream();
        var target = to.GetStream();
        while (true)
        {
            int n = await source.ReadAsync(buffer, _stop.Token);
            if (n == 0)
            {
                to.Client.Shutdown(SocketShutdown.Send);
                return;
            }

            switch (Fault)
            {
                case TcpFault.Blackhole:
                    continue;
                case TcpFault.HalfOpen when !toServer:
                    continue;
                case TcpFault.Delay:
                    await Task.Delay(Delay, _stop.Token);
                    break;
                case TcpFault.ResetAfterBytes when toServer && sent + n > ResetAfterBytes:
                    Interlocked.Increment(ref _resets);
                    from.Client.LingerState = new LingerOption(true, 0);
                    from.Client.Close();
                    to.Client.LingerState = new LingerOption(true, 0);
                    to.Client.Close();
                    return;
                default:
                    break;
            }

            await target.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            sent += n;
        }
    }
}
