using System.Text.Json;
using Atdata.Cli.Tests.Infrastructure;

namespace Atdata.Cli.Tests.Verbs;

/// <summary>inspect, preview and cid: verbs that need no index.</summary>
public sealed class ShardVerbTests : CliTestBase
{
    [Test]
    public async Task Inspect_reports_the_python_fixture_shard()
    {
        var result = await Cli.RunAsync("inspect", TestVectors.PythonFixtureShard);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("shards   1").And.Contain("samples  3").And.Contain("bytes    10240"));
        Assert.That(result.Stdout, Does.Match(@"id\s+3/3\s+int").And.Match(@"name\s+3/3\s+str").And.Match(@"value\s+3/3\s+int"));
    }

    [Test]
    public async Task Inspect_json_has_counts_shards_and_field_kinds()
    {
        var shards = await Samples.WriteImagesAsync(Dir.Path, count: 5, perShard: 2);
        string pattern = Dir.File("images-{000000..000002}.tar");
        var result = await Cli.RunAsync("inspect", pattern, "--json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("shardCount").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("sampleCount").GetInt64(), Is.EqualTo(5));
            Assert.That(root.GetProperty("bytes").GetInt64(), Is.EqualTo(shards.Sum(s => new FileInfo(s).Length)));
            Assert.That(root.GetProperty("shards").EnumerateArray().Select(s => s.GetProperty("samples").GetInt64()), Is.EqualTo(new long[] { 2, 2, 1 }));
            var fields = root.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f);
            Assert.That(fields.Keys, Is.EquivalentTo(new[] { "image", "label", "index" }));
            Assert.That(fields["image"].GetProperty("kinds")[0].GetString(), Is.EqualTo("ndarray float32"));
            Assert.That(fields["label"].GetProperty("count").GetInt64(), Is.EqualTo(5));
        });
    }

    [Test]
    public async Task Preview_summarizes_arrays_as_dtype_and_shape()
    {
        await Samples.WriteImagesAsync(Dir.Path, count: 4, perShard: 10);
        string shard = Dir.File("images-000000.tar");
        var human = await Cli.RunAsync("preview", shard, "--limit", "2");
        var json = await Cli.RunAsync("preview", shard, "--limit", "3", "--json");
        Assert.That(human.ExitCode, Is.EqualTo(0), human.ToString());
        Assert.That(human.Stdout, Does.Contain("#0  s0000").And.Contain("#1  s0001").And.Not.Contain("#2"));
        Assert.That(human.Stdout, Does.Contain("ndarray float32 (2, 3)").And.Contain("\"label-1\""));

        Assert.That(json.ExitCode, Is.EqualTo(0), json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var samples = doc.RootElement.GetProperty("samples");
        Assert.That(samples.GetArrayLength(), Is.EqualTo(3));
        var image = samples[2].GetProperty("fields").GetProperty("image");
        Assert.Multiple(() =>
        {
            Assert.That(samples[2].GetProperty("key").GetString(), Is.EqualTo("s0002"));
            Assert.That(image.GetProperty("kind").GetString(), Is.EqualTo("ndarray"));
            Assert.That(image.GetProperty("dtype").GetString(), Is.EqualTo("float32"));
            Assert.That(image.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(samples[2].GetProperty("fields").GetProperty("index").GetInt64(), Is.EqualTo(2));
        });
    }

    // Cut inside the first member's data and inside the second header (a cut in tar padding is not detectable).
    [TestCase(522)]
    [TestCase(1100)]
    public async Task Inspect_of_a_truncated_shard_fails_with_one_line(int length)
    {
        byte[] bytes = await File.ReadAllBytesAsync(TestVectors.PythonFixtureShard);
        string truncated = Dir.File("truncated.tar");
        await File.WriteAllBytesAsync(truncated, bytes[..length]);
        var result = await Cli.RunAsync("inspect", truncated);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
        Assert.That(result.Stderr, Does.StartWith("atdata: error: ").And.Contain("truncated.tar"));
    }

    [Test]
    public async Task Inspect_of_a_corrupted_shard_fails_with_one_line()
    {
        byte[] bytes = await File.ReadAllBytesAsync(TestVectors.PythonFixtureShard);
        bytes[148] ^= 0x55; // the first header's checksum field
        string corrupted = Dir.File("corrupted.tar");
        await File.WriteAllBytesAsync(corrupted, bytes);
        var result = await Cli.RunAsync("inspect", corrupted, "--json");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
        Assert.That(result.Stderr, Does.StartWith("atdata: error: "));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task Cid_matches_every_interop_vector()
    {
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(TestVectors.PathOf("entry_cids.json")));
        foreach (var vector in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var input = vector.GetProperty("input");
            string[] urls = input.GetProperty("data_urls").EnumerateArray().Select(u => u.GetString()!).ToArray();
            var result = await Cli.RunAsync(["cid", "--schema-ref", input.GetProperty("schema_ref").GetString()!, .. urls]);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout.Trim(), Is.EqualTo(vector.GetProperty("cid").GetString()), vector.GetProperty("id").GetString());
        }
    }

    [Test]
    public async Task Cid_json_echoes_its_inputs()
    {
        var result = await Cli.RunAsync("cid", "--schema-ref", "atdata://local/sampleSchema/A@1.0.0", "a.tar", "b.tar", "--json");
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("cid").GetString(), Is.EqualTo(Cid.ForEntry("atdata://local/sampleSchema/A@1.0.0", ["a.tar", "b.tar"]).ToString()));
            Assert.That(doc.RootElement.GetProperty("dataUrls").GetArrayLength(), Is.EqualTo(2));
        });
    }
}
