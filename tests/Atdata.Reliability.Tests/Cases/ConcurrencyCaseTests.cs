using System.Collections.Concurrent;
using Atdata.Local;
using Atdata.Reliability.Tests.Infrastructure;
using Atdata.Reliability.Tests.Properties;
using NUnit.Framework;
using static Atdata.Reliability.Tests.Cases.ServerCaseSupport;

namespace Atdata.Reliability.Tests.Cases;

/// <summary>
/// Cases F7–F9 against the shared real Redis (and S3 for inserts with shards), and the combined F7 + F9 history
/// of real inserts with shards on every backend (Redis, the Redis Cluster, SQLite).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Concurrency")]
public sealed class ConcurrencyCaseTests
{
    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("ATDATA_CONCURRENCY_ROUNDS"), out int r) && r > 0 ? r : 50;

    /// <summary>Rounds of the history test with real shards (ATDATA_HISTORY_ROUNDS, default 10).</summary>
    private static int HistoryRounds => int.TryParse(Environment.GetEnvironmentVariable("ATDATA_HISTORY_ROUNDS"), out int r) && r > 0 ? r : 10;

    [Test]
    public async Task F7_ConcurrentWritersOfOneName_ExactlyOneWins_OthersGetDatasetExistsException()
    {
        using var index = new LocalIndex(Services.RedisOptions(Database));
        string prefix = Services.UniqueName("f7");
        for (int round = 0; round < Rounds; round++)
        {
            int writers = 2 + (round % 7);
            string name = $"{prefix}-{round}";
            var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                try
                {
                    await index.AddEntryAsync(new LocalDatasetEntry(name, "atdata://local/sampleSchema/S@1.0.0", [$"s3://b/{name}/writer{w}.tar"]));
                    return true;
                }
                catch (DatasetExistsException ex)
                {
                    SecretScan.Record(ex);
                    return false;
                }
            })));
            Assert.That(results.Count(won => won), Is.EqualTo(1), $"round {round}: exactly one winner of {writers}");
        }

        var all = await index.GetAllEntriesAsync();
        var ours = all.Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.That(ours, Has.Count.EqualTo(Rounds));
        Assert.That(ours.Select(e => e.Name), Is.Unique, "zero duplicate entries");
    }

    [Test]
    public async Task F7_ConcurrentInsertsWithShards_LosersObjectsAreRemoved()
    {
        using var s3 = await Services.NewStoreAsync();
        using var dir = new Runtime.Tests.Shards.TempDir();
        var dataset = await DatasetAsync(dir.Path, 5, 1024);
        using var index = new LocalIndex(Services.RedisOptions(Database), s3);
        string name = Services.UniqueName("f7s");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            try
            {
                return await index.InsertDatasetAsync(dataset, name, prefix: $"{name}/w{w}");
            }
            catch (DatasetExistsException ex)
            {
                SecretScan.Record(ex);
                return null;
            }
        })));
        var winner = outcomes.Where(e => e is not null).ToList();
        Assert.That(winner, Has.Count.EqualTo(1));
        var referenced = new HashSet<string>(winner[0]!.DataUrls, StringComparer.Ordinal);
        Assert.That((await OrphansAsync(s3, name + "/", referenced.Contains)).DeletedObjects, Is.Empty, "losers' shards were deleted");
    }

    [Test]
    public async Task F8_SchemaConflicts_RaiseSchemaMismatchException_AndConcurrentAutoVersionsAreDistinct()
    {
        using var index = new LocalIndex(Services.RedisOptions(Database));
        string schemaName = "F8Schema" + Guid.NewGuid().ToString("N")[..8];
        SchemaRecord Record(string field) => SchemaRecord.Parse($$"""{"name": "{{schemaName}}", "version": "1.0.0", "fields": [{"name": "{{field}}", "fieldType": {"$type": "local#primitive", "primitive": "str"}, "optional": false}]}""");

        await index.PublishSchemaAsync(Record("a"), "1.0.0");
        await index.PublishSchemaAsync(Record("a"), "1.0.0");
        await ExpectAsync<SchemaMismatchException>(() => index.PublishSchemaAsync(Record("b"), "1.0.0"));
        Assert.That((await index.GetSchemaAsync($"atdata://local/sampleSchema/{schemaName}@1.0.0")).Fields.Single().Name, Is.EqualTo("a"), "never a silent overwrite");

        var refs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => index.PublishSchemaAsync(Record("f" + i)))));
        Assert.That(refs, Is.Unique, "each different schema got its own version");
    }

    [Test]
    public async Task F9_ReadersDuringWrites_SeePreviousOrCompleteEntries_NeverPartial_HistoryChecked()
    {
        using var writerIndex = new LocalIndex(Services.RedisOptions(Database));
        using var readerIndex = new LocalIndex(Services.RedisOptions(Database));
        string prefix = Services.UniqueName("f9");
        int writes = Math.Max(20, Rounds);
        var history = new ConcurrentQueue<(string Kind, string Name, int Urls, long Invoked, long Completed)>();
        long clock = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(async () =>
        {
            var random = new Random(r);
            while (!stop.IsCancellationRequested)
            {
                string name = $"{prefix}-{random.Next(writes)}";
                long invoked = Interlocked.Increment(ref clock);
                var found = await readerIndex.FindEntryByNameAsync(name);
                history.Enqueue(("read", name, found?.DataUrls.Count ?? -1, invoked, Interlocked.Increment(ref clock)));
            }
        })).ToArray();

        for (int i = 0; i < writes; i++)
        {
            string name = $"{prefix}-{i}";
            long invoked = Interlocked.Increment(ref clock);
            await writerIndex.AddEntryAsync(new LocalDatasetEntry(name, "atdata://local/sampleSchema/S@1.0.0", [.. Enumerable.Range(0, 4).Select(s => $"s3://b/{name}/{s}.tar")]));
            history.Enqueue(("write-ok", name, 4, invoked, Interlocked.Increment(ref clock)));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);

        // Check: every read saw nothing or the complete entry, and a read invoked after a write's ok saw it.
        var okAt = history.Where(h => h.Kind == "write-ok").ToDictionary(h => h.Name, h => h.Completed);
        var reads = history.Where(h => h.Kind == "read").ToList();
        Assert.That(reads, Is.Not.Empty);
        foreach (var read in reads)
        {
            Assert.That(read.Urls, Is.EqualTo(-1).Or.EqualTo(4), $"{read.Name}: partial entry seen");
            if (okAt.TryGetValue(read.Name, out long ok) && read.Invoked > ok)
            {
                Assert.That(read.Urls, Is.EqualTo(4), $"{read.Name}: acknowledged write not visible to a later read");
            }
        }
    }

    [TestCase("redis")]
    [TestCase("cluster")]
    [TestCase("sqlite")]
    public async Task F7_F9_History_WritersInsertingOneNameWithShards_OneWinner_ReadersNeverSeeAPartialDataset(string backend)
    {
        using var dir = new Runtime.Tests.Shards.TempDir();
        var store = new LocalDiskStore(Path.Combine(dir.Path, "store"));
        using var index = backend switch
        {
            "redis" => new LocalIndex(Services.RedisOptions(Database), store),
            "cluster" => new LocalIndex(Services.ClusterOptions(), store),
            _ => LocalIndex.OpenSqlite(Path.Combine(dir.Path, "index.db"), store),
        };
        // One source dataset per writer, so every writer's entry has its own CID; three shards each.
        var datasets = new Dataset<PropScalars>[8];
        for (int w = 0; w < datasets.Length; w++)
        {
            Directory.CreateDirectory(Path.Combine(dir.Path, $"src{w}"));
            datasets[w] = await DatasetAsync(Path.Combine(dir.Path, $"src{w}"), 6, 512 + w);
        }

        string prefix = Services.UniqueName("h");
        var history = new InsertHistory();
        for (int round = 0; round < HistoryRounds; round++)
        {
            int writers = 2 + (round % 7);
            string name = $"{prefix}-{round}";
            using var stop = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    long invoked = history.Now();
                    var found = await index.FindEntryByNameAsync(name);
                    // The bytes are checked right away: a reader that saw an entry must be able to read all of it.
                    List<string> problems;
                    try
                    {
                        problems = found is null ? [] : await FaultMatrix.EntryChecks.Sha256MismatchesAsync(found, store);
                    }
                    catch (Exception ex) when (ex is AtdataException or IOException)
                    {
                        problems = [$"unreadable: {ex.GetType().Name}: {ex.Message}"];
                    }

                    history.Read(name, invoked, found, problems);
                }
            })).ToArray();

            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                long invoked = history.Now();
                try
                {
                    var entry = await index.InsertDatasetAsync(datasets[w], name, prefix: $"{name}/w{w}", options: new InsertOptions { MaxCount = 2 });
                    history.Ok(name, invoked, entry);
                }
                catch (DatasetExistsException ex)
                {
                    SecretScan.Record(ex);
                    history.Failed(name, invoked);
                }
            })));
            await stop.CancelAsync();
            await Task.WhenAll(readers);
            Figures.Add("history_rounds");
            Figures.Add($"history_rounds_{backend}");
        }

        var all = (await index.GetAllEntriesAsync()).Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var report = history.Check(all);
        Figures.Add("history_reader_snapshots", report.Reads);
        Figures.Add("history_partial_datasets_seen", report.Violations.Count(v => v.Contains("partial", StringComparison.Ordinal)));
        Assert.That(report.Violations, Is.Empty);
        Assert.That(report.Reads, Is.GreaterThan(0), "readers ran during the writes");

        // The losers' shards were removed: on disk are exactly the winners' shards.
        var files = Directory.GetFiles(Path.Combine(dir.Path, "store"), "*.tar", SearchOption.AllDirectories).Select(Path.GetFullPath);
        Assert.That(files, Is.EquivalentTo(all.SelectMany(e => e.DataUrls).Select(Path.GetFullPath)), "only the winners' shards remain");
    }
}
