using Atdata.Local;
using Atdata.Reliability.Tests.Infrastructure;
using NUnit.Framework;
using static Atdata.Reliability.Tests.Cases.ServerCaseSupport;

namespace Atdata.Reliability.Tests.FaultMatrix;

/// <summary>
/// The insert protocol of the embedded backend (SQLite + <see cref="LocalDiskStore"/>) under the faults that exist
/// in one process: the store's write failing (a full disk) or the caller cancelling, after each shard in turn.
/// After each: no entry, and after <c>LocalIndex.GcAsync</c> no file is left under the store's root; a retry
/// without the fault commits an entry whose shards pass SHA-256.
/// </summary>
[TestFixture]
[Category("FaultMatrix")]
public sealed class EmbeddedFaultMatrixTests
{
    private const int Shards = 3;

    public enum LocalFault
    {
        /// <summary>The store's write throws (IOException, as from a full disk) after shard N is finished.</summary>
        StoreWriteFails,

        /// <summary>The caller's token is cancelled after shard N is finished.</summary>
        Cancelled,
    }

    public static IEnumerable<TestCaseData> Scenarios()
        => from shard in Enumerable.Range(1, Shards)
           from fault in Enum.GetValues<LocalFault>()
           select new TestCaseData(shard, fault).SetName($"Embedded_insert_{fault}_after_shard_{shard}");

    [TestCaseSource(nameof(Scenarios))]
    public async Task Embedded_insert(int shard, LocalFault fault)
    {
        using var dir = new Runtime.Tests.Shards.TempDir();
        var dataset = await DatasetAsync(dir.Path, Shards * 2, 2048);
        string root = Path.Combine(dir.Path, "store");
        using var cancel = new CancellationTokenSource();
        var store = new FaultAfterShardStore(new LocalDiskStore(root), shard, () =>
        {
            if (fault == LocalFault.Cancelled)
            {
                cancel.Cancel();
                cancel.Token.ThrowIfCancellationRequested();
            }

            throw new IOException("injected: no space left on device");
        });
        using var index = LocalIndex.OpenSqlite(Path.Combine(dir.Path, "index.db"), store);
        var options = new InsertOptions { MaxCount = 2 };
        Figures.Add("fault_matrix_scenarios_run");
        Figures.FaultInjected();

        var thrown = Assert.CatchAsync(() => index.InsertDatasetAsync(dataset, "embedded", options: options, cancellationToken: cancel.Token));
        Assert.That(store.Fired, Is.True, "the fault was injected");
        Assert.That(thrown, fault == LocalFault.Cancelled ? Is.InstanceOf<OperationCanceledException>() : Is.InstanceOf<IOException>());
        Assert.That(await index.FindEntryByNameAsync("embedded"), Is.Null, "no entry");

        await index.GcAsync(TimeSpan.Zero);
        Assert.That(Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [], Is.Empty, "no file left after GC");

        store.Disarm();
        var entry = await index.InsertDatasetAsync(dataset, "embedded", options: options);
        Assert.That(entry.DataUrls, Has.Count.EqualTo(Shards));
        Assert.That(await EntryChecks.Sha256MismatchesAsync(entry, store), Is.Empty, "the retry's shards match their SHA-256");
        Assert.That(await VerifyEntryAsync(entry, store), Is.EqualTo(Shards * 2));
        Assert.That(Directory.GetFiles(root, "*", SearchOption.AllDirectories), Is.EquivalentTo(entry.DataUrls.Select(Path.GetFullPath)));
        Figures.Add("fault_matrix_scenarios_survived");
        Figures.FaultSurvived();
    }

    /// <summary>A store that runs <paramref name="fault"/> once the <paramref name="shard"/>th shard is finished (and recorded).</summary>
    private sealed class FaultAfterShardStore(IDataStore inner, int shard, Action fault) : IDataStore
    {
        private volatile bool _armed = true;

        public bool Fired { get; private set; }

        public bool SupportsStreaming => inner.SupportsStreaming;

        public void Disarm() => _armed = false;

        public Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options = null, CancellationToken cancellationToken = default)
            where T : IPackable<T>
        {
            options ??= new ShardWriterOptions();
            var recorded = options.ShardCompleted;
            int finished = 0;
            return inner.WriteShardsAsync(dataset, prefix, options with
            {
                ShardCompleted = async (info, ct) =>
                {
                    if (recorded is not null)
                    {
                        await recorded(info, ct);
                    }

                    if (_armed && ++finished == shard)
                    {
                        Fired = true;
                        fault();
                    }
                },
            }, cancellationToken);
        }

        public IShardSource OpenSource(IReadOnlyList<string> urls) => inner.OpenSource(urls);

        public Task DeleteAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken = default) => inner.DeleteAsync(urls, cancellationToken);
    }
}
