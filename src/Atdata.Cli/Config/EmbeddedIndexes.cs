using Atdata.Local;

namespace Atdata.Cli.Config;

/// <summary>The SQLite-backed indexes (LocalIndex.OpenEmbedded / OpenSqlite).</summary>
internal static class EmbeddedIndexes
{
    // LocalIndex.OpenEmbedded and LocalIndex.OpenSqlite are being added to Atdata.Local in parallel; until they
    // land, the SQLite-backed indexes report that they are unavailable.
    public static LocalIndex OpenEmbedded(string home)
        => throw new CliFailureException($"The embedded index ({home}) is not available in this build yet; use --index redis://host:port/db.");

    public static LocalIndex OpenSqlite(string path, IDataStore store)
        => throw new CliFailureException($"SQLite indexes ({path}, {store.GetType().Name}) are not available in this build yet; use --index redis://host:port/db.");
}
