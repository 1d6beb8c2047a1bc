namespace Atdata.Cli.Config;

/// <summary>Which index the tool talks to.</summary>
internal enum IndexKind
{
    /// <summary>The embedded default: SQLite at <c>{home}/index.db</c>, shards under <c>{home}/data</c>.</summary>
    Embedded,

    /// <summary>A SQLite index file given with <c>sqlite:PATH</c>.</summary>
    Sqlite,

    /// <summary>Redis, given with <c>redis://</c> or <c>rediss://</c>.</summary>
    Redis,
}
