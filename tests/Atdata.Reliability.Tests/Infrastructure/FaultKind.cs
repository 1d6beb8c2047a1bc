namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>The four fault kinds of the insert-protocol matrix (guide section 5, goal 4).</summary>
public enum FaultKind
{
    /// <summary>
    /// The server process dies at the fault point. Redis: the private redis-server is killed with SIGKILL by its pid
    /// (and restarted on its AOF afterwards). S3: the shared Swift server cannot be restarted cheaply (about 30 s), so
    /// its death is played by the proxy, which resets every connection from then on until the server is "back".
    /// </summary>
    Kill,

    /// <summary>The connection carrying the request is reset (TCP RST) before the request reaches the server.</summary>
    Reset,

    /// <summary>The server answers with an error: HTTP 503 from S3; for Redis the command is replaced by one Redis rejects (-ERR).</summary>
    ServerError,

    /// <summary>The request reaches the server and runs, but its answer never comes back (the client times out; outcome unknown).</summary>
    Timeout,
}
