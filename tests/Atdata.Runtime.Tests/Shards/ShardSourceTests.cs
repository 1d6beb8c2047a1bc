using NUnit.Framework;

namespace Atdata.Runtime.Tests.Shards;

public class ShardSourceTests
{
    private static async Task<List<string>> WriteShardsAsync(TempDir dir, int shards)
    {
        var writer = new ShardWriter(dir["src-%06d.tar"], new ShardWriterOptions { MaxCount = 2, FlushToDisk = false });
        await using (writer)
        {
            for (int i = 0; i < shards * 2; i++)
            {
                await writer.WriteAsync(TestSample.Make(i), $"s{i}");
            }
        }

        return [.. writer.ShardUrls];
    }

    private static async Task<List<string>> ReadKeysAsync(IShardSource source)
    {
        var keys = new List<string>();
        foreach (var shard in source.ListShards())
        {
            await foreach (var sample in ShardReader.ReadAsync(source, shard))
            {
                keys.Add(sample.Key);
            }
        }

        return keys;
    }

    [Test]
    public async Task File_source_expands_braces_and_reads_paths_and_file_urls()
    {
        using var dir = new TempDir();
        var urls = await WriteShardsAsync(dir, 3);
        var source = new FileShardSource(dir["src-{000000..000002}.tar"]);
        Assert.That(source.ListShards(), Is.EqualTo(urls));
        Assert.That(await ReadKeysAsync(source), Is.EqualTo(Enumerable.Range(0, 6).Select(i => $"s{i}")));

        var viaUrl = ShardSources.FromUrl("file://" + dir["src-{000000,000002}.tar"]);
        Assert.That(viaUrl, Is.InstanceOf<FileShardSource>());
        Assert.That(await ReadKeysAsync(viaUrl), Is.EqualTo(new[] { "s0", "s1", "s4", "s5" }));
    }

    [Test]
    public async Task File_source_reports_missing_files_as_not_found()
    {
        using var dir = new TempDir();
        var source = new FileShardSource(dir["missing.tar"]);
        var ex = Assert.ThrowsAsync<ShardSourceException>(async () => await source.OpenShardAsync(source.ListShards()[0]));
        Assert.That(ex!.Error, Is.EqualTo(ShardSourceError.NotFound));
        Assert.That(ex.Url, Is.EqualTo(dir["missing.tar"]));
        await Task.CompletedTask;
    }

    [Test]
    public void File_source_refuses_other_schemes()
    {
        var ex = Assert.Throws<ShardSourceException>(() => _ = new FileShardSource("http://example.invalid/a.tar"));
        Assert.That(ex!.Error, Is.EqualTo(ShardSourceError.UnsupportedScheme));
    }

    [TestCase("pipe:cat /etc/passwd")]
    [TestCase("pipe:curl -s http://x/{a,b}.tar")]
    [TestCase("s3://bucket/a.tar")]
    [TestCase("ftp://host/a.tar")]
    [TestCase("gs://bucket/a.tar")]
    [TestCase("javascript:alert(1)")]
    public void FromUrl_refuses_schemes_outside_the_allowlist(string url)
    {
        var ex = Assert.Throws<ShardSourceException>(() => ShardSources.FromUrl(url));
        Assert.That(ex!.Error, Is.EqualTo(ShardSourceError.UnsupportedScheme));
    }

    [Test]
    public void FromUrl_picks_sources_by_scheme_and_takes_registered_schemes()
    {
        Assert.That(ShardSources.FromUrl("/data/a-{0..2}.tar"), Is.InstanceOf<FileShardSource>());
        Assert.That(ShardSources.FromUrl("relative/a.tar").ListShards(), Is.EqualTo(new[] { "relative/a.tar" }));
        Assert.That(ShardSources.FromUrl("HTTPS://host/a-{0..1}.tar"), Is.InstanceOf<HttpShardSource>());
        Assert.That(ShardSources.FromUrl("http://host/a-{0..1}.tar").ListShards(), Is.EqualTo(new[] { "http://host/a-0.tar", "http://host/a-1.tar" }));

        var custom = new FileShardSource(["x"]);
        var options = new ShardSourceOptions { Schemes = new Dictionary<string, Func<string, IShardSource>> { ["s3"] = _ => custom } };
        Assert.That(ShardSources.FromUrl("s3://bucket/a-{0..3}.tar", options), Is.SameAs(custom));

        var mixed = Assert.Throws<ShardSourceException>(() => ShardSources.FromUrl("{http://h/a.tar,/local/b.tar}"));
        Assert.That(mixed!.Error, Is.EqualTo(ShardSourceError.InvalidUrl));
    }

