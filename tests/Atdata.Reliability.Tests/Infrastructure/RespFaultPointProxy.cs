using System.Net.Sockets;
using System.Text;
using Atdata.Local.Tests.Proxies;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>
/// A loopback relay in front of a redis-server that splits the client's byte stream into RESP commands and
/// injects one <see cref="FaultKind"/> at the Nth occurrence of a chosen command (for example the first RPUSH or
/// the EVALSHA/EVAL of the commit): a fault at an exact Redis step of the insert protocol. Commands are counted
/// by name only, so the client's handshake and heartbeats do not shift the count.
/// </summary>
internal sealed class RespFaultPointProxy : LoopbackProxy
{
    /// <summary>Sent instead of the faulted command for <see cref="FaultKind.ServerError"/>: Redis answers -ERR unknown command, in order.</summary>
    private static readonly byte[] s_rejected = Encoding.ASCII.GetBytes("*1\r\n$15\r\nATDATA-INJECTED\r\n");

    private readonly int _upstreamPort;
    private readonly Action _kill;
    private readonly object _gate = new();
    private string[] _names = [];
    private int _occurrence;
    private int _seen;
    private FaultKind _kind;
    private volatile bool _mute;

    /// <param name="upstreamPort">The redis-server's port on 127.0.0.1.</param>
    /// <param name="kill">Kills the redis-server by its pid (for <see cref="FaultKind.Kill"/>).</param>
    public RespFaultPointProxy(int upstreamPort, Action kill)
    {
        _upstreamPort = upstreamPort;
        _kill = kill;
        Start();
    }

    /// <summary>The command the fault hit, or null while it has not fired.</summary>
    public string? FiredOn { get; private set; }

    /// <summary>Arms one fault for the <paramref name="occurrence"/>th command named one of <paramref name="names"/> (upper case).</summary>
    public void Arm(FaultKind kind, string[] names, int occurrence)
    {
        lock (_gate)
        {
            _kind = kind;
            _names = names;
            _occurrence = occurrence;
            _seen = 0;
            FiredOn = null;
        }
    }

    /// <summary>Disarms and lets answers through again; connections the fault broke stay broken (clients reconnect).</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _names = [];
            _mute = false;
        }
    }

    protected override Task HandleAsync(TcpClient client) => RelayAsync(client, "127.0.0.1", _upstreamPort, CommandsAsync, AnswersAsync);

    private async Task AnswersAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16 * 1024];
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

            if (!_mute)
            {
                await target.WriteAsync(buffer.AsMemory(0, n), Stopping);
            }
        }
    }

    private async Task CommandsAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
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

            pending.AddRange(buffer.AsSpan(0, n));
            while (RespCommand.TryTake(pending, out byte[] command, out string name))
            {
                switch (Decide(name))
                {
                    case FaultKind.Kill:
                        _kill();
                        Reset(from, to);
                        return;
                    case FaultKind.Reset:
                        Reset(from, to);
                        return;
                    case FaultKind.ServerError:
                        command = s_rejected;
                        break;
                    case FaultKind.Timeout:
                        _mute = true;
                        break;
                    default:
                        break;
                }

                await target.WriteAsync(command, Stopping);
            }
        }
    }

    private FaultKind? Decide(string name)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_names, name) < 0 || ++_seen != _occurrence)
            {
                return null;
            }

            FiredOn = $"{name} #{_occurrence}";
            _names = [];
            return _kind;
        }
    }
}

/// <summary>Splits RESP commands (arrays of bulk strings; inline commands are single lines) off the front of a buffer.</summary>
internal static class RespCommand
{
    /// <summary>Takes one complete command off <paramref name="buffer"/>; false when more bytes are needed.</summary>
    public static bool TryTake(List<byte> buffer, out byte[] command, out string name)
    {
        command = [];
        name = string.Empty;
        int pos = 0;
        if (!TryLine(buffer, ref pos, out string header))
        {
            return false;
        }

        if (!header.StartsWith('*'))
        {
            name = header.Split(' ', 2)[0].ToUpperInvariant();
        }
        else
        {
            int count = int.Parse(header.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            for (int i = 0; i < count; i++)
            {
                if (!TryLine(buffer, ref pos, out string bulk))
                {
                    return false;
                }

                int length = int.Parse(bulk.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                if (buffer.Count < pos + length + 2)
                {
                    return false;
                }

                if (i == 0)
                {
                    name = Encoding.ASCII.GetString([.. buffer.GetRange(pos, length)]).ToUpperInvariant();
                }

                pos += length + 2;
            }
        }

        command = [.. buffer.GetRange(0, pos)];
        buffer.RemoveRange(0, pos);
        return true;
    }

    private static bool TryLine(List<byte> buffer, ref int pos, out string line)
    {
        for (int i = pos; i + 1 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n')
            {
                line = Encoding.ASCII.GetString([.. buffer.GetRange(pos, i - pos)]);
                pos = i + 2;
                return true;
            }
        }

        line = string.Empty;
        return false;
    }
}
