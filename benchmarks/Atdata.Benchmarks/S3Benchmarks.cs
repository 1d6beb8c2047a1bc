using System.Net;
using System.Security.Cryptography;
using Atdata.Local;
using BenchmarkDotNet.Attributes;
using Minio;
using Minio.DataModel.Args;

namespace Atdata.Benchmarks;

[Packable]
public partial record S3BlobSample(long Id, byte[] Data);

/// <summary>
/// G7: the S3 store's shard upload and read against raw Minio 7.0.0 PutObject/GetObject of the same bytes to the
/// same server, in the same run. Needs ATDATA_S3_ENDPOINT, ATDATA_S3_ACCESS_KEY, ATDATA_S3_SECRET_KEY
/// (scripts/services.sh start s3, then source its env file).
/// </summary>
[BenchmarkCategory("S3")]
public class S3Benchmarks
{
    private const int SampleBytes = 1 << 20;
    private const int SampleCount = 32;

    private string _dir = string.Empty;
    private byte[] _shard = [];
    private S3DataStore _store = null!;
    private IMinioClient _minio = null!;
    private Dataset<S3BlobSample> _dataset = null!;
    private string _storedUrl = string.Empty;
    private string _rawKey = string.Empty;
    private int _n;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        string endpoint = Environment.GetEnvironmentVariable("ATDATA_S3_ENDPOINT") ?? throw new InvalidOperationException("ATDATA_S3_ENDPOINT is not set (scripts/services.sh start s3)");
        string access = Environment.GetEnvironmentVariable("ATDATA_S3_ACCESS_KEY")!;
        string secret = Environment.GetEnvironmentVariable("ATDATA_S3_SECRET_KEY")!;
        string region = Environment.GetEnvironmentVariable("ATDATA_S3_REGION") ?? "us-east-1";
        string bucket = "atdata-bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        _store = new S3DataStore(new S3Credentials(access, secret, endpoint, region), bucket);
        await _store.EnsureBucketAsync();

        var uri = new Uri(endpoint);
        _minio = new MinioClient()
            .WithEndpoint(uri.Host, uri.Port)
            .WithCredentials(access, secret)
            .WithRegion(region)
            .WithSSL(uri.Scheme == "https")
            .WithHttpClient(new HttpClient(new RangedGetFixHandler { InnerHandler = new SocketsHttpHandler() }) { Timeout = Timeout.InfiniteTimeSpan })
            .Build();

        _dir = Path.Combine(Path.GetTempPath(), bucket);
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "bench.tar");
        await using (var writer = new ShardWriter(path))
        {
            var data = new byte[SampleBytes];
            RandomNumberGenerator.Fill(data);
            for (int i = 0; i < SampleCount; i++)
            {
                await writer.WriteAsync(new S3BlobSample(i, data));
            }
        }

        _shard = await File.ReadAllBytesAsync(path);
        _dataset = new Dataset<S3BlobSample>(path);
        _storedUrl = (await _store.WriteShardsAsync(_dataset, "read")).Urls[0];
        _rawKey = "raw/read.tar";
        using var ms = new MemoryStream(_shard);
        await _minio.PutObjectAsync(new PutObjectArgs().WithBucket(bucket).WithObject(_rawKey).WithStreamData(ms).WithObjectSize(_shard.Length));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _minio.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("S3 upload")]
    public async Task MinioPutObject()
    {
        using var ms = new MemoryStream(_shard, writable: false);
        await _minio.PutObjectAsync(new PutObjectArgs().WithBucket(_store.Bucket).WithObject($"raw/put-{_n++}.tar").WithStreamData(ms).WithObjectSize(_shard.Length));
    }

    [Benchmark, BenchmarkCategory("S3 upload")]
    public Task<StoredShards> StoreWriteShards() => _store.WriteShardsAsync(_dataset, "up");

    [Benchmark(Baseline = true), BenchmarkCategory("S3 read")]
    public async Task MinioGetObject()
    {
        await _minio.GetObjectAsync(new GetObjectArgs().WithBucket(_store.Bucket).WithObject(_rawKey).WithCallbackStream(async (s, ct) => await s.CopyToAsync(Stream.Null, ct)));
    }

    [Benchmark, BenchmarkCategory("S3 read")]
    public async Task<long> StoreReadShard()
    {
        long n = 0;
        await foreach (var sample in ShardReader.ReadAsync(_store.OpenSource([_storedUrl]), _storedUrl))
        {
            n += sample.Msgpack.Length;
        }

        return n;
    }

    /// <summary>Minio 7.0.0 sends a HEAD carrying Range and rejects the 206 answer; report it as 200 (guides/infrastructure.md).</summary>
    private sealed class RangedGetFixHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Head && response.StatusCode == HttpStatusCode.PartialContent)
            {
                response.StatusCode = HttpStatusCode.OK;
            }

            return response;
        }
    }
}
