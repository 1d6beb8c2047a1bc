namespace Atdata.Local.Tests.Sqlite;

/// <summary>
/// Reliability S2: an index entry's shard URLs are opened only inside the index's data store or under
/// <see cref="LocalIndexOptions.AllowedUrlPrefixes"/>; everything else is refused before any I/O.
/// </summary>
public sealed class IndexUrlPolicyTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("atdata-url-policy-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private async Task<string> ShardAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "data-000000.tar");
        await using (var writer = new ShardWriter(path))
        {
            await writer.WriteAsync(new TextSample("t", 1));
        }

        return path;
    }

    private static async Task<int> CountAsync(Dataset<TextSample> dataset)
    {
        int n = 0;
        await foreach (var _ in dataset.Ordered())
        {
            n++;
        }

        return n;
    }

    [TestCase("/etc/passwd")]
    [TestCase("file:///etc/passwd")]
    [TestCase("http://169.254.169.254/latest/meta-data/x.tar")]
    [TestCase("https://example.org/data.tar")]
    [TestCase("pipe:cat /etc/passwd")]
    [TestCase("s3://other-bucket/data.tar")]
    [TestCase("relative/data.tar")]
    public async Task Urls_outside_the_store_are_refused_before_any_read(string url)
    {
        await using var index = LocalIndex.OpenEmbedded(_root);
        var entry = await index.AddEntryAsync(new LocalDatasetEntry("hostile", "atdata://local/sampleSchema/TextSample@1.0.0", [url]));

        var e = Assert.Throws<ShardSourceException>(() => index.OpenDataset<TextSample>(entry));
        Assert.That(e!.Error, Is.EqualTo(ShardSourceError.NotAllowed));
        Assert.ThrowsAsync<ShardSourceException>(() => index.LoadDatasetAsync<TextSample>("hostile"));
    }

    [Test]
    public async Task A_dot_dot_path_cannot_leave_the_store_root()
    {
        await using var index = LocalIndex.OpenEmbedded(_root);
        string outside = await ShardAsync(Path.Combine(_root, "elsewhere"));
        string sneaky = Path.Combine(_root, "data", "..", "elsewhere", Path.GetFileName(outside));
        var entry = await index.AddEntryAsync(new LocalDatasetEntry("sneaky", "atdata://local/sampleSchema/TextSample@1.0.0", [sneaky]));

        Assert.That(Assert.Throws<ShardSourceException>(() => index.OpenDataset<TextSample>(entry))!.Error, Is.EqualTo(ShardSourceError.NotAllowed));
    }

    [Test]
    public async Task The_store_root_and_allowed_prefixes_are_read()
    {
        string shared = Path.Combine(_root, "shared");
        await using var index = LocalIndex.OpenEmbedded(_root, new LocalIndexOptions { AllowedUrlPrefixes = [shared + "/"] });
        string inStore = await ShardAsync(Path.Combine(_root, "data", "mine"));
        string inShared = await ShardAsync(shared);

        var mine = await index.AddEntryAsync(new LocalDatasetEntry("mine", "atdata://local/sampleSchema/TextSample@1.0.0", [inStore]));
        var theirs = await index.AddEntryAsync(new LocalDatasetEntry("theirs", "atdata://local/sampleSchema/TextSample@1.0.0", ["file://" + inShared]));

        Assert.That(await CountAsync(index.OpenDataset<TextSample>(mine)), Is.EqualTo(1));
        Assert.That(await CountAsync(await index.LoadDatasetAsync<TextSample>("theirs")), Is.EqualTo(1));
        Assert.That(theirs.DataUrls.Single(), Does.StartWith("file://"));
    }
}
