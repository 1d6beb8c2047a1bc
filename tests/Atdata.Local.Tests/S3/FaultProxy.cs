using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Atdata.Local.Tests.Proxies;

namespace Atdata.Local.Tests.S3;

/// <summary>
/// A loopback HTTP/1.1 relay in front of the S3 server that can answer chosen requests itself (to inject faults).
/// Each request is forwarded byte for byte (the signed Host header included) on a fresh upstream connection and the
/// answer is relayed with <c>Connection: close</c>. Request lines are recorded for assertions.
/// </summary>
internal sealed class FaultProxy : LoopbackProxy
{
    private readonly Uri _upstream;
    private readonly Func<string, string?> _fault;

    /// <param name="upstream">The real server.</param>
    /// <param name="fault">Given "METHOD path?query", a raw HTTP response to send instead of forwarding, or null to forward.</param>
    public FaultProxy(string upstream, Func<string, string?> fault)
    {
        _upstream = new Uri(upstream);
        _fault = fault;
        Start();
    }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<string> Requests { get; } = new();

    protected override async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (head, line, length) = await ReadHeadAsync(stream);
                var body = new byte[length];
                await stream.ReadExactlyAsync(body);
                Requests.Enqueue(line);
                if (_fault(line) is { } answer)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
                    return;
                }

                using var upstream = new TcpClient();
                await upstream.ConnectAsync(_upstream.Host, _upstream.Port);
                var up = upstream.GetStream();
                string forwarded = head.Replace("\r\nConnection: keep-alive", string.Empty, StringComparison.OrdinalIgnoreCase);
                forwarded = forwarded[..^2] + "Connection: close\r\n\r\n";
                await up.WriteAsync(Encoding.Latin1.GetBytes(forwarded));
                await up.WriteAsync(body);
                var (responseHead, _, _) = await ReadHeadAsync(up);
                responseHead = responseHead[..^2] + "Connection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.Latin1.GetBytes(responseHead));
                await up.CopyToAsync(stream);
            }
            catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException)
            {
            }
        }
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
