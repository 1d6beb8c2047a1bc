using Atdata.Local;

namespace Atdata.Cli.Config;

/// <summary>Opens the configured index: the only place that knows how each <see cref="IndexKind"/> is opened.</summary>
internal static class IndexFactory
{
    /// <param name="settings">The run's configuration.</param>
    /// <param name="store">Where inserts write shards.</param>
    /// <param name="storeIsExplicit">Whether <paramref name="store"/> was configured (a bucket) rather than the index's own default.</param>
    public static LocalIndex Open(CliSettings settings, IDataStore store, bool storeIsExplicit)
    {
        var spec = settings.Index;
        return spec.Kind switch
        {
            IndexKind.Redis => new LocalIndex(spec.ToRedisOptions(), store),
            IndexKind.Sqlite => LocalIndex.OpenSqlite(spec.SqlitePath!, store),

            // The embedded default keeps its own disk store unless shards are sent to a bucket.
            _ => storeIsExplicit ? LocalIndex.OpenSqlite(spec.SqlitePath!, store) : LocalIndex.OpenEmbedded(spec.Home!),
        };
    }
}
