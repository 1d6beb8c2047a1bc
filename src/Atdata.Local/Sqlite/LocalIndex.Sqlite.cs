namespace Atdata.Local;

public sealed partial class LocalIndex
{
    /// <summary>The environment variable that moves the embedded default's root (default <c>~/.atdata</c>).</summary>
    public const string HomeEnvironmentVariable = "ATDATA_HOME";

    /// <summary>
    /// The embedded default, no servers needed: a SQLite index at <c>{root}/index.db</c> (Python atdata's
    /// default provider file) and a <see cref="LocalDiskStore"/> under <c>{root}/data</c>, so inserted shards are
    /// <c>{root}/data/{prefix}/data--{8 hex}--NNNNNN.tar</c>. Creates the directories; the database file is
    /// created (or opened, if Python or another index made it) on first use.
    /// </summary>
    /// <param name="root">The root directory; null for the <c>ATDATA_HOME</c> environment variable, else <c>~/.atdata</c>.</param>
    /// <param name="options">Behaviour options (the Redis connection settings in them are ignored), or null.</param>
    /// <returns>An index of kind <see cref="IndexKind.Sqlite"/> whose <see cref="DataStore"/> is the disk store.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="IndexException">The directories cannot be created.</exception>
    public static LocalIndex OpenEmbedded(string? root = null, LocalIndexOptions? options = null)
    {
        root ??= Environment.GetEnvironmentVariable(HomeEnvironmentVariable) is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".atdata");
        string data = Path.Combine(Path.GetFullPath(root), "data");
        CreateDirectory(data);
        return OpenSqlite(Path.Combine(Path.GetFullPath(root), "index.db"), new LocalDiskStore(data), options);
    }

    /// <summary>
    /// A SQLite index in <paramref name="databasePath"/> (created with Python atdata's tables if absent; a file
    /// Python made is used as it is), inserting through <paramref name="dataStore"/>. The parent directory is
    /// created; the file is opened on first use. Any number of indexes and processes may share the file.
    /// </summary>
    /// <param name="databasePath">The database file, for example <c>~/.atdata/index.db</c>.</param>
    /// <param name="dataStore">Where <see cref="InsertDatasetAsync{T}"/> writes shards, or null.</param>
    /// <param name="options">Behaviour options (the Redis connection settings in them are ignored), or null.</param>
    /// <exception cref="ArgumentException">The path is empty or the options are invalid.</exception>
    /// <exception cref="IndexException">The parent directory cannot be created.</exception>
    public static LocalIndex OpenSqlite(string databasePath, IDataStore? dataStore = null, LocalIndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        options ??= new LocalIndexOptions();
        options.Validate(nameof(options), redis: false);
        string full = Path.GetFullPath(databasePath);
        CreateDirectory(Path.GetDirectoryName(full)!);
        return new LocalIndex(new SqliteIndexBackend(full, options), dataStore, options);
    }

    private static void CreateDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ThrowHelper.Index("open", $"Could not create the index directory ({e.GetType().Name}).", e);
        }
    }
}
