using System.Security.Cryptography;
using Atdata.Local;

namespace Atdata.AotSmoke;

/// <summary>The S3 store's calls under NativeAOT against the real server.</summary>
internal static class AotS3
{
    public static async Task<int> RunAsync(string endpoint, Action<bool, string> check)
    {
        var credentials = new S3Credentials(
            Environment.GetEnvironmentVariable("ATDATA_S3_ACCESS_KEY") ?? string.Empty,
            Environment.GetEnvironmentVariable("ATDATA_S3_SECRET_KEY") ?? string.Empty,
            endpoint,
            Environment.GetEnvironmentVariable("ATDATA_S3_REGION"));
        string bucket = "atdata-aot-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        string dir = Path.Combine(Path.GetTempPath(), bucket);
        Directory.CreateDirectory(dir);
        try
        {
            using var store = new S3DataStore(credentials, bucket, new S3DataStoreOptions { PartSize = S3DataStoreOptions.MinPartSize });
            await store.EnsureBucketAsync();

            // 12 samples of 1 MiB: three 5 MiB parts (multipart), and a small second shard (PutObject).
            await using (var writer = new ShardWriter(Path.Combine(dir, "local.tar")))
            {
                var blob = new byte[1 << 20];
                for (int i = 0; i < 13; i++)
                {
                    await writer.WriteAsync(new Measurement { Sensor = $"s{i}", Reading = i, Raw = blob });
                }
            }

            var dataset = new Dataset<Measurement>(Path.Combine(dir, "local.tar"));
            var stored = await store.WriteShardsAsync(dataset, "aot", new ShardWriterOptions { MaxCount = 12 });
            check(stored.Urls.Count == 2, "S3 WriteShardsAsync rolls over into two shards");
            int n = 0;
            await foreach (var m in new Dataset<Measurement>(stored.Urls[0].Replace("000000", "{000000..000001}", StringComparison.Ordinal), store.ShardSourceOptions()).Ordered())
            {
                n++;
            }

            check(n == 13, "S3 shards read back through s3:// (GetObject)");
            var gc = await store.GcAsync(stored.Urls.Contains, new S3GcOptions { StaleUploadAge = TimeSpan.Zero, OrphanObjectAge = TimeSpan.Zero });
            check(gc.ReferencedObjects == 2 && gc.DeletedObjects.Count == 0, "S3 GcAsync (ListObjectsV2, ListMultipartUploads) keeps referenced shards");
            await store.DeleteAsync(stored.Urls);
            var after = await store.GcAsync(_ => false);
            check(after.ReferencedObjects == 0, "S3 DeleteAsync removes the shards");
            try
            {
                await store.OpenSource([stored.Urls[0]]).OpenShardAsync(stored.Urls[0]);
                check(false, "a deleted shard is not found");
            }
            catch (ShardSourceException ex)
            {
                check(ex.Error == ShardSourceError.NotFound && ex.InnerException is StorageException, "a deleted shard gives NotFound with a StorageException inside");
            }

            return 0;
        }
        catch (AtdataException ex)
        {
            check(false, $"S3 under AOT: {ex.GetType().Name}: {ex.Message}");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