    [Test]
    public async Task Http_source_streams_shards_from_a_loopback_server()
    {
        using var dir = new TempDir();
        var urls = await WriteShardsAsync(dir, 2);
        await using var server = new LoopbackHttpServer();
        for (int i = 0; i < urls.Count; i++)
        {
            server.Add($"/data/src-{i:D6}.tar", File.ReadAllBytes(urls[i]));
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var source = ShardSources.FromUrl(server.BaseUrl + "/data/src-{000000..000001}.tar", new ShardSourceOptions { HttpClient = client });
        Assert.That(source, Is.InstanceOf<HttpShardSource>());
        Assert.That(await ReadKeysAsync(source), Is.EqualTo(new[] { "s0", "s1", "s2", "s3" }));
        Assert.That(server.RequestedPaths, Is.EqualTo(new[] { "/data/src-000000.tar", "/data/src-000001.tar" }));
    }

    [Test]
    public async Task Http_source_returns_the_stream_before_the_body_has_arrived()
    {
        var body = new TarBuilder().Sample("a", ShardTestHelpers.Msgpack(1)).Sample("b", new byte[200_000]).EndPadded().ToArray();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackHttpServer();
        server.Add("/slow.tar", body, pauseAfterHalf: release);
        var source = new HttpShardSource(server.BaseUrl + "/slow.tar");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await source.OpenShardAsync(source.ListShards()[0], timeout.Token);
        await using var reader = new ShardReader(stream, source.ListShards()[0]);
        Assert.That(await reader.MoveNextAsync(timeout.Token), Is.True, "the first sample is read while the server still holds back half the body");
        Assert.That(reader.Current.Key, Is.EqualTo("a"));
        release.SetResult();
        Assert.That(await reader.MoveNextAsync(timeout.Token), Is.True);
        Assert.That(reader.Current.Msgpack.Length, Is.EqualTo(200_000));
        Assert.That(await reader.MoveNextAsync(timeout.Token), Is.False);
    }

    [TestCase(404, ShardSourceError.NotFound)]
    [TestCase(403, ShardSourceError.AccessDenied)]
    [TestCase(500, ShardSourceError.HttpStatus)]
    [TestCase(503, ShardSourceError.HttpStatus)]
    public async Task Http_errors_are_typed_and_carry_no_secrets(int status, ShardSourceError error)
    {
        await using var server = new LoopbackHttpServer();
        server.Add("/x.tar", "nope"u8.ToArray(), status);
        string port = server.BaseUrl["http://127.0.0.1:".Length..];
        string url = $"http://user:canary-password@127.0.0.1:{port}/x.tar?X-Amz-Signature=canary-signature";
        var source = new HttpShardSource(url);
        var ex = Assert.ThrowsAsync<ShardSourceException>(async () => await source.OpenShardAsync(url));
        Assert.That(ex!.Error, Is.EqualTo(error));
        Assert.That(ex.StatusCode, Is.EqualTo(status));
        Assert.That(ex.Message + ex.Url, Does.Not.Contain("canary"));
        Assert.That(ex.Url, Is.EqualTo($"http://127.0.0.1:{port}/x.tar"));
        Assert.That(ex.Message, Does.Contain($"HTTP {status}"));
    }

    [Test]
    public async Task A_body_cut_short_by_the_server_is_a_source_error()
    {
        var body = new TarBuilder().Sample("a", new byte[300_000]).EndPadded().ToArray();
        await using var server = new LoopbackHttpServer();
        server.Add("/cut.tar", body, cutAfter: 100_000);
        var source = new HttpShardSource(server.BaseUrl + "/cut.tar");
        var ex = Assert.ThrowsAsync<ShardSourceException>(async () =>
        {
            await foreach (var _ in ShardReader.ReadAsync(source, source.ListShards()[0]))
            {
            }
        });
        Assert.That(ex!.Error, Is.EqualTo(ShardSourceError.ReadFailed));
        Assert.That(ex.InnerException, Is.Not.Null);
    }

    [Test]
    public void Connection_refused_is_a_source_error()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var source = new HttpShardSource($"http://127.0.0.1:{port}/gone.tar");
        var ex = Assert.ThrowsAsync<ShardSourceException>(async () => await source.OpenShardAsync(source.ListShards()[0]));
        Assert.That(ex!.Error, Is.EqualTo(ShardSourceError.ReadFailed));
    }
}
