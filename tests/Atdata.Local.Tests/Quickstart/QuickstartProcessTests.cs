using Atdata.Local.Tests.S3;

namespace Atdata.Local.Tests.Quickstart;

/// <summary>
/// Runs the built quickstart (<c>samples/Atdata.Quickstart</c>, built with the solution) as a process, on the
/// embedded default and with <c>ATDATA_QUICKSTART_BACKEND=redis-s3</c> against the test servers, and checks its
/// exit code and key lines.
/// </summary>
[NonParallelizable]
public sealed class QuickstartProcessTests
{
    private static readonly SemaphoreSlim s_buildLock = new(1, 1);
    private string? _home;

    [SetUp]
    public void CreateHome()
    {
        _home = Path.Combine(Path.GetTempPath(), "atdata-quickstart-home-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_home);
    }

    [TearDown]
    public void DeleteHome() => Directory.Delete(_home!, recursive: true);

    [Test]
    public async Task The_embedded_default_runs_end_to_end_and_again()
    {
        var first = await RunQuickstartAsync(new Dictionary<string, string?> { ["ATDATA_QUICKSTART_BACKEND"] = null });
        AssertStorageLines(first, "Sqlite", "LocalDiskStore");
        Assert.That(first, Does.Contain("entries in the index: 1"));
        Assert.That(File.Exists(Path.Combine(_home!, "index.db")), Is.True, "the index lives under ATDATA_HOME");
        Assert.That(Directory.GetFiles(Path.Combine(_home!, "data", "quickstart-images"), "data--*--00000?.tar"), Has.Length.EqualTo(3));

        var second = await RunQuickstartAsync(new Dictionary<string, string?> { ["ATDATA_QUICKSTART_BACKEND"] = "embedded" });
        AssertStorageLines(second, "Sqlite", "LocalDiskStore");
        Assert.That(second, Does.Contain("entries in the index: 2"), "a re-run inserts again under the same name (Overwrite = true)");
    }

    [Test]
    public async Task The_redis_s3_switch_runs_the_same_flow_on_the_test_servers()
    {
        string redis = TestServers.RedisEndpoint();

        _ = S3TestServer.Credentials();
        string bucket = S3TestServer.UniqueName("qs");
        var output = await RunQuickstartAsync(new Dictionary<string, string?>
        {
            ["ATDATA_QUICKSTART_BACKEND"] = "redis-s3",
            ["ATDATA_S3_BUCKET"] = bucket,
        });
        AssertStorageLines(output, "Redis", "S3DataStore");
        Assert.That(Directory.GetFileSystemEntries(_home!), Is.Empty, "nothing is written to the embedded default");

        await using var index = new LocalIndex(new LocalIndexOptions { ConnectionString = redis });
        var entry = await index.GetEntryByNameAsync("quickstart-images");
        Assert.That(entry.DataUrls, Has.Count.EqualTo(3));
        Assert.That(entry.DataUrls, Has.All.StartsWith($"s3://{bucket}/quickstart-images/data--"));
    }

    private static void AssertStorageLines(string output, string kind, string store)
    {
        Assert.That(output, Does.Contain($"index: {kind}, shards in {store}"));
        Assert.That(output, Does.Contain("published schema atdata://local/sampleSchema/ImageSample@1.0.0"));
        Assert.That(output, Does.Match(@"inserted quickstart-images as bafyrei[a-z2-7]+ in 3 shards, checksums recorded: 3"));
        Assert.That(output, Does.Match(@"loaded quickstart-images \(bafyrei[a-z2-7]+\), schema ImageSample@1\.0\.0"));
        Assert.That(output, Does.Contain("read 5000 samples in 79 batches from the index"));
    }

    /// <summary>Runs the quickstart with ATDATA_HOME at the test's directory and the given variables (null removes one).</summary>
    private async Task<string> RunQuickstartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        string dll = await QuickstartDllAsync();
        var variables = new Dictionary<string, string?>(environment) { ["ATDATA_HOME"] = _home };
        var (code, output, error) = await ChildProcess.RunAsync("dotnet", [dll], variables);
        Assert.That(code, Is.Zero, $"the quickstart exited with {code}:\n{output}\n{error}");
        return output;
    }

    /// <summary>The quickstart built with the solution in this test's configuration; built now if it is missing.</summary>
    private static async Task<string> QuickstartDllAsync()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = baseDir.Name, configuration = baseDir.Parent!.Name;
        string project = Path.Combine(TestServers.RepoRoot, "samples", "Atdata.Quickstart");
        string dll = Path.Combine(project, "bin", configuration, framework, "Atdata.Quickstart.dll");
        await s_buildLock.WaitAsync();
        try
        {
            if (!File.Exists(dll))
            {
                var (code, output, _) = await ChildProcess.RunAsync("dotnet", ["build", project, "-c", configuration]);
                Assert.That(code, Is.Zero, $"building the quickstart failed:\n{output}");
            }
        }
        finally
        {
            s_buildLock.Release();
        }

        return dll;
    }
}
