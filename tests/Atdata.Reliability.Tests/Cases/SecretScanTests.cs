using Atdata.Local;
using Atdata.Reliability.Tests.Infrastructure;
using NUnit.Framework;
using static Atdata.Reliability.Tests.Cases.ServerCaseSupport;

namespace Atdata.Reliability.Tests.Cases;

/// <summary>
/// Case S1: canary credentials in every configuration this project uses (the private Redis servers run with the
/// canary password; the S3 configurations here carry the canary secret) never appear in exception messages,
/// ToString() output or console output. The run-wide scan over everything other tests captured is repeated when
/// the assembly finishes (<see cref="FiguresWriter"/>).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("CWE-532")]
public sealed class SecretScanTests
{
    [Test]
    public async Task S1_CanarySecrets_NeverAppearInExceptionsToStringOrConsoleOutput()
    {
        var console = new StringWriter();
        var original = Console.Out;
        var originalError = Console.Error;
        Console.SetOut(console);
        Console.SetError(console);
        try
        {
            // Redis: a wrong password against a server protected by the canary, and the canary against a dead port.
            using (var redis = new PrivateRedis(SecretScan.RedisPassword))
            {
                using var wrong = new LocalIndex(redis.Options() with { Password = "not-the-password" });
                await ExpectAsync<IndexException>(() => wrong.FindEntryByNameAsync("x"));
                using var right = new LocalIndex(redis.Options());
                SecretScan.Record(right.Options.ToString());
            }

            using (var dead = new LocalIndex(new LocalIndexOptions { Host = "127.0.0.1", Port = 9, Password = SecretScan.RedisPassword, ConnectTimeout = TimeSpan.FromMilliseconds(500), CommandTimeout = TimeSpan.FromMilliseconds(500) }))
            {
                await ExpectAsync<IndexException>(() => dead.FindEntryByNameAsync("x"));
                SecretScan.Record(dead.Options.ToString());
            }

            // S3: the canary secret against the real server (signature rejected) and against a dead port.
            var real = Services.S3();
            var canary = new S3Credentials(real.AccessKeyId, SecretScan.S3Secret, real.Endpoint, real.Region);
            SecretScan.Record(canary.ToString());
            using (var store = new S3DataStore(canary, Services.UniqueName("s1"), new S3DataStoreOptions { MaxAttempts = 1 }))
            {
                SecretScan.Record(store.ToString());
                await ExpectAsync<StorageException>(() => store.EnsureBucketAsync());
                await ExpectAsync<ShardSourceException>(async () =>
                {
                    await using var stream = await store.OpenSource([$"s3://{store.Bucket}/x.tar"]).OpenShardAsync($"s3://{store.Bucket}/x.tar");
                });
            }

            using (var dead = new S3DataStore(new S3Credentials("access", SecretScan.S3Secret, "http://127.0.0.1:9"), "b", new S3DataStoreOptions { MaxAttempts = 1 }))
            {
                await ExpectAsync<StorageException>(() => dead.EnsureBucketAsync());
            }
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }

        SecretScan.Record(console.ToString());
        Assert.That(SecretScan.Captured, Is.Not.Empty);
        Assert.That(SecretScan.Leaks(), Is.Empty, "a canary secret appeared in captured output");
    }
}
