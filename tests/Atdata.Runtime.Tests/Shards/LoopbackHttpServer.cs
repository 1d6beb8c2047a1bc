using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Atdata.Runtime.Tests.Shards;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (a random port) for source tests: one request per connection, GET only,
/// bounded request size. Routes answer a status and a body; a route may stop early or pause mid-body.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public LoopbackHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public List<string> RequestedPaths { get; } = [];

    public void Add(string path, byte[] body, int status = 200, int? cutAfter = null, TaskCompletionSource? pauseAfterHalf = null)
    {
        lock (_routes)
        {
            _routes[path] = new Route(status, body, cutAfter, pauseAfterHalf);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                var stream = client.GetStream();
                string path = await ReadRequestPathAsync(stream, timeout.Token);
                Route? route;
                lock (_routes)
                {
                    RequestedPaths.Add(path);
                    _routes.TryGetValue(path, out route);
                }

                route ??= new Route(404, "not found"u8.ToArray(), null, null);
                var head = $"HTTP/1.1 {route.Status} {(route.Status == 200 ? "OK" : "Error")}\r\nContent-Length: {route.Body.Length}\r\nContent-Type: application/x-tar\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
                int send = route.CutAfter ?? route.Body.Length;
                if (route.Pause is { } pause)
                {
                    int half = send / 2;
                    await stream.WriteAsync(route.Body.AsMemory(0, half), timeout.Token);
                    await stream.FlushAsync(timeout.Token);
                    await pause.Task.WaitAsync(timeout.Token);
                    await stream.WriteAsync(route.Body.AsMemory(half, send - half), timeout.Token);
                }
                else
                {
                    await stream.WriteAsync(route.Body.AsMemory(0, send), timeout.Token);
                }

                if (route.CutAfter is not null)
                {
                    client.Client.LingerState = new LingerOption(true, 0); // reset, so the client sees the body end early
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or InvalidDataException)
            {
            }
        }
    }

    private static async Task<string> ReadRequestPathAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int length = 0;
        while (true)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (n == 0)
            {
                throw new IOException("the client closed the connection");
            }

            length += n;
            string text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var parts = text[..text.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
                if (parts.Length < 2 || parts[0] != "GET")
                {
                    throw new InvalidDataException("only GET is served");
                }

                int query = parts[1].IndexOf('?', StringComparison.Ordinal);
                return query < 0 ? parts[1] : parts[1][..query];
            }

            if (length == buffer.Length)
            {
                throw new InvalidDataException("request headers too large");
            }
        }
    }

    private sealed record Route(int Status, byte[] Body, int? CutAfter, TaskCompletionSource? Pause);
}
