using System.Net;
using System.Net.Sockets;

namespace Atdata.Local.Tests.Proxies;

/// <summary>
/// What the test proxies share (the S3 fault relay here, and the reliability suite's TCP, RESP and HTTP fault proxies): a listener on a free loopback port, an accept loop handing each connection to
/// <see cref="HandleAsync"/>, relaying between a client and a fresh upstream connection, resets, and a dispose
/// that closes every connection still open.
/// </summary>
internal abstract class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private Task _loop = Task.CompletedTask;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Cancelled when the proxy is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Starts listening; derived constructors call it last, once their own state is set.</summary>
    protected void Start()
    {
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    /// <summary>Serves one accepted connection (the caller disposes nothing: the handler owns it).</summary>
    protected abstract Task HandleAsync(TcpClient client);

    /// <summary>
    /// Connects to the upstream server and runs both directions until either ends; transport errors end the relay
    /// quietly (they are the faults under test).
    /// </summary>
    protected async Task RelayAsync(TcpClient client, string host, int port, Func<TcpClient, TcpClient, Task> toServer, Func<TcpClient, TcpClient, Task> toClient)
    {
        using var upstream = new TcpClient();
        lock (_open)
        {
            _open.Add(client);
            _open.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(host, port, Stopping);
            await Task.WhenAny(toServer(client, upstream), toClient(upstream, client));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Closes the connections with a TCP RST (linger 0) instead of a FIN.</summary>
    protected static void Reset(params TcpClient[] clients)
    {
        foreach (var c in clients)
        {
            c.Client.LingerState = new LingerOption(true, 0);
            c.Client.Close();
        }
    }

    public virtual async ValueTask DisposeAsync()
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
            _ = Task.Run(() => HandleAsync(client));
        }
    }
}
