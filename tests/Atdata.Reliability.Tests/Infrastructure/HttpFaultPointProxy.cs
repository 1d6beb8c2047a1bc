using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP/1.1 relay in front of the S3 server that injects one <see cref="FaultKind"/> at the first
/// request whose line ("METHOD path?query") matches the armed predicate: a fault at an exact step of the multipart
/// protocol (initiate, part N, complete, single PUT). Unlike <see cref="TcpFaultProxy"/> it sees request
/// boundaries; unlike the answer-only FaultProxy of Atdata.Local.Tests it can also reset, stall and go down.
/// Each request travels on its own upstream connection and is answered with <c>Connection: close</c>.
/// </summary>
internal sealed class HttpFaultPointProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly object _gate = new();
    private Func<string, bool>? _match;
    private FaultKind _kind;
    private volatile bool _down;
    private CancellationTokenSource _stalls = new();

    public HttpFaultPointProxy(string upstream)
    {
        _upstream = new Uri(upstream);
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stalls.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => HandleAsync(client));
        }
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

    private async Task HandleAsync(TcpClient client)
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
                await stream.ReadExactlyAsync(body, _stop.Token);
                Requests.Enqueue(line);
                switch (Fire(line))
                {
                    case FaultKind.Kill or FaultKind.Reset:
                        Reset(client);
                        return;
                    case FaultKind.ServerError:
                        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 503 Slow Down\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                        return;
                    case FaultKind.Timeout:
                        // The server does the work; the answer is swallowed and the client waits until it gives up.
                        _ = await ForwardAsync(head, body);
                        CancellationToken stall;
                        lock (_gate)
                        {
                            stall = _stalls.Token;
                        }

                        await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(stall, _stop.Token).Token);
                        return;
                    default:
                        await stream.WriteAsync(await ForwardAsync(head, body), _stop.Token);
                        return;
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private static void Reset(TcpClient client)
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    /// <summary>Sends the request upstream on a fresh connection and returns the whole answer (head rewritten to close).</summary>
    private async Task<byte[]> ForwardAsync(string head, byte[] body)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(_upstream.Host, _upstream.Port, _stop.Token);
        var up = upstream.GetStream();
        string forwarded = head.Replace("\r\nConnection: keep-alive", string.Empty, StringComparison.OrdinalIgnoreCase);
        forwarded = forwarded[..^2] + "Connection: close\r\n\r\n";
        await up.WriteAsync(Encoding.Latin1.GetBytes(forwarded), _stop.Token);
        await up.WriteAsync(body, _stop.Token);
        var (responseHead, _, _) = await ReadHeadAsync(up);
        using var answer = new MemoryStream();
        answer.Write(Encoding.Latin1.GetBytes(responseHead[..^2] + "Connection: close\r\n\r\n"));
        await up.CopyToAsync(answer, _stop.Token);
        return answer.ToArray();
    }

    // Reads up to and including the blank line; returns the head, its first line (without the version) and Content-Length.
    private static async Task<(string Head, string Line, int Length)> ReadHeadAsync(Stream s)
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (!sb.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await s.ReadAsync(one) == 0)
            {
                throw new EndOfStreamException();
            }

            sb.Append((char)one[0]);
        }

        string head = sb.ToString();
        string first = head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
        string line = first.Contains(" HTTP/", StringComparison.Ordinal) && !first.StartsWith("HTTP/", StringComparison.Ordinal) ? first[..first.LastIndexOf(' ')] : first;
        int length = 0;
        foreach (string h in head.Split("\r\n"))
        {
            if (h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(h[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return (head, line, length);
    }
}
