using Atdata.Local;
using Atdata.Reliability.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Reliability.Tests.Durability;

/// <summary>
/// Guide section 5, goal 6: a writer adds entries to a private redis-server (appendonly yes) while the server is
/// killed with SIGKILL by its pid, ATDATA_DURABILITY_CYCLES times (default 5; 100 for the documented figure).
/// After every restart each acknowledged entry must still be there and whole. With <c>appendfsync always</c>
/// nothing acknowledged may be lost; with <c>everysec</c> losses are counted and reported in the figures file
/// (<c>durability_everysec_lost</c>), not asserted. A kill of the process is not a power cut: what Redis had
/// written to its AOF file survives in the page cache, so everysec mostly loses nothing here either.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Durability")]
public sealed class RedisDurabilityTests
{
    private static int Cycles => int.TryParse(Environment.GetEnvironmentVariable("ATDATA_DURABILITY_CYCLES"), out int c) && c > 0 ? c : 5;

    [TestCase("always")]
    [TestCase("everysec")]
    public async Task Acknowledged_entries_survive_kill_9_cycles(string appendFsync)
    {
        using var redis = new PrivateRedis(appendFsync: appendFsync);
        var acknowledged = new List<LocalDatasetEntry>();
        var random = new Random(appendFsync.Length);
        long lost = 0, partial = 0;
        for (int cycle = 0; cycle < Cycles; cycle++)
        {
            using (var index = new LocalIndex(redis.Options(TimeSpan.FromSeconds(1))))
            {
                using var stop = new CancellationTokenSource();
                var writer = Task.Run(async () =>
                {
                    for (int i = 0; !stop.IsCancellationRequested; i++)
                    {
                        string name = $"dur-{appendFsync}-{cycle}-{i}";
                        try
                        {
                            var entry = await index.AddEntryAsync(new LocalDatasetEntry(name, "atdata://local/sampleSchema/S@1.0.0", [$"s3://b/{name}/0.tar", $"s3://b/{name}/1.tar"]));
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
                await Task.Delay(50 + random.Next(200));
                redis.Kill();
                await stop.CancelAsync();
                await writer;
            }

            redis.Start();
            Figures.Add($"durability_{appendFsync}_cycles");
            Figures.FaultSurvived(); // the kill of this cycle (PrivateRedis.Kill counted it as injected)
            // One listing per cycle (not a lookup per entry): the list of acknowledged entries grows to tens of thousands.
            using var check = new LocalIndex(redis.Options());
            var present = (await check.GetAllEntriesAsync()).ToDictionary(e => e.Name, StringComparer.Ordinal);
            partial += present.Values.Count(e => e.DataUrls.Count != 2);
            int before = acknowledged.Count;
            acknowledged.RemoveAll(e => !present.TryGetValue(e.Name, out var found) || found.Cid != e.Cid);

            // A lost entry leaves the list, so each is counted once.
            lost += before - acknowledged.Count;
        }

        Figures.Add($"durability_{appendFsync}_acknowledged", acknowledged.Count + lost);
        Figures.Add($"durability_{appendFsync}_lost", lost);
        TestContext.Progress.WriteLine($"durability appendfsync {appendFsync}: {Cycles} kill -9 cycles, {acknowledged.Count + lost} acknowledged, {lost} lost");
        Assert.That(acknowledged.Count + lost, Is.GreaterThan(0), "some writes were acknowledged");
        Assert.That(partial, Is.Zero, "no entry is ever partial");
        if (appendFsync == "always")
        {
            Figures.WritesLost(lost);
            Assert.That(lost, Is.Zero, "appendfsync always: no acknowledged write lost");
        }
    }
}
