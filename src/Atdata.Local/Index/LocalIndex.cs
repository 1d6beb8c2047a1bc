using System.Text.RegularExpressions;

namespace Atdata.Local;

/// <summary>
/// A dataset index that Python atdata can share: entries, schemas and name labels, kept either in Redis with
/// Python's exact key layout (interop §3; the constructors) or in a SQLite file with Python's exact tables
/// (interop §3.6; <see cref="OpenEmbedded"/>, <see cref="OpenSqlite"/>). Both backends behave the same: lookup
/// by name and listing never scan, an insert becomes visible in one atomic step, and a name taken by another
/// entry needs <see cref="InsertOptions.Overwrite"/>.
/// </summary>
/// <remarks>
/// <para>
/// Redis: <c>LocalDatasetEntry:{cid}</c> hashes, <c>LocalSchema:{Name}@{version}</c> JSON strings and
/// <c>Label:{name}@</c> hashes, plus this SDK's own name → CID hash (<c>atdata:names</c>) and CID set
/// (<c>atdata:entries</c>), written in the same atomic step. StackExchange.Redis takes no cancellation tokens:
/// a cancelled call stops waiting, but its command may still run on the server. The index is only as durable
/// as the Redis configuration (persistence, replication).
/// </para>
/// <para>
/// SQLite: the tables <c>dataset_entries</c>, <c>schemas</c>, <c>labels</c> and <c>lenses</c>, plus this SDK's
/// <c>atdata_pending</c> tables; every atomic step is one <c>BEGIN IMMEDIATE</c> transaction in WAL mode.
/// </para>
/// <para>
/// Every method is thread-safe. Backend failures and timeouts surface as <see cref="IndexException"/>;
/// cancellation as <see cref="OperationCanceledException"/>.
/// </para>
/// </remarks>
public sealed partial class LocalIndex : IAsyncDisposable, IDisposable
{
    private readonly IIndexBackend _backend;
    private readonly LocalIndexOptions _options;

    private LocalIndex(IIndexBackend backend, IDataStore? dataStore, LocalIndexOptions options)
    {
        _backend = backend;
        _options = options;
        DataStore = dataStore;
    }

    /// <summary>The store <see cref="InsertDatasetAsync{T}"/> writes shards to, or null.</summary>
    public IDataStore? DataStore { get; }

    /// <summary>The options in use.</summary>
    public LocalIndexOptions Options => _options;

    /// <summary>Which backend holds the index: <see cref="IndexKind.Redis"/> or <see cref="IndexKind.Sqlite"/>.</summary>
    public IndexKind Kind => _backend.Kind;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>
    /// Checks a dataset name before it is used as a key part or a storage prefix: 1–128 characters from
    /// <c>A–Z a–z 0–9 . _ -</c>, and not only dots.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static void ValidateName(string name, string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(name, paramName ?? nameof(name));
        if (!NamePattern().IsMatch(name) || name.AsSpan().Trim('.').IsEmpty)
        {
            throw new ArgumentException(
                "A dataset name must be 1-128 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not only dots.",
                paramName ?? nameof(name));
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _backend.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => _backend.Dispose();
}
