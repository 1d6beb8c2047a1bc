using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Atdata.Local.Tests.Proxies;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP/1.1 relay in front of the S3 server that injects one <see cref="FaultKind"/> at the first
/// request whose line ("METHOD path?query") matches the armed predicate: a fault at an exact step of the multipart
/// protocol (initiate, part N, complete, single PUT). Unlike <see cref="TcpFaultProxy"/> it sees request
/// boundaries; unlike the answer-only FaultProxy of Atdata.Local.Tests it can also reset, stall and go down.
/// Each request travels on its own upstream connection and is answered with <c>Connection: close</c>.
/// </summary>
internal sealed class HttpFaultPointProxy : LoopbackProxy
{
    private readonly Uri _upstream;
    private readonly object _gate = new();
    private Func<string, bool>? _match;
    private FaultKind _kind;
    private volatile bool _down;
    private CancellationTokenSource _stalls = new();

    public HttpFaultPointProxy(string upstream)
    {
        _upstream = new Uri(upstream);
        Start();
    }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Every request line seen, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The request line the fault hit, or null while it has not fired.</summary>
    public string? FiredOn { get; private set; }

    /// <summary>Arms one fault for the first request matching <paramref name="match"/>.</summary>
    public void Arm(FaultKind kind, Func<string, bool> match)
    {
        lock (_gate)
        {
            _kind = kind;
            _match = match;
            FiredOn = null;
        }
    }

    /// <summary>Disarms, brings a "killed" server back and releases stalled requests (their connections close).</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _match = null;
            _down = false;
            _stalls.Cancel();
            _stalls.Dispose();
            _stalls = new CancellationTokenSource();
        }

        Requests.Clear();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _stalls.Dispose();
    }

    private FaultKind? Fire(string line)
    {
        lock (_gate)
        {
            if (_down)
            {
                return FaultKind.Kill;
            }

            if (_match is null || !_match(line))
            {
                return null;
            }

            _match = null;
            FiredOn = line;
            if (_kind == FaultKind.Kill)
            {
                _down = true;
            }

            return _kind;
        }
    }

    protected override async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                if (_down)
                {
                    Reset(client);
                    return;
                }

                var (head, line, length) = await ReadHeadAsync(stream);
                var body = new byte[length];
                await stream.ReadExactlyAsync(body, Stopping);
                Requests.Enqueue(line);
                switch (Fire(line))
                {
                    case FaultKind.Kill or FaultKind.Reset:
                        Reset(client);
                        return;
                    case FaultKind.ServerError:
                        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 503 Slow Down\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), Stopping);
                        return;
                    case FaultKind.Timeout:
                        // The server does the work; the answer is swallowed and the client waits until it gives up.
                        _ = await ForwardAsync(head, body);
                        CancellationToken stall;
                        lock (_gate)
                        {
                            stall = _stalls.Token;
                        }

                        await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(stall, Stopping).Token);
                        return;
                    default:
                        await stream.WriteAsync(await ForwardAsync(head, body), Stopping);
                        return;
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Sends the request upstream on a fresh connection and returns the whole answer (head rewritten to close).</summary>
    private async Task<byte[]> ForwardAsync(string head, byte[] body)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(_upstream.Host, _upstream.Port, Stopping);
        var up = upstream.GetStream();
        string forwarded = head.Replace("\r\nConnection: keep-alive", string.Empty, StringComparison.OrdinalIgnoreCase);
        forwarded = forwarded[..^2] + "Connection: close\r\n\r\n";
        await up.WriteAsync(Encoding.Latin1.GetBytes(forwarded), Stopping);
        await up.WriteAsync(body, Stopping);
        var (responseHead, _, _) = await ReadHeadAsync(up);
        using var answer = new MemoryStream();
        answer.Write(Encoding.Latin1.GetBytes(responseHead[..^2] + "Connection: close\r\n\r\n"));
        await up.CopyToAsync(answer, Stopping);
        return answer.ToArray();
    }

    /// <summary>
    /// Reads a message head (through the blank line) byte by byte, so nothing of the body is consumed; returns it,
    /// its first line without the HTTP version, and its Content-Length (0 when absent).
    /// </summary>
    private static async Task<(string Head, string Line, int Length)> ReadHeadAsync(Stream s)
    {
        var bytes = new List<byte>(512);
        var one = new byte[1];
        while (bytes.Count < 4 || bytes[^4] != '\r' || bytes[^3] != '\n' || bytes[^2] != '\r' || bytes[^1] != '\n')
        {
            await s.ReadExactlyAsync(one);
            bytes.Add(one[0]);
        }

        string head = Encoding.Latin1.GetString([.. bytes]);
        string[] lines = head.Split("\r\n");
        string line = lines[0].StartsWith("HTTP/", StringComparison.Ordinal) ? lines[0] : lines[0][..Math.Max(0, lines[0].LastIndexOf(" HTTP/", StringComparison.Ordinal))];
        string? length = lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).FirstOrDefault();
        return (head, line, length is null ? 0 : int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
    }
}
