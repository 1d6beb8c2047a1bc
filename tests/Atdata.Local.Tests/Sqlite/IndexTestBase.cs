using Atdata.Local.Tests.Redis;

namespace Atdata.Local.Tests.Sqlite;

/// <summary>
/// A fixture that runs its tests against either backend: <see cref="IndexKind.Redis"/> (the real redis-server,
/// one database number per fixture, flushed before each test) or <see cref="IndexKind.Sqlite"/> (a fresh
/// database file per test, shared by every index the test opens). Derived fixtures carry
/// <c>[TestFixture(IndexKind.Redis)]</c> and <c>[TestFixture(IndexKind.Sqlite)]</c>.
/// </summary>
public abstract class IndexTestBase(IndexKind kind) : RedisTestBase
{
    private string? _databasePath;

    protected IndexKind Kind => kind;

    protected override bool NeedsRedis => kind == IndexKind.Redis;

    /// <summary>The SQLite file of the current test.</summary>
    protected string DatabasePath => _databasePath ??= Path.Combine(TempDir(), "index.db");

    [SetUp]
    public void ForgetDatabase() => _databasePath = null;

    /// <summary>A new index on the fixture's backend; every index of one test shares its Redis database or SQLite file.</summary>
    protected override LocalIndex NewIndex(IDataStore? store = null, LocalIndexOptions? options = null)
        => kind == IndexKind.Redis ? base.NewIndex(store, options) : LocalIndex.OpenSqlite(DatabasePath, store, options);
}
