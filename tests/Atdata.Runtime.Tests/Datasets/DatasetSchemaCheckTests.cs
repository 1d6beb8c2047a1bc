using NUnit.Framework;

namespace Atdata.Runtime.Tests.Datasets;

/// <summary>
/// <c>new Dataset&lt;DynamicSample&gt;(url, schema)</c> (api.md: a dataset validated against a decoded schema) and
/// <see cref="ShardSources.FromUrls"/>, over real shard files.
/// </summary>
public sealed class DatasetSchemaCheckTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("atdata-schema-check-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private async Task<string> WriteAsync(string name, int count, long firstId = 0)
    {
        string path = Path.Combine(_dir, name);
        long id = firstId;
        await File.WriteAllBytesAsync(path, await DatasetTestData.ShardAsync(count, () => new DsSample(id++, 0, new NdArray<float>([1f, 2f], 2))));
        return path;
    }

    [Test]
    public async Task Samples_matching_the_schema_are_read_as_DynamicSamples()
    {
        string url = await WriteAsync("ok.tar", 5);
        var dataset = new Dataset<DynamicSample>(url, new DynamicSchema(DsSample.Schema));

        var samples = await dataset.Ordered().CollectAsync();

        Assert.That(samples.Select(s => (long)s["id"]!), Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }));
    }

    [Test]
    public async Task A_sample_that_does_not_match_raises_SchemaMismatchException_naming_the_field()
    {
        string url = await WriteAsync("ok.tar", 3);
        var other = new SchemaRecord("Other", "1.0.0", [new SchemaField("caption", SchemaFieldType.Str, false)]);

        var e = Assert.ThrowsAsync<SchemaMismatchException>(async () => await new Dataset<DynamicSample>(url, new DynamicSchema(other)).Ordered().CollectAsync());

        Assert.That(e!.Message, Does.Contain("caption"));
    }

    [Test]
    public async Task Typed_samples_are_checked_too_and_the_error_policy_applies()
    {
        string url = await WriteAsync("ok.tar", 4);
        var other = new SchemaRecord("Other", "1.0.0", [new SchemaField("caption", SchemaFieldType.Str, false)]);
        var skipping = new Dataset<DsSample>(url, new DynamicSchema(other), options: new DatasetOptions { ErrorPolicy = DatasetErrorPolicy.SkipSample });

        var read = await skipping.Ordered().CollectAsync();
        var typed = await new Dataset<DsSample>(url, new DynamicSchema(DsSample.Schema)).Ordered().CollectAsync();

        Assert.That(read, Is.Empty);
        Assert.That(skipping.Statistics.SamplesSkipped, Is.EqualTo(4));
        Assert.That(typed.Ids(), Is.EqualTo(new long[] { 0, 1, 2, 3 }));
    }

    [Test]
    public async Task FromUrls_reads_several_patterns_in_the_order_given()
    {
        await WriteAsync("a-000000.tar", 2, 0);
        await WriteAsync("a-000001.tar", 2, 2);
        string single = await WriteAsync("b.tar", 2, 4);

        var source = ShardSources.FromUrls([single, Path.Combine(_dir, "a-{000000..000001}.tar")]);
        var ids = await new Dataset<DsSample>(source).Ordered().CollectAsync();

        Assert.That(source.ListShards(), Has.Count.EqualTo(3));
        Assert.That(ids.Ids(), Is.EqualTo(new long[] { 4, 5, 0, 1, 2, 3 }));
    }

    [Test]
    public void FromUrls_refuses_no_urls_a_repeated_shard_and_a_disallowed_scheme()
    {
        string path = Path.Combine(_dir, "x.tar");
        Assert.Throws<ArgumentException>(() => ShardSources.FromUrls([]));
        Assert.Throws<ShardSourceException>(() => ShardSources.FromUrls([path, path]));
        Assert.That(Assert.Throws<ShardSourceException>(() => ShardSources.FromUrls([path, "pipe:cat x.tar"]))!.Error, Is.EqualTo(ShardSourceError.UnsupportedScheme));
    }
}
