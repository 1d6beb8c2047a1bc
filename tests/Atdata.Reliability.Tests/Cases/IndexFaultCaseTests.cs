using Atdata.Local;
using Atdata.Reliability.Tests.Infrastructure;
using NUnit.Framework;
using static Atdata.Reliability.Tests.Cases.ServerCaseSupport;

namespace Atdata.Reliability.Tests.Cases;

/// <summary>
/// Cases F4–F6 against a private redis-server (appendonly yes, appendfsync always, the canary password) that
/// is killed by its pid, plus the real S3 server.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Faults")]
public sealed class IndexFaultCaseTests
{
    [Test]
    public async Task F4_RedisKilledBetweenUploadAndIndexWrite_RaisesIndexException_GcRemovesTheShards_RerunSucceeds()
    {
        using var redis = new PrivateRedis(SecretScan.RedisPassword);
        using var s3 = await Services.NewStoreAsync();
        using var dir = new Runtime.Tests.Shards.TempDir();
        var dataset = await DatasetAsync(dir.Path, 20, 4096);
        string name = Services.UniqueName("f4");
        var hooked = new HookedStore(s3, redis.Kill);

        using (var index = new LocalIndex(redis.Options(), hooked))
        {
            var ex = await ExpectAsync<IndexException>(() => index.InsertDatasetAsync(dataset, name));
            SecretScan.Record(index.Options.ToString());
            Assert.That(ex.Message, Does.Not.Contain(SecretScan.RedisPassword));
        }

        redis.Start();
        using var after = new LocalIndex(redis.Options(), s3);
        Assert.That(await after.FindEntryByNameAsync(name), Is.Null, "no entry after restart");
        await after.GcAsync(TimeSpan.Zero);
        var orphans = await OrphansAsync(s3, name + "/");
        Assert.That(orphans.DeletedObjects, Is.Empty, "the uploaded shards are gone after Gc");
        Assert.That(orphans.AbortedUploads, Is.Empty);

        var entry = await after.InsertDatasetAsync(dataset, name);
        Assert.That(await VerifyEntryAsync(entry, s3), Is.EqualTo(20));
        Figures.FaultSurvived();
    }

    [Test]
    public async Task F5_RedisKilledDuringIndexWrites_EachEntryIsAllOrNothing_AndNoAcknowledgedWriteIsLost()
    {
        using var redis = new PrivateRedis(SecretScan.RedisPassword);
        int cycles = int.TryParse(Environment.GetEnvironmentVariable("ATDATA_KILL_CYCLES"), out int c) ? c : 5;
        var acknowledged = new List<LocalDatasetEntry>();
        var attempted = new List<string>();
        for (int cycle = 0; cycle < cycles; cycle++)
        {
            using var index = new LocalIndex(redis.Options(TimeSpan.FromSeconds(1)));
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    string name = $"f5-{cycle}-{i}";
                    lock (attempted)
                    {
                        attempted.Add(name);
                    }

                    try
                    {
                        var entry = await index.AddEntryAsync(new LocalDatasetEntry(name, "atdata://local/sampleSchema/S@1.0.0", [$"s3://b/{name}/0.tar", $"s3://b/{name}/1.tar", $"s3://b/{name}/2.tar"]));
                        lock (acknowledged)
                        {
                            acknowledged.Add(entry);
                        }
                    }
                    catch (IndexException ex)
                    {
                        SecretScan.Record(ex);
                        return;
                    }
                }
            });
            await Task.Delay(150 + (cycle * 37));
            redis.Kill();
            await stop.CancelAsync();
            await writer;
            redis.Start();
        }

        using var check = new LocalIndex(redis.Options());
        long lost = 0;
        foreach (var entry in acknowledged)
        {
            var found = await check.FindEntryByNameAsync(entry.Name);
            lost += found is null ? 1 : 0;
        }

        Figures.WritesLost(lost);
        Assert.That(lost, Is.Zero, "acknowledged writes lost across kill -9 with appendfsync always");
        foreach (string name in attempted)
        {
            if (await check.FindEntryByNameAsync(name) is { } found)
            {
                Assert.That(found.DataUrls, Has.Count.EqualTo(3), $"{name}: never partial");
            }
        }

        var all = await check.GetAllEntriesAsync();
        Assert.That(all.Select(e => e.Name), Is.Unique);
        Assert.That(all.All(e => e.DataUrls.Count == 3), Is.True);
        Assert.That(acknowledged, Is.Not.Empty, "some writes were acknowledged");
        for (int i = 0; i < cycles; i++)
        {
            Figures.FaultSurvived();
        }
    }

    [Test]
    public async Task F6_UnknownOutcome_WriteReachedRedisButTheAnswerWasLost_IsNeverReportedAsSuccess_AndReconciles()
    {
        using var redis = new PrivateRedis(SecretScan.RedisPassword);
        await using var proxy = new TcpFaultProxy("127.0.0.1", redis.Port);
        var options = redis.Options(TimeSpan.FromSeconds(1)) with { Port = proxy.Port };
        var entry = new LocalDatasetEntry(Services.UniqueName("f6"), "atdata://local/sampleSchema/S@1.0.0", ["s3://b/f6/0.tar"]);
        using (var index = new LocalIndex(options))
        {
            _ = await index.FindEntryByNameAsync("warm-up-connection");
            proxy.Fault = TcpFault.HalfOpen;
            Figures.FaultInjected();
            await ExpectAsync<IndexException>(() => index.AddEntryAsync(entry));
        }

        proxy.Fault = TcpFault.None;
        using var direct = new LocalIndex(redis.Options());
        var stored = await direct.FindEntryByNameAsync(entry.Name);
        Assert.That(stored, Is.Not.Null, "the command reached Redis and ran: the outcome was unknown, not failed");
        Assert.That(stored!.Cid, Is.EqualTo(entry.Cid));

        // Reconciling by retrying the same insert: the entry is there, so the retry succeeds or reports it exists; never a duplicate.
        try
        {
            _ = await direct.AddEntryAsync(entry);
        }
        catch (DatasetExistsException ex)
        {
            SecretScan.Record(ex);
        }

        Assert.That((await direct.GetAllEntriesAsync()).Count(e => e.Name == entry.Name), Is.EqualTo(1));
        Figures.FaultSurvived();
    }
}
