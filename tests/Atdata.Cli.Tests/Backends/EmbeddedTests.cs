using System.Text.Json;
using Atdata.Cli.Tests.Infrastructure;
using Atdata.Local;

namespace Atdata.Cli.Tests.Backends;

/// <summary>The index verbs on the embedded default (SQLite + disk under ATDATA_HOME) and on <c>--index sqlite:PATH</c>.</summary>
public sealed class EmbeddedTests : CliTestBase
{
    [Test]
    public async Task Insert_ls_show_verify_on_the_embedded_default()
    {
        var insert = await Cli.RunAsync("insert", TestVectors.PythonFixtureShard, "--name", "fixture");
        Assert.That(insert.ExitCode, Is.EqualTo(0), insert.ToString());
        Assert.That(insert.Stdout, Does.Contain("inserted fixture (1 shards"));
        Assert.That(File.Exists(Path.Combine(Cli.Home, "index.db")), Is.True);

        var ls = await Cli.RunAsync("ls", "--json");
        using var listed = JsonDocument.Parse(ls.Stdout);
        var entry = listed.RootElement.GetProperty("entries")[0];
        string shard = entry.GetProperty("dataUrls")[0].GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(entry.GetProperty("name").GetString(), Is.EqualTo("fixture"));
            Assert.That(shard, Does.StartWith(Path.Combine(Cli.Home, "data", "fixture", "data--")));
            Assert.That(entry.GetProperty("cid").GetString(), Is.EqualTo(Cid.ForEntry(entry.GetProperty("schemaRef").GetString()!, [shard]).ToString()));
        });

        var show = await Cli.RunAsync("show", "fixture");
        Assert.That(show.Stdout, Does.Contain("name       fixture").And.Contain("sha256:"));

        var verify = await Cli.RunAsync("verify", "fixture", "--json");
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        using (var doc = JsonDocument.Parse(verify.Stdout))
        {
            Assert.That(doc.RootElement.GetProperty("shards")[0].GetProperty("status").GetString(), Is.EqualTo("ok"));
        }

        byte[] bytes = await File.ReadAllBytesAsync(shard);
        bytes[^1024] ^= 0xFF; // inside the end-of-archive blocks: only the checksum notices
        await File.WriteAllBytesAsync(shard, bytes);
        var tampered = await Cli.RunAsync("verify", "fixture");
        Assert.That(tampered.ExitCode, Is.EqualTo(1), tampered.ToString());
        Assert.That(tampered.Stdout, Does.Match(@"mismatch\s+" + System.Text.RegularExpressions.Regex.Escape(shard)).And.Contain("FAILED: fixture, 1 shards, 1 failed"));

        File.Delete(shard);
        var missing = await Cli.RunAsync("verify", "fixture");
        Assert.That(missing.ExitCode, Is.EqualTo(1), missing.ToString());
        Assert.That(missing.Stdout, Does.Contain("missing"));
    }

    [Test]
    public async Task Progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise()
    {
        await Samples.WriteImagesAsync(Dir.Path, count: 6, perShard: 2);
        string pattern = Dir.File("images-{000000..000002}.tar");
        var plain = await Cli.RunAsync("insert", pattern, "--name", "plain");
        Cli.StderrIsTerminal = true;
        var bar = await Cli.RunAsync("insert", pattern, "--name", "bar");
        Assert.Multiple(() =>
        {
            Assert.That(plain.ExitCode, Is.EqualTo(0), plain.ToString());
            Assert.That(plain.ErrorLines, Is.EqualTo(new[]
            {
                "insert: 1/3 read images-000000.tar (10.0 KiB)", "insert: 2/3 read images-000001.tar (10.0 KiB)", "insert: 3/3 read images-000002.tar (10.0 KiB)",
            }).Using<string>((a, b) => string.CompareOrdinal(a[..a.IndexOf(" (", StringComparison.Ordinal)], b[..b.IndexOf(" (", StringComparison.Ordinal)])));
            Assert.That(plain.Stderr, Does.Not.Contain("\r"));
            Assert.That(bar.ExitCode, Is.EqualTo(0), bar.ToString());
            Assert.That(bar.Stderr, Does.Contain("\rinsert [").And.Contain("] 3/3"));
        });
    }

    [Test]
    public async Task Schemas_published_in_the_embedded_index_are_listed_shown_and_locked()
    {
        await using (var index = LocalIndex.OpenEmbedded(Cli.Home))
        {
            await index.PublishSchemaAsync<ImageSample>(version: "1.0.0");
        }

        var list = await Cli.RunAsync("schema", "list", "--json");
        var locked = await Cli.RunAsync("schema", "lock", "ImageSample@1.0.0", "--namespace", "Lab", "--output", Dir.File("atdata.schemas.json"));
        Assert.That(list.ExitCode, Is.EqualTo(0), list.ToString());
        using var doc = JsonDocument.Parse(list.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("schemas")[0].GetProperty("ref").GetString(), Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.0"));
            Assert.That(locked.ExitCode, Is.EqualTo(0), locked.ToString());
            Assert.That(File.ReadAllText(Dir.File("atdata.schemas.json")), Does.Contain("\"type\": \"Lab.ImageSample\"").And.Contain(ImageSample.SchemaCid));
        });
    }

    [Test]
    public async Task Gc_and_diagnose_on_the_embedded_default()
    {
        var before = await Cli.RunAsync("diagnose", "--json");
        Assert.That(before.ExitCode, Is.EqualTo(0), before.ToString());
        using (var doc = JsonDocument.Parse(before.Stdout))
        {
            var facts = doc.RootElement.GetProperty("index").GetProperty("facts");
            Assert.That(doc.RootElement.GetProperty("index").GetProperty("kind").GetString(), Is.EqualTo("embedded"));
            Assert.That(facts.GetProperty("indexFile").GetString(), Is.EqualTo(Path.Combine(Cli.Home, "index.db")));
            Assert.That(facts.GetProperty("indexFileExists").GetBoolean(), Is.False, "a fresh home has no index yet, and that is fine");
        }

        Assert.That((await Cli.RunAsync("insert", TestVectors.PythonFixtureShard, "--name", "one")).ExitCode, Is.EqualTo(0));
        var gc = await Cli.RunAsync("gc", "--json");
        var after = await Cli.RunAsync("diagnose");
        Assert.That(gc.ExitCode, Is.EqualTo(0), gc.ToString());
        using (var doc = JsonDocument.Parse(gc.Stdout))
        {
            Assert.That(doc.RootElement.GetProperty("deletedPendingShards").GetArrayLength(), Is.EqualTo(0));
            Assert.That(doc.RootElement.GetProperty("s3").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }

        Assert.That(after.ExitCode, Is.EqualTo(0), after.ToString());
        Assert.That(after.Stdout, Does.Match(@"entries\s+1").And.Match(@"shardFiles\s+1").And.Contain("all checks passed"));
    }

    [Test]
    public async Task A_sqlite_index_keeps_its_shards_beside_the_file()
    {
        string db = Path.Combine(Dir.Path, "indexes", "team.db");
        var insert = await Cli.RunAsync("insert", TestVectors.PythonFixtureShard, "--name", "team", "--index", "sqlite:" + db, "--json");
        Assert.That(insert.ExitCode, Is.EqualTo(0), insert.ToString());
        using var doc = JsonDocument.Parse(insert.Stdout);
        Assert.That(doc.RootElement.GetProperty("entry").GetProperty("dataUrls")[0].GetString(), Does.StartWith(Path.Combine(Dir.Path, "indexes", "data", "team")));
        Assert.That(File.Exists(db), Is.True);

        var embedded = await Cli.RunAsync("ls");
        var other = await Cli.RunAsync("ls", "--index", "sqlite:" + db);
        Assert.That(embedded.Stdout.Trim(), Is.EqualTo("(no datasets)"), "the embedded default is a different index");
        Assert.That(other.Stdout, Does.Contain("team"));
    }
}
