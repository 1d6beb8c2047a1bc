using System.Net.Sockets;
using Atdata.Local.Tests.Proxies;

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
internal sealed class TcpFaultProxy : LoopbackProxy
{
    private readonly string _host;
    private readonly int _port;
    private long _resets;
    private volatile TcpFault _fault;

    public TcpFaultProxy(string upstreamHost, int upstreamPort)
    {
        _host = upstreamHost;
        _port = upstreamPort;
        Start();
    }

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

    protected override Task HandleAsync(TcpClient client)
        => RelayAsync(client, _host, _port, (from, to) => PumpAsync(from, to, toServer: true), (from, to) => PumpAsync(from, to, toServer: false));

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toServer)
    {
        var buffer = new byte[64 * 1024];
        long sent = 0;
        var source = from.GetStream();
        var target = to.GetStream();
        while (true)
        {
            int n = await source.ReadAsync(buffer, Stopping);
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
                    await Task.Delay(Delay, Stopping);
                    break;
                case TcpFault.ResetAfterBytes when toServer && sent + n > ResetAfterBytes:
                    Interlocked.Increment(ref _resets);
                    Reset(from, to);
                    return;
                default:
                    break;
            }

            await target.WriteAsync(buffer.AsMemory(0, n), Stopping);
            sent += n;
        }
    }
}
