using System.Diagnostics;

namespace Atdata.Local.Tests.S3;

/// <summary>Reliability cases F1–F3: failures during multipart uploads leave no object and no open upload.</summary>
[TestFixture]
[NonParallelizable]
public sealed class S3FaultTests
{
    private const string EmptyServerError = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    [Test]
    public async Task Http500OnAPart_IsRetriedABoundedNumberOfTimes_ThenStorageException_AndTheUploadIsAborted()
    {
        var creds = S3TestServer.Credentials();
        using var direct = await S3TestServer.NewStoreAsync();
        await using var proxy = new FaultProxy(creds.Endpoint!, line => line.StartsWith("PUT ", StringComparison.Ordinal) && line.Contains("partNumber=2&", StringComparison.Ordinal) ? EmptyServerError : null);
        using var store = new S3DataStore(new S3Credentials(creds.AccessKeyId, creds.SecretAccessKey, proxy.Endpoint, creds.Region), direct.Bucket, new S3DataStoreOptions { PartSize = S3DataStoreOptions.MinPartSize, MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(5) });
        using var dir = new TempDir();
        var (dataset, _, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 12, 1 << 20);

        var ex = Assert.ThrowsAsync<StorageException>(() => store.WriteShardsAsync(dataset, "f2"));
        Assert.That(ex!.Operation, Is.EqualTo("UploadPart"));
        Assert.That(ex.StatusCode, Is.EqualTo(500));
        Assert.That(ex.Message, Does.Contain("after 3 attempts"));
        var requests = proxy.Requests.ToArray();
        Assert.That(requests.Count(r => r.Contains("partNumber=2&", StringComparison.Ordinal)), Is.EqualTo(3), "three attempts at part 2");
        Assert.That(requests.Any(r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.Contains("uploadId=", StringComparison.Ordinal)), Is.True, "AbortMultipartUpload was sent");
        Assert.That(requests.Any(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("uploadId=", StringComparison.Ordinal)), Is.False, "Complete was never sent");
        Assert.That(await S3TestServer.OpenUploadsAsync(direct, "f2/"), Is.Empty);
        Assert.That(await S3TestServer.ObjectKeysAsync(direct, "f2/"), Is.Empty);
    }

    [Test]
    public async Task PartAnsweredWithoutETag_IsAFailure_CompleteIsNeverSent()
    {
        var creds = S3TestServer.Credentials();
        using var direct = await S3TestServer.NewStoreAsync();
        await using var proxy = new FaultProxy(creds.Endpoint!, line => line.StartsWith("PUT ", StringComparison.Ordinal) && line.Contains("partNumber=1&", StringComparison.Ordinal) ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" : null);
        using var store = new S3DataStore(new S3Credentials(creds.AccessKeyId, creds.SecretAccessKey, proxy.Endpoint, creds.Region), direct.Bucket, new S3DataStoreOptions { PartSize = S3DataStoreOptions.MinPartSize });
        using var dir = new TempDir();
        var (dataset, _, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 8, 1 << 20);

        var ex = Assert.ThrowsAsync<StorageException>(() => store.WriteShardsAsync(dataset, "f3"));
        Assert.That(ex!.Message, Does.Contain("without an ETag"));
        Assert.That(proxy.Requests.Any(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("uploadId=", StringComparison.Ordinal)), Is.False);
        Assert.That(await S3TestServer.OpenUploadsAsync(direct, "f3/"), Is.Empty);
        Assert.That(await S3TestServer.ObjectKeysAsync(direct, "f3/"), Is.Empty);
    }

    [Test]
    public async Task KillingTheS3ProxyMidUpload_GivesStorageException_NoObject_AndNoOpenUploadAfterRestartAndGc()
    {
        string pidFile = Path.Combine(TestServers.StateDir(), "swift-proxy.pid");
        if (!File.Exists(pidFile))
        {
            TestServers.Unavailable($"no Swift proxy pid file at {pidFile}: this test kills the proxy scripts/services.sh started (set STATE_DIR when it uses another state directory)");
        }

        int pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        string[] command = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).TrimEnd('\0').Split('\0');
        Assert.That(string.Join(' ', command), Does.Contain("swift-proxy-server"), "the pid file names the Swift proxy");

        using var store = await S3TestServer.NewStoreAsync(new S3DataStoreOptions { PartSize = S3DataStoreOptions.MinPartSize, MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(50) });
        using var dir = new TempDir();
        var (dataset, _, _) = await S3TestServer.LocalDatasetAsync(dir.Path, 60, 1 << 20);

        var write = store.WriteShardsAsync(dataset, "f1");
        var watch = Stopwatch.StartNew();
        while ((await S3TestServer.OpenUploadsAsync(store, "f1/")).Count == 0)
        {
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "the multipart upload did not start");
            await Task.Delay(20);
        }

        // Kill the proxy and its worker (its process group: it runs as a session leader), then restart it.
        Assert.That(await S3TestServer.RunAsync("kill", "-KILL", "--", $"-{pid}"), Is.EqualTo(0));
        try
        {
            var ex = Assert.ThrowsAsync<StorageException>(() => write);
            Assert.That(ex!.Backend, Is.EqualTo("s3"));
            TestContext.Out.WriteLine($"error after the kill: {ex.Message}");
        }
        finally
        {
            await RestartProxyAsync(pidFile, command);
        }

        Assert.That(await S3TestServer.ObjectKeysAsync(store, "f1/"), Is.Empty, "no object is visible");
        var open = await S3TestServer.OpenUploadsAsync(store, "f1/");
        TestContext.Out.WriteLine($"open uploads after restart: {open.Count}, pending aborts recorded: {store.PendingAborts.Count}");
        Assert.That(open.Select(u => (u.Key, u.UploadId)), Is.SubsetOf(store.PendingAborts), "an upload left open is one whose abort failed and was recorded");
        var report = await store.GcAsync(_ => false, new S3GcOptions { Prefix = "f1/" });
        Assert.That(report.AbortedUploads, Has.Count.EqualTo(open.Count));
        Assert.That(await S3TestServer.OpenUploadsAsync(store, "f1/"), Is.Empty, "no open multipart upload afterwards");
        Assert.That(store.PendingAborts, Is.Empty);
    }

    private static async Task RestartProxyAsync(string pidFile, string[] command)
    {
        string log = Path.Combine(TestServers.StateDir(), "swift", "log", "proxy.log");
        var args = new List<string> { "-c", "setsid bash -c 'echo $$ > \"$0\"; exec \"$@\"' \"$@\" >> \"$LOG\" 2>&1 < /dev/null &", "_", pidFile };
        args.AddRange(command);
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LOG"] = log;
        using (var p = Process.Start(psi)!)
        {
            await p.WaitForExitAsync();
        }

        var creds = S3TestServer.Credentials();
        using var probe = new HttpClient();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var r = await probe.GetAsync(new Uri(creds.Endpoint + "/healthcheck"));
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail("the Swift proxy did not come back within 60 s");
            }

            await Task.Delay(100);
        }
    }
}
