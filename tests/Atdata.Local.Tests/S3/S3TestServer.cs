using System.Diagnostics;
using System.Security.Cryptography;

namespace Atdata.Local.Tests.S3;

[Packable]
public partial record BlobSample(long Id, string Name, byte[] Data);

/// <summary>The real S3 server the tests use (Swift's s3api, started by scripts/services.sh), read from ATDATA_S3_*.</summary>
internal static class S3TestServer
{
    public static S3Credentials Credentials() => TestServers.S3();

    public static string UniqueName(string what) => $"atdata-{what}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";

    public static async Task<S3DataStore> NewStoreAsync(S3DataStoreOptions? options = null, S3Credentials? credentials = null)
    {
        var store = new S3DataStore(credentials ?? Credentials(), UniqueName("b"), options);
        await store.EnsureBucketAsync();
        return store;
    }

    /// <summary>Writes <paramref name="count"/> samples with <paramref name="dataBytes"/> bytes each into local shards (pattern when maxCount is given).</summary>
    public static async Task<(Dataset<BlobSample> Dataset, ShardWriter Writer, List<BlobSample> Samples)> LocalDatasetAsync(string dir, int count, int dataBytes, long? maxCount = null)
    {
        var samples = new List<BlobSample>();
        string path = Path.Combine(dir, maxCount is null ? "local.tar" : "local-%06d.tar");
        var writer = new ShardWriter(path, maxCount is null ? null : new ShardWriterOptions { MaxCount = maxCount.Value });
        for (int i = 0; i < count; i++)
        {
            var data = new byte[dataBytes];
            new Random(i).NextBytes(data);
            var s = new BlobSample(i, $"sample-{i}", data);
            samples.Add(s);
            await writer.WriteAsync(s, key: $"k{i:D8}");
        }

        await writer.CompleteAsync();
        string url = maxCount is null ? writer.ShardUrls[0] : string.Join(" ", writer.ShardUrls);
        var source = new FileShardSource(writer.ShardUrls);
        return (new Dataset<BlobSample>(source, url), writer, samples);
    }

    public static async Task<byte[]> GetBytesAsync(S3DataStore store, string url)
    {
        var source = store.OpenSource([url]);
        await using var stream = await source.OpenShardAsync(url);
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms);
        return ms.ToArray();
    }

    public static async Task<List<(string Key, string UploadId, DateTimeOffset Initiated)>> OpenUploadsAsync(S3DataStore store, string? prefix)
    {
        var list = new List<(string, string, DateTimeOffset)>();
        await foreach (var u in store.ListUploadsAsync(prefix))
        {
            list.Add(u);
        }

        return list;
    }

    public static async Task<List<string>> ObjectKeysAsync(S3DataStore store, string? prefix)
    {
        var list = new List<string>();
        await foreach (var o in store.Client.ListObjectsAsync(store.Bucket, prefix, CancellationToken.None))
        {
            list.Add(o.Key);
        }

        return list;
    }

    public static async Task<int> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync();
        return p.ExitCode;
    }
}

/// <summary>A temporary directory deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "atdata-s3-test-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
