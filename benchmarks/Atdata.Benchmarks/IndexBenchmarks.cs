using Atdata.Local;
using BenchmarkDotNet.Attributes;
using StackExchange.Redis;

namespace Atdata.Benchmarks;

/// <summary>
/// Goal G8 (guides/performance.md) against the real Redis named by <c>ATDATA_REDIS</c> (host:port), database 15,
/// which the benchmark flushes. Inserts: 1,000 <see cref="LocalIndex.AddEntryAsync(LocalDatasetEntry, InsertOptions?, CancellationToken)"/>
/// calls issued together (pipelined by the multiplexer, one atomic script each) against Python's write path
/// with one awaited command at a time (HSET entry, HSET label). Lookup and listing over 10,000 entries: the name
/// hash and entry set against Python's SCAN <c>LocalDatasetEntry:*</c> plus HGET/HGETALL per key.
/// </summary>
[Config(typeof(SideBySideConfig))]
public class IndexBenchmarks
{
    private const int Database = 15;
    private const int Inserts = 1_000;
    private const int Listed = 10_000;

    private ConnectionMultiplexer _redis = null!;
    private IDatabase _db = null!;
    private IServer _server = null!;
    private LocalIndex _index = null!;
    private LocalDatasetEntry[] _batch = [];
    private int _round;

    [GlobalSetup]
    public async Task Setup()
    {
        string endpoint = Environment.GetEnvironmentVariable("ATDATA_REDIS")
            ?? throw new InvalidOperationException("Set ATDATA_REDIS (host:port); scripts/services.sh start prints it.");
        var config = ConfigurationOptions.Parse(endpoint);
        config.AllowAdmin = true;
        _redis = await ConnectionMultiplexer.ConnectAsync(config);
        _db = _redis.GetDatabase(Database);
        _server = _redis.GetServer(_redis.GetEndPoints()[0]);
        await _server.FlushDatabaseAsync(Database);
        _index = new LocalIndex(_redis, options: new LocalIndexOptions { Database = Database });
        await Task.WhenAll(Enumerable.Range(0, Listed).Select(i => _index.AddEntryAsync(Entry("listed", i))));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _server.FlushDatabaseAsync(Database);
        await _index.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [IterationSetup(Targets = [nameof(InsertSequentialAwaits), nameof(InsertPipelined)])]
    public void NextBatch()
    {
        _round++;
        _batch = Enumerable.Range(0, Inserts).Select(i => Entry($"r{_round}", i)).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Inserts), BenchmarkCategory("Insert1000")]
    public async Task InsertSequentialAwaits()
    {
        foreach (var e in _batch)
        {
            await _db.HashSetAsync("LocalDatasetEntry:" + e.Cid, [
                new HashEntry("name", e.Name), new HashEntry("schema_ref", e.SchemaRef),
                new HashEntry("data_urls", Urls(e.DataUrls)), new HashEntry("cid", e.Cid),
            ]);
            await _db.HashSetAsync("Label:" + e.Name + "@", [new HashEntry("cid", e.Cid), new HashEntry("name", e.Name), new HashEntry("version", "")]);
        }
    }

    [Benchmark(OperationsPerInvoke = Inserts), BenchmarkCategory("Insert1000")]
    public Task InsertPipelined() => Task.WhenAll(_batch.Select(e => _index.AddEntryAsync(e)));

    [Benchmark(Baseline = true), BenchmarkCategory("GetByName10k")]
    public async Task<string?> GetByNameScan()
    {
        await foreach (var key in _server.KeysAsync(Database, "LocalDatasetEntry:*", pageSize: 1000))
        {
            if (await _db.HashGetAsync(key, "name") == "listed-5000")
            {
                return (await _db.HashGetAllAsync(key)).Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [Benchmark, BenchmarkCategory("GetByName10k")]
    public async Task<string> GetByNameIndexed() => (await _index.GetEntryByNameAsync("listed-5000")).Cid;

    [Benchmark(Baseline = true), BenchmarkCategory("List10k")]
    public async Task<int> ListScan()
    {
        int count = 0;
        await foreach (var key in _server.KeysAsync(Database, "LocalDatasetEntry:*", pageSize: 1000))
        {
            count += (await _db.HashGetAllAsync(key)).Length > 0 ? 1 : 0;
        }

        return count;
    }

    [Benchmark, BenchmarkCategory("List10k")]
    public async Task<int> ListIndexed()
    {
        int count = 0;
        await foreach (var _ in _index.EntriesAsync())
        {
            count++;
        }

        return count;
    }

    private static LocalDatasetEntry Entry(string name, int i)
        => new($"{name}-{i}", "atdata://local/sampleSchema/TextSample@1.0.0", [$"/data/{name}-{i}/data--0000abcd--000000.tar"]);

    private static byte[] Urls(IReadOnlyList<string> urls)
    {
        var bytes = new List<byte> { (byte)(0x90 | urls.Count) };
        foreach (var url in urls)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(url);
            bytes.Add(0xd9);
            bytes.Add((byte)utf8.Length);
            bytes.AddRange(utf8);
        }

        return [.. bytes];
    }
}
