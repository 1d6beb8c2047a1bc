using Atdata.Local.Tests.Cluster;
using Atdata.Local.Tests.Redis;

namespace Atdata.Local.Tests.Sqlite;

/// <summary>Which backend a contract fixture runs on.</summary>
public enum IndexBackend
{
    /// <summary>The real single redis-server (<c>ATDATA_REDIS</c>).</summary>
    Redis,

    /// <summary>A SQLite file.</summary>
    Sqlite,

    /// <summary>The three-node Redis Cluster scripts/services.sh starts (<c>ATDATA_REDIS_CLUSTER</c>).</summary>
    Cluster,
}

/// <summary>
/// A fixture that runs its tests against one backend: <see cref="IndexBackend.Redis"/> (the real redis-server,
/// one database number per fixture, flushed before each test), <see cref="IndexBackend.Sqlite"/> (a fresh
/// database file per test, shared by every index the test opens) or <see cref="IndexBackend.Cluster"/> (the
/// Redis Cluster, database 0 of every primary flushed before each test). Derived fixtures carry one
/// <c>[TestFixture(IndexBackend.X)]</c> per backend.
/// </summary>
public abstract class IndexTestBase(IndexBackend backend) : RedisTestBase
{
    private string? _databasePath;

    protected IndexBackend Backend => backend;

    /// <summary>What <see cref="LocalIndex.Kind"/> reports on this backend (a cluster is Redis).</summary>
    protected IndexKind Kind => backend == IndexBackend.Sqlite ? IndexKind.Sqlite : IndexKind.Redis;

    protected override bool NeedsRedis => backend == IndexBackend.Redis;

    /// <summary>The SQLite file of the current test.</summary>
    protected string DatabasePath => _databasePath ??= Path.Combine(TempDir(), "index.db");

    [SetUp]
    public void ForgetDatabaseAndFlushCluster()
    {
        _databasePath = null;
        if (backend == IndexBackend.Cluster)
        {
            ClusterTestSupport.RequireAndFlush();
        }
    }

    /// <summary>A new index on the fixture's backend; every index of one test shares its Redis database, cluster or SQLite file.</summary>
    protected override LocalIndex NewIndex(IDataStore? store = null, LocalIndexOptions? options = null) => backend switch
    {
        IndexBackend.Sqlite => LocalIndex.OpenSqlite(DatabasePath, store, options),
        IndexBackend.Cluster => new LocalIndex(ClusterTestSupport.Options(options), store),
        _ => base.NewIndex(store, options),
    };
}
