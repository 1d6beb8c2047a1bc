using Atdata.Local;
using Atdata.Reliability.Tests.Infrastructure;
using NUnit.Framework;
using Atdata.Reliability.Tests.Properties;
using static Atdata.Reliability.Tests.Cases.ServerCaseSupport;

namespace Atdata.Reliability.Tests.FaultMatrix;

/// <summary>
/// Guide section 5, goal 4: every fault point of the Redis + S3 insert protocol × every fault kind, each scenario
/// replayed ATDATA_FAULT_REPLAYS times (default 1). After each: no entry points to a missing or partial object,
/// no acknowledged insert is lost, every committed entry's shards match their SHA-256, and after
/// <c>LocalIndex.GcAsync</c> and <c>S3DataStore.GcAsync</c> no orphaned object and no open multipart upload
/// remains under the insert's prefix (asserted against the real Swift server).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("FaultMatrix")]
#pragma warning disable CA1001 // The servers live for the fixture: OneTimeTearDown disposes them after the final check.
public sealed class InsertFaultMatrixTests
#pragma warning restore CA1001
{
    private const int Samples = 7;
    private static readonly S3DataStoreOptions s_storeOptions = new()
    {
        PartSize = S3DataStoreOptions.MinPartSize, MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromSeconds(2),
    };

    private PrivateRedis _redis = null!;
    private RespFaultPointProxy _redisProxy = null!;
    private HttpFaultPointProxy _s3Proxy = null!;
    private S3DataStore _direct = null!;
    private S3DataStore _faulty = null!;
    private Runtime.Tests.Shards.TempDir _dir = null!;
    private Dataset<PropScalars> _dataset = null!;
    private readonly List<LocalDatasetEntry> _acknowledged = [];

    private static int Replays => int.TryParse(Environment.GetEnvironmentVariable("ATDATA_FAULT_REPLAYS"), out int r) && r > 0 ? r : 1;

    public static IEnumerable<TestCaseData> Scenarios()
        => from point in FaultPoint.All
           from kind in Enum.GetValues<FaultKind>()
           select new TestCaseData(point, kind).SetName($"Insert_fault_at_{point.Name}_{kind}");

    [OneTimeSetUp]
    public async Task StartServers()
    {
        _redis = new PrivateRedis();
        _redisProxy = new RespFaultPointProxy(_redis.Port, _redis.Kill);
        _direct = await Services.NewStoreAsync(options: s_storeOptions);
        _s3Proxy = new HttpFaultPointProxy(_direct.Endpoint);
        _faulty = await Services.NewStoreAsync(_s3Proxy.Endpoint, s_storeOptions, _direct.Bucket);
        _dir = new Runtime.Tests.Shards.TempDir();
        _dataset = await DatasetAsync(_dir.Path, Samples, 1 << 20);
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        // Across every scenario and every kill: each acknowledged insert is still there, whole.
        if (_redis is not null && _acknowledged.Count > 0)
        {
            using var check = new LocalIndex(_redis.Options(), _direct);
            foreach (var entry in _acknowledged)
            {
                Assert.That((await check.FindEntryByNameAsync(entry.Name))?.Cid, Is.EqualTo(entry.Cid), $"{entry.Name}: acknowledged insert kept to the end");
            }
        }

        await _redisProxy.DisposeAsync();
        await _s3Proxy.DisposeAsync();
        _faulty?.Dispose();
        _direct?.Dispose();
        _redis?.Dispose();
        _dir?.Dispose();
    }

    [TestCaseSource(nameof(Scenarios))]
    public async Task Insert_fault(FaultPoint point, FaultKind kind)
    {
        for (int replay = 0; replay < Replays; replay++)
        {
            await RunScenarioAsync(point, kind, replay);
            Figures.Add("fault_matrix_scenarios_survived");
            Figures.FaultSurvived();
        }
    }

    private async Task RunScenarioAsync(FaultPoint point, FaultKind kind, int replay)
    {
        string name = Services.UniqueName($"fm-{point.Name}-{kind}-{replay}".ToLowerInvariant());
        Figures.Add("fault_matrix_scenarios_run");
        if (point.IsRedis)
        {
            _redisProxy.Arm(kind, point.RedisCommands!, point.Occurrence);
        }
        else
        {
            _s3Proxy.Arm(kind, point.S3Request!);
        }

        if (!(point.IsRedis && kind == FaultKind.Kill))
        {
            Figures.FaultInjected(); // PrivateRedis.Kill counts its own.
        }

        LocalDatasetEntry? acknowledged = null;
        try
        {
            using var index = new LocalIndex(_redis.Options(TimeSpan.FromSeconds(1)) with { Port = _redisProxy.Port }, _faulty);
            acknowledged = await index.InsertDatasetAsync(_dataset, name, options: new InsertOptions { MaxSize = 6 << 20 });
        }
        catch (AtdataException ex)
        {
            SecretScan.Record(ex);
        }
        catch (Exception ex)
        {
            Figures.Untyped();
            Assert.Fail($"{point}/{kind}: untyped {ex}");
        }

        string? fired = point.IsRedis ? _redisProxy.FiredOn : _s3Proxy.FiredOn;
        _redisProxy.Restore();
        _s3Proxy.Restore();
        if (point.IsRedis && kind == FaultKind.Kill)
        {
            _redis.Start();
        }

        Assert.That(fired, Is.Not.Null, $"{point}/{kind}: the fault was injected");
        if (acknowledged is not null)
        {
            _acknowledged.Add(acknowledged);
        }

        await CheckInvariantsAsync(name, acknowledged, $"{point}/{kind}");
    }

    /// <summary>The invariants of one scenario, against the real servers (no proxy in between).</summary>
    private async Task CheckInvariantsAsync(string name, LocalDatasetEntry? acknowledged, string scenario)
    {
        using var check = new LocalIndex(_redis.Options(), _direct);
        var entry = await check.FindEntryByNameAsync(name);
        if (acknowledged is not null)
        {
            if (entry?.Cid != acknowledged.Cid)
            {
                Figures.WritesLost(1);
            }

            Assert.That(entry?.Cid, Is.EqualTo(acknowledged.Cid), $"{scenario}: the acknowledged insert is in the index");
        }

        if (entry is not null)
        {
            await VerifyCommittedAsync(entry, scenario);
        }

        // Cleanup as an operator would run it, then nothing may be left but the entry's own shards.
        await check.GcAsync(TimeSpan.Zero);
        var referenced = new HashSet<string>(entry?.DataUrls ?? [], StringComparer.Ordinal);
        var left = await GcUntilSettledAsync(name + "/", referenced);
        Assert.That(left.AbortedUploads, Is.Empty, $"{scenario}: no open multipart upload after GC");
        Assert.That(left.DeletedObjects, Is.Empty, $"{scenario}: no orphaned object after GC");
        if (entry is not null)
        {
            await VerifyCommittedAsync(entry, scenario + " after GC");
        }
    }

    /// <summary>Every shard of the entry exists, matches its recorded SHA-256 and the entry holds every sample.</summary>
    private async Task VerifyCommittedAsync(LocalDatasetEntry entry, string scenario)
    {
        Assert.That(await EntryChecks.Sha256MismatchesAsync(entry, _direct), Is.Empty, $"{scenario}: every shard is whole");
        Assert.That(await VerifyEntryAsync(entry, _direct), Is.EqualTo(Samples), $"{scenario}: every sample is there");
    }

    /// <summary>
    /// S3 GC under the prefix, then a dry run to see what is left. Swift's listings lag behind writes and deletes
    /// for a moment, so while the dry run still finds something, GC and look again (bounded); what is still found
    /// after the last try is reported.
    /// </summary>
    private async Task<S3GcReport> GcUntilSettledAsync(string prefix, HashSet<string> referenced)
    {
        var gc = new S3GcOptions { Prefix = prefix, StaleUploadAge = TimeSpan.Zero, OrphanObjectAge = TimeSpan.Zero };
        S3GcReport report;
        int tries = 0;
        do
        {
            if (tries++ > 0)
            {
                await Task.Delay(250);
            }

            await _direct.GcAsync(referenced.Contains, gc);
            report = await OrphansAsync(_direct, prefix, referenced.Contains);
        }
        while (tries < 20 && (report.AbortedUploads.Count > 0 || report.DeletedObjects.Count > 0));

        return report;
    }
}
