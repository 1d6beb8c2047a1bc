using Atdata.Local;
using Atdata.Local.Tests.S3;
using Atdata.Reliability.Tests.Infrastructure;
using NUnit.Framework;
using static Atdata.Reliability.Tests.Cases.ServerCaseSupport;

namespace Atdata.Reliability.Tests.Cases;

/// <summary>Cases F1–F3 against the real Swift S3 server and Redis, through LocalIndex and S3DataStore's public API.</summary>
[TestFixture]
[NonParallelizable]
[Category("Faults")]
public sealed class StorageFaultCaseTests
{
    private static readonly S3DataStoreOptions s_multipart = new() { PartSize = S3DataStoreOptions.MinPartSize, MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10) };

    [Test]
    public async Task F1_S3ConnectionResetMidPart_RaisesStorageException_NoEntryNoOrphans_ARetrySucceeds()
    {
        var endpoint = new Uri(Services.S3().Endpoint!);
        using var direct = await Services.NewStoreAsync();
        await using var proxy = new TcpFaultProxy(endpoint.Host, endpoint.Port) { Fault = TcpFault.ResetAfterBytes, ResetAfterBytes = 2 << 20 };
        using var faulty = await Services.NewStoreAsync($"http://127.0.0.1:{proxy.Port}", s_multipart, direct.Bucket);
        using var dir = new Runtime.Tests.Shards.TempDir();
        var dataset = await DatasetAsync(dir.Path, 12, 1 << 20);
        string name = Services.UniqueName("f1");

        using (var index = new LocalIndex(Services.RedisOptions(Database), faulty))
        {
            Figures.FaultInjected();
            var ex = await ExpectAsync<StorageException>(() => index.InsertDatasetAsync(dataset, name));
            Assert.That(proxy.Resets, Is.GreaterThan(0), "the proxy reset a connection mid part");
            Assert.That(ex.InnerException, Is.Not.Null, "the transport cause is kept");
            Assert.That(await index.FindEntryByNameAsync(name), Is.Null, "no index entry");
        }

        var orphans = await OrphansAsync(direct, name + "/");
        Assert.That(orphans.AbortedUploads, Is.Empty, "no open multipart upload");
        Assert.That(orphans.DeletedObjects, Is.Empty, "no partial object");

        // A retry without the fault succeeds, with no duplicate data.
        using var retry = new LocalIndex(Services.RedisOptions(Database), direct);
        var entry = await retry.InsertDatasetAsync(dataset, name);
        Assert.That(await VerifyEntryAsync(entry, direct), Is.EqualTo(12));
        var referenced = new HashSet<string>(entry.DataUrls, StringComparer.Ordinal);
        Assert.That((await OrphansAsync(direct, name + "/", referenced.Contains)).DeletedObjects, Is.Empty, "only the entry's shards exist");
        Figures.FaultSurvived();
    }

    [TestCase(500)]
    [TestCase(503)]
    [TestCase(429)]
    public async Task F2_HttpErrorOnAPart_IsRetriedBoundedly_ThenStorageException_NeverNullReference(int status)
    {
        var creds = Services.S3();
        using var direct = await Services.NewStoreAsync();
        string answer = $"HTTP/1.1 {status} Fault\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await using var proxy = new FaultProxy(creds.Endpoint!, line => line.StartsWith("PUT ", StringComparison.Ordinal) && line.Contains("partNumber=2&", StringComparison.Ordinal) ? answer : null);
        using var faulty = await Services.NewStoreAsync(proxy.Endpoint, s_multipart with { MaxAttempts = 3 }, direct.Bucket);
        using var dir = new Runtime.Tests.Shards.TempDir();
        var dataset = await DatasetAsync(dir.Path, 12, 1 << 20);
        string name = Services.UniqueName("f2");
        using var index = new LocalIndex(Services.RedisOptions(Database), faulty);

        Figures.FaultInjected();
        var ex = await ExpectAsync<StorageException>(() => index.InsertDatasetAsync(dataset, name));
        Assert.That(ex.StatusCode, Is.EqualTo(status));
        Assert.That(proxy.Requests.Count(r => r.Contains("partNumber=2&", StringComparison.Ordinal)), Is.EqualTo(3), "bounded retries");
        Assert.That(await index.FindEntryByNameAsync(name), Is.Null);
        var orphans = await OrphansAsync(direct, name + "/");
        Assert.That(orphans.AbortedUploads, Is.Empty);
        Assert.That(orphans.DeletedObjects, Is.Empty);
        Figures.FaultSurvived();
    }

    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", TestName = "F3_PartAnsweredWithoutETag_IsAFailure_CompleteNeverSent")]
    [TestCase("HTTP/1.1 200 OK\r\nETag: \"\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", TestName = "F3_PartAnsweredWithAnEmptyETag_IsAFailure_CompleteNeverSent")]
    public async Task F3_PartWithoutAValidETag_IsAFailure(string answer)
    {
        var creds = Services.S3();
        using var direct = await Services.NewStoreAsync();
        await using var proxy = new FaultProxy(creds.Endpoint!, line => line.StartsWith("PUT ", StringComparison.Ordinal) && line.Contains("partNumber=1&", StringComparison.Ordinal) ? answer : null);
        using var faulty = await Services.NewStoreAsync(proxy.Endpoint, s_multipart, direct.Bucket);
        using var dir = new Runtime.Tests.Shards.TempDir();
        var dataset = await DatasetAsync(dir.Path, 8, 1 << 20);
        string name = Services.UniqueName("f3");
        using var index = new LocalIndex(Services.RedisOptions(Database), faulty);

        Figures.FaultInjected();
        await ExpectAsync<StorageException>(() => index.InsertDatasetAsync(dataset, name));
        Assert.That(proxy.Requests.Any(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("uploadId=", StringComparison.Ordinal)), Is.False, "Complete was never sent");
        Assert.That(await index.FindEntryByNameAsync(name), Is.Null);
        Assert.That((await OrphansAsync(direct, name + "/")).AbortedUploads, Is.Empty);
        Figures.FaultSurvived();
    }
}
