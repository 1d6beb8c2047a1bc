using Atdata.Local;
using Atdata.Reliability.Tests.Infrastructure;
using Atdata.Reliability.Tests.Properties;
using NUnit.Framework;

namespace Atdata.Reliability.Tests.Cases;

/// <summary>Datasets, stores and checks shared by the server-fault case tests.</summary>
internal static class ServerCaseSupport
{
    /// <summary>The Redis database of these tests on the shared server; names are unique per test, nothing is flushed.</summary>
    public const int Database = 13;

    /// <summary>A local dataset of <paramref name="count"/> samples of <paramref name="blobBytes"/> random bytes each.</summary>
    public static async Task<Dataset<PropScalars>> DatasetAsync(string dir, int count, int blobBytes)
    {
        string path = Path.Combine(dir, "source.tar");
        await using (var writer = new ShardWriter(path))
        {
            for (int i = 0; i < count; i++)
            {
                var blob = new byte[blobBytes];
                new Random(i).NextBytes(blob);
                await writer.WriteAsync(new PropScalars(i, i, i, i, true, $"s{i}", blob));
            }
        }

        return new Dataset<PropScalars>(path);
    }

    /// <summary>Open multipart uploads and unreferenced objects under <paramref name="prefix"/>, as a dry-run GC sees them.</summary>
    public static async Task<S3GcReport> OrphansAsync(S3DataStore store, string prefix, Func<string, bool>? isReferenced = null)
        => await store.GcAsync(isReferenced ?? (_ => false), new S3GcOptions { Prefix = prefix, StaleUploadAge = TimeSpan.Zero, OrphanObjectAge = TimeSpan.Zero, DryRun = true });

    /// <summary>Every shard of the entry opens through the store and passes the reader (with its recorded SHA-256 when present).</summary>
    public static async Task<long> VerifyEntryAsync(LocalDatasetEntry entry, IDataStore store)
    {
        var dataset = new Dataset<PropScalars>(store.OpenSource(entry.DataUrls), string.Join(" ", entry.DataUrls));
        long count = 0;
        await foreach (var _ in dataset.Ordered())
        {
            count++;
        }

        return count;
    }

    /// <summary>Runs <paramref name="action"/> expecting <typeparamref name="T"/>; records the exception for the secret scan.</summary>
    public static async Task<T> ExpectAsync<T>(Func<Task> action)
        where T : Exception
    {
        try
        {
            await action();
        }
        catch (T ex)
        {
            SecretScan.Record(ex);
            return ex;
        }
        catch (Exception ex)
        {
            SecretScan.Record(ex);
            Assert.Fail($"expected {typeof(T).Name}, got {ex}");
        }

        Assert.Fail($"expected {typeof(T).Name}, nothing was thrown");
        return null!;
    }
}

/// <summary>A store that runs a callback after the shards are written and before the index step (F4).</summary>
internal sealed class HookedStore(IDataStore inner, Action afterUpload) : IDataStore
{
    public bool SupportsStreaming => inner.SupportsStreaming;

    public async Task<StoredShards> WriteShardsAsync<T>(Dataset<T> dataset, string prefix, ShardWriterOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
    {
        var stored = await inner.WriteShardsAsync(dataset, prefix, options, cancellationToken);
        afterUpload();
        return stored;
    }

    public IShardSource OpenSource(IReadOnlyList<string> urls) => inner.OpenSource(urls);

    public Task DeleteAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken = default) => inner.DeleteAsync(urls, cancellationToken);
}
